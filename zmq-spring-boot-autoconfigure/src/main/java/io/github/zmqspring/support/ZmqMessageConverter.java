package io.github.zmqspring.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.ClassUtils;

/**
 * The message converter of the template, the listeners and the integration adapters (through the
 * {@link ZmqMessageCodec}): a {@link CompositeMessageConverter} over {@code byte[]} payloads, tried in order. The
 * auto-configured one holds {@link ByteArrayMessageConverter} ({@code byte[]} as is), {@link StringMessageConverter}
 * (UTF-8), then the application's own {@code MessageConverter} beans, then, when Jackson 3 is present, Spring's
 * {@code JacksonJsonMessageConverter} built from Boot's {@code JsonMapper} (anything else as JSON). A payload thus
 * travels as itself, byte-compatible with pyzmq's {@code send}/{@code send_string}/{@code send_json}.
 * <p>
 * When the first two converters are exactly {@code ByteArrayMessageConverter} and a UTF-8
 * {@code StringMessageConverter}, {@link DefaultZmqMessageCodec} converts {@code byte[]} and {@code String} payloads
 * without a content type itself (the same bytes, without building a Spring message for it). Thread-safe once
 * constructed.
 */
public class ZmqMessageConverter extends CompositeMessageConverter {

	private final boolean plainFirst;

	/**
	 * Creates a converter that tries the given converters in order.
	 * @param converters the converters
	 */
	public ZmqMessageConverter(Collection<MessageConverter> converters) {
		super(converters);
		List<MessageConverter> all = getConverters();
		this.plainFirst = all.size() >= 2 && all.get(0).getClass() == ByteArrayMessageConverter.class
				&& all.get(1).getClass() == StringMessageConverter.class && writesUtf8(all.get(1));
	}

	private static boolean writesUtf8(MessageConverter converter) {
		Message<?> probe = converter.toMessage("\u00e9", null);
		return probe != null && probe.getPayload() instanceof byte[] bytes
				&& Arrays.equals(bytes, "\u00e9".getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Creates a converter for {@code byte[]} and {@code String} payloads only.
	 * @return the converter
	 */
	public static ZmqMessageConverter withoutJson() {
		return new ZmqMessageConverter(List.of(new ByteArrayMessageConverter(), new StringMessageConverter()));
	}

	/**
	 * Creates the converter used where no application context supplies one: {@code byte[]}, {@code String} (UTF-8)
	 * and, when Jackson 3 ({@code tools.jackson.databind}) is on the class path, JSON with a default
	 * {@code JsonMapper} (the auto-configured converter uses Boot's instead).
	 * @return the converter
	 */
	public static ZmqMessageConverter withDefaults() {
		List<MessageConverter> converters = new ArrayList<>(3);
		converters.add(new ByteArrayMessageConverter());
		converters.add(new StringMessageConverter());
		if (ClassUtils.isPresent("tools.jackson.databind.json.JsonMapper", ZmqMessageConverter.class.getClassLoader())) {
			converters.add(new JacksonJsonMessageConverter());
		}
		return new ZmqMessageConverter(converters);
	}

	/**
	 * Whether {@code byte[]} and {@code String} payloads without a content type convert to exactly their own bytes
	 * (UTF-8): true when the first two converters are {@link ByteArrayMessageConverter} and a UTF-8
	 * {@link StringMessageConverter}.
	 */
	boolean convertsPlainPayloadsAsThemselves() {
		return this.plainFirst;
	}

	/**
	 * Converts a payload to a message with a {@code byte[]} payload and the given headers.
	 * @param payload the payload ({@code byte[]}, {@code String}, or an object a converter serializes)
	 * @param headers the headers to keep (may be empty)
	 * @param socketName the socket the message goes to, named in the error
	 * @return the message
	 * @throws MessageConversionException when no converter handles the payload
	 * @deprecated since 0.1.0: the {@link ZmqMessageCodec} converts payloads and frames them in one step
	 */
	@Deprecated(since = "0.1.0")
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
	 * @deprecated since 0.1.0: use {@link ZmqMessageCodec#fromMessage(Message, Class)}
	 */
	@Deprecated(since = "0.1.0")
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
	 * @deprecated since 0.1.0: use {@link ZmqMessageCodec#fromMessage(Message, Class)}
	 */
	@Deprecated(since = "0.1.0")
	public <T> T fromBytes(byte[] payload, Class<T> targetType, String socketName) {
		return fromBytes(MessageBuilder.withPayload(payload).build(), targetType, socketName);
	}

}
