package io.github.zmqspring.integration;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.ClassUtils;

import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.support.ZmqHeaders;

/**
 * Payload conversion shared by the adapters and gateways: a payload travels as itself ({@code byte[]} as is,
 * {@code String} as UTF-8, a {@link ZmqMessage} as its frames), anything else goes through a Spring
 * {@link MessageConverter} (JSON with Jackson 3 when it is on the class path).
 */
public final class ZmqPayloads {

	private ZmqPayloads() {
	}

	/**
	 * The converter the adapters use when none is set: {@code byte[]}, {@code String} (UTF-8) and, when Jackson 3
	 * ({@code tools.jackson.databind}) is on the class path, JSON.
	 * @return a new composite converter
	 */
	public static MessageConverter defaultConverter() {
		List<MessageConverter> converters = new ArrayList<>();
		converters.add(new ByteArrayMessageConverter());
		converters.add(new StringMessageConverter(StandardCharsets.UTF_8));
		if (ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper", ZmqPayloads.class.getClassLoader())) {
			converters.add(new JacksonJsonMessageConverter());
		}
		return new CompositeMessageConverter(converters);
	}

	/**
	 * Converts an outgoing payload to the bytes of one frame.
	 * @param message the message
	 * @param converter the converter for payloads other than {@code byte[]} and {@code String}
	 * @param socketName the socket name, for error messages
	 * @return the body bytes
	 */
	static byte[] toBytes(Message<?> message, MessageConverter converter, String socketName) {
		Object payload = message.getPayload();
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		if (payload instanceof String string) {
			return string.getBytes(StandardCharsets.UTF_8);
		}
		Message<?> converted = converter.toMessage(payload, message.getHeaders());
		if (converted != null && converted.getPayload() instanceof byte[] bytes) {
			return bytes;
		}
		if (converted != null && converted.getPayload() instanceof String string) {
			return string.getBytes(StandardCharsets.UTF_8);
		}
		throw new MessageConversionException(message, "socket '" + socketName + "': no converter turns a "
				+ payload.getClass().getName() + " payload into bytes; send byte[], String or a ZmqMessage, or set a "
				+ "MessageConverter that handles this type");
	}

	/**
	 * Converts a received {@code byte[]} message to the wanted payload type.
	 * @param raw the received message
	 * @param payloadType the target type; {@code null} or {@code byte[]} keep the bytes
	 * @param converter the converter
	 * @param socketName the socket name, for error messages
	 * @return the message with the converted payload and the same headers
	 * @throws MessageConversionException when the converter cannot produce the type
	 */
	static Message<?> fromBytes(Message<byte[]> raw, @Nullable Class<?> payloadType, MessageConverter converter,
			String socketName) {
		if (payloadType == null || payloadType == byte[].class || payloadType == Object.class) {
			return raw;
		}
		if (payloadType == ZmqMessage.class) {
			Object frames = raw.getHeaders().get(ZmqHeaders.FRAMES);
			return MessageBuilder.withPayload((frames != null) ? frames : ZmqMessage.of(raw.getPayload()))
				.copyHeaders(raw.getHeaders())
				.build();
		}
		Object converted;
		try {
			converted = converter.fromMessage(raw, payloadType);
		}
		catch (RuntimeException ex) {
			throw new MessageConversionException(raw, "socket '" + socketName + "': cannot convert the payload ("
					+ raw.getPayload().length + " bytes) to " + payloadType.getName() + ": " + ex.getMessage(), ex);
		}
		if (converted == null) {
			throw new MessageConversionException(raw, "socket '" + socketName + "': no converter turns the payload ("
					+ raw.getPayload().length + " bytes) into " + payloadType.getName());
		}
		return MessageBuilder.withPayload(converted).copyHeaders(raw.getHeaders()).build();
	}

}
