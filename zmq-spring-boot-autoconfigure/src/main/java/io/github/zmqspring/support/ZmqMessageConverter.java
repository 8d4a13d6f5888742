package io.github.zmqspring.support;

import java.util.Collection;
import java.util.Map;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The message converter of the template, the listeners and the integration adapters: a
 * {@link CompositeMessageConverter} over {@code byte[]} payloads, tried in order. The auto-configured one holds
 * {@link ByteArrayMessageConverter} ({@code byte[]} as is), {@link StringMessageConverter} (UTF-8) and, when Jackson 3
 * is present, Spring's {@code JacksonJsonMessageConverter} built from Boot's {@code JsonMapper} (anything else as
 * JSON). A payload thus travels as itself, byte-compatible with pyzmq's {@code send}/{@code send_string}/{@code
 * send_json}.
 * <p>
 * {@link #toBytes} and {@link #fromBytes} fail with a {@link MessageConversionException} naming the socket and the
 * type instead of returning {@code null}. Thread-safe once constructed.
 */
public class ZmqMessageConverter extends CompositeMessageConverter {

	/**
	 * Creates a converter that tries the given converters in order.
	 * @param converters the converters
	 */
	public ZmqMessageConverter(Collection<MessageConverter> converters) {
		super(converters);
	}

	/**
	 * Creates a converter for {@code byte[]} and {@code String} payloads only.
	 * @return the converter
	 */
	public static ZmqMessageConverter withoutJson() {
		return new ZmqMessageConverter(java.util.List.of(new ByteArrayMessageConverter(), new StringMessageConverter()));
	}

	/**
	 * Converts a payload to a message with a {@code byte[]} payload and the given headers.
	 * @param payload the payload ({@code byte[]}, {@code String}, or an object a converter serializes)
	 * @param headers the headers to keep (may be empty)
	 * @param socketName the socket the message goes to, named in the error
	 * @return the message
	 * @throws MessageConversionException when no converter handles the payload
	 */
	public Message<byte[]> toBytes(Object payload, Map<String, Object> headers, String socketName) {
		Message<?> converted = toMessage(payload, new MessageHeaders(headers));
		if (converted == null || !(converted.getPayload() instanceof byte[])) {
			throw new MessageConversionException("socket '" + socketName + "': no message converter turns a "
					+ payload.getClass().getName() + " into bytes; send byte[], String or a ZmqMessage, or add "
					+ "Jackson (tools.jackson.core:jackson-databind) for JSON");
		}
		@SuppressWarnings("unchecked")
		Message<byte[]> bytes = (Message<byte[]>) converted;
		return bytes;
	}

	/**
	 * Converts a {@code byte[]} payload to the target type.
	 * @param <T> the target type
	 * @param message the message
	 * @param targetType the target type
	 * @param socketName the socket the message came from, named in the error
	 * @return the converted payload, never {@code null}
	 * @throws MessageConversionException when no converter produces the type
	 */
	public <T> T fromBytes(Message<byte[]> message, Class<T> targetType, String socketName) {
		Object converted;
		try {
			converted = fromMessage(message, targetType);
		}
		catch (MessageConversionException ex) {
			throw new MessageConversionException(message, "socket '" + socketName + "': cannot convert "
					+ message.getPayload().length + " bytes to " + targetType.getName() + ": " + ex.getMessage(), ex);
		}
		if (converted == null || !targetType.isInstance(converted)) {
			throw new MessageConversionException(message, "socket '" + socketName + "': no message converter turns "
					+ "the payload into " + targetType.getName() + "; ask for byte[] or String, or add Jackson "
					+ "(tools.jackson.core:jackson-databind) for JSON");
		}
		return targetType.cast(converted);
	}

	/**
	 * Converts raw bytes to the target type (a message without headers).
	 * @param <T> the target type
	 * @param payload the bytes
	 * @param targetType the target type
	 * @param socketName the socket, named in the error
	 * @return the converted payload
	 */
	public <T> T fromBytes(byte[] payload, Class<T> targetType, String socketName) {
		return fromBytes(MessageBuilder.withPayload(payload).build(), targetType, socketName);
	}

}
