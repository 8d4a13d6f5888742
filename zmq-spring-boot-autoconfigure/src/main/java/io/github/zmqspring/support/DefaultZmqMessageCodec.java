package io.github.zmqspring.support;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.util.Assert;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequest;

/**
 * The default {@link ZmqMessageCodec}: frames go through a {@link ZmqMessageMapper}, payloads through a Spring
 * {@link MessageConverter}.
 * <p>
 * Outbound, a {@link ZmqMessage} payload goes to {@link ZmqMessageMapper#fromFrames}; any other payload is converted
 * to {@code byte[]} and framed by {@link ZmqMessageMapper#fromMessage}: one Spring message per send. When the
 * converter is a {@link ZmqMessageConverter} that starts with the plain {@code byte[]} and UTF-8 {@code String}
 * converters, {@code byte[]} and {@code String} payloads without a {@code contentType} header skip the converter
 * (the bytes are the same) but never the mapper. Headers handed to the converter are those of a mutable
 * {@link MessageHeaderAccessor} left mutable (so without id), so Spring's converters add their content type to them instead of copying
 * them into a new message. A {@code byte[]} or {@code String} payload that the converter does not handle travels as
 * itself.
 * <p>
 * Inbound, the mapper builds the message once, with {@link ZmqMessageHeaders}; {@link #fromMessage} converts its
 * payload without copying the headers.
 * <p>
 * On the sockets its {@link ZmqHeaderFramePolicy} enables (none by default), the codec also writes and reads the
 * {@linkplain ZmqHeaderFrame header frame}: outbound, the message's headers that have a text form go into one frame
 * right before the payload frame (so after a PUB topic and after a ROUTER envelope; a {@link ZmqMessage} payload is
 * sent untouched, without one; STREAM sockets never carry one); inbound, that frame is taken out and its entries
 * become message headers. A message without the frame has no such headers (peers that do not write it keep
 * working); a malformed one is reported through {@link ZmqHeaders#HEADER_FRAME_ERROR}. Thread-safe when the mapper
 * and the converter are.
 */
public class DefaultZmqMessageCodec implements ZmqMessageCodec {

	private final ZmqMessageMapper mapper;

	private final MessageConverter converter;

	private final boolean plainFastPath;

	private final ZmqHeaderFramePolicy headerFrames;

	/**
	 * Creates a codec with the {@link DefaultZmqMessageMapper} and {@link ZmqMessageConverter#withDefaults()}.
	 */
	public DefaultZmqMessageCodec() {
		this(new DefaultZmqMessageMapper(), ZmqMessageConverter.withDefaults());
	}

	/**
	 * Creates a codec.
	 * @param mapper maps frames to and from messages with a {@code byte[]} payload
	 * @param converter converts payloads to and from {@code byte[]}
	 */
	public DefaultZmqMessageCodec(ZmqMessageMapper mapper, MessageConverter converter) {
		this(mapper, converter, ZmqHeaderFramePolicy.NONE);
	}

	/**
	 * Creates a codec that writes and reads header frames on the sockets the policy enables.
	 * @param mapper maps frames to and from messages with a {@code byte[]} payload
	 * @param converter converts payloads to and from {@code byte[]}
	 * @param headerFrames the sockets whose messages carry the header frame
	 */
	public DefaultZmqMessageCodec(ZmqMessageMapper mapper, MessageConverter converter,
			ZmqHeaderFramePolicy headerFrames) {
		Assert.notNull(mapper, "'mapper' must not be null");
		Assert.notNull(converter, "'converter' must not be null");
		Assert.notNull(headerFrames, "'headerFrames' must not be null");
		this.mapper = mapper;
		this.converter = converter;
		this.plainFastPath = converter instanceof ZmqMessageConverter zmq && zmq.convertsPlainPayloadsAsThemselves();
		this.headerFrames = headerFrames;
	}

	/**
	 * A codec with this one's converter and another mapper.
	 * @param mapper the mapper
	 * @return a new codec
	 */
	public DefaultZmqMessageCodec withMessageMapper(ZmqMessageMapper mapper) {
		return new DefaultZmqMessageCodec(mapper, this.converter, this.headerFrames);
	}

	/**
	 * A codec with this one's mapper and another converter.
	 * @param converter the converter
	 * @return a new codec
	 */
	public DefaultZmqMessageCodec withMessageConverter(MessageConverter converter) {
		return new DefaultZmqMessageCodec(this.mapper, converter, this.headerFrames);
	}

	/**
	 * A codec with this one's mapper and converter and another header-frame policy.
	 * @param headerFrames the sockets whose messages carry the header frame
	 * @return a new codec
	 */
	public DefaultZmqMessageCodec withHeaderFramePolicy(ZmqHeaderFramePolicy headerFrames) {
		return new DefaultZmqMessageCodec(this.mapper, this.converter, headerFrames);
	}

	/**
	 * The sockets whose messages carry the header frame.
	 * @return the policy ({@link ZmqHeaderFramePolicy#NONE} unless set)
	 */
	public ZmqHeaderFramePolicy getHeaderFramePolicy() {
		return this.headerFrames;
	}

	/**
	 * Fails with the header-frame error the codec recorded on a received message
	 * ({@link ZmqHeaders#HEADER_FRAME_ERROR}), if any.
	 * @param message a received message
	 * @throws ZmqHeaderFrameException when the message's header frame was malformed
	 */
	public static void failIfMalformed(Message<?> message) {
		HeaderFrames.failIfMalformed(message);
	}

	/**
	 * The frame mapper.
	 * @return the mapper
	 */
	public ZmqMessageMapper getMessageMapper() {
		return this.mapper;
	}

	@Override
	public MessageConverter getMessageConverter() {
		return this.converter;
	}

	@Override
	public Message<byte[]> toMessage(ZmqMessage frames, String socketName, SocketType socketType,
			List<byte[]> subscriptions) {
		if (this.headerFrames != ZmqHeaderFramePolicy.NONE) {
			ZmqHeaderFrameSettings settings = this.headerFrames.settings(socketName);
			int index = settings.enabled() ? HeaderFrames.indexIn(frames, socketType) : -1;
			if (index >= 0) {
				Message<byte[]> mapped = this.mapper.toMessage(HeaderFrames.without(frames, index), socketName,
						socketType, subscriptions);
				return HeaderFrames.withReceived(mapped, frames.frame(index), settings, socketName);
			}
		}
		return this.mapper.toMessage(frames, socketName, socketType, subscriptions);
	}

	@Override
	public Message<byte[]> toMessage(ZmqRequest request, SocketType socketType) {
		if (this.headerFrames != ZmqHeaderFramePolicy.NONE) {
			ZmqHeaderFrameSettings settings = this.headerFrames.settings(request.socketName());
			ZmqMessage body = request.body();
			if (settings.enabled() && body.size() > 1 && ZmqHeaderFrame.hasMagic(body.first())) {
				ZmqRequest withoutHeader = new ZmqRequest(request.socketName(), request.envelope(),
						HeaderFrames.without(body, 0));
				return HeaderFrames.withReceived(this.mapper.toMessage(withoutHeader, socketType), body.first(),
						settings, request.socketName());
			}
		}
		return this.mapper.toMessage(request, socketType);
	}

	@Override
	public <T> T fromMessage(Message<?> message, Class<T> targetType) {
		Assert.notNull(message, "'message' must not be null");
		Assert.notNull(targetType, "'targetType' must not be null");
		if (this.headerFrames != ZmqHeaderFramePolicy.NONE) {
			HeaderFrames.failIfMalformed(message);
		}
		Object payload = message.getPayload();
		if (targetType == ZmqMessage.class) {
			Object frames = message.getHeaders().get(ZmqHeaders.FRAMES);
			if (frames instanceof ZmqMessage all) {
				return targetType.cast(all);
			}
			if (payload instanceof byte[] bytes) {
				return targetType.cast(ZmqMessage.of(bytes));
			}
		}
		if (targetType.isInstance(payload)) {
			return targetType.cast(payload);
		}
		if (this.plainFastPath && targetType == String.class && payload instanceof byte[] bytes
				&& !message.getHeaders().containsKey(MessageHeaders.CONTENT_TYPE)) {
			return targetType.cast(new String(bytes, StandardCharsets.UTF_8));
		}
		String socket = String.valueOf(message.getHeaders().get(ZmqHeaders.SOCKET));
		Object converted;
		try {
			converted = this.converter.fromMessage(message, targetType);
		}
		catch (RuntimeException ex) {
			throw new MessageConversionException(message, "socket '" + socket + "': cannot convert " + describe(payload)
					+ " to " + targetType.getName() + ": " + ex.getMessage(), ex);
		}
		if (converted == null || !targetType.isInstance(converted)) {
			throw new MessageConversionException(message, "socket '" + socket + "': no message converter turns "
					+ describe(payload) + " into " + targetType.getName() + "; ask for byte[], String or ZmqMessage, or "
					+ "add Jackson (tools.jackson.core:jackson-databind) for JSON or a MessageConverter bean that "
					+ "reads this type");
		}
		return targetType.cast(converted);
	}

	@Override
	public ZmqMessage toFrames(Object payload, @Nullable Map<String, ?> headers, String socketName,
			SocketType socketType) {
		Assert.notNull(payload, "'payload' must not be null");
		if (payload instanceof Message<?> message) {
			return toFrames(message.getPayload(), merge(message.getHeaders(), headers), socketName, socketType);
		}
		if (payload instanceof ZmqMessage frames) {
			return this.mapper.fromFrames(frames, readOnly(headers), socketType);
		}
		Message<byte[]> bytes = null;
		if (this.plainFastPath && (headers == null || !headers.containsKey(MessageHeaders.CONTENT_TYPE))) {
			bytes = plain(payload, headers);
		}
		if (bytes == null) {
			bytes = convert(payload, headers, socketName);
		}
		ZmqMessage frames = this.mapper.fromMessage(bytes, socketType);
		if (this.headerFrames != ZmqHeaderFramePolicy.NONE && socketType != SocketType.STREAM) {
			ZmqHeaderFrameSettings settings = this.headerFrames.settings(socketName);
			if (settings.enabled()) {
				return HeaderFrames.beforePayload(frames,
						ZmqHeaderFrame.encode(bytes.getHeaders(), settings, socketName));
			}
		}
		return frames;
	}

	private Message<byte[]> convert(Object payload, @Nullable Map<String, ?> headers, String socketName) {
		// left mutable, the accessor's headers never get an id, and Spring's converters add their content type to
		// them instead of copying them into another message
		MessageHeaderAccessor accessor = new MessageHeaderAccessor();
		if (headers != null) {
			accessor.copyHeaders(headers);
		}
		accessor.setLeaveMutable(true);
		Message<?> converted;
		try {
			converted = this.converter.toMessage(payload, accessor.getMessageHeaders());
		}
		catch (MessageConversionException ex) {
			throw new MessageConversionException("socket '" + socketName + "': cannot convert a "
					+ payload.getClass().getName() + " into bytes: " + ex.getMessage(), ex);
		}
		if (converted != null && converted.getPayload() instanceof byte[]) {
			@SuppressWarnings("unchecked")
			Message<byte[]> bytes = (Message<byte[]>) converted;
			return bytes;
		}
		if (converted != null && converted.getPayload() instanceof String text) {
			return MessageBuilder.createMessage(text.getBytes(StandardCharsets.UTF_8), converted.getHeaders());
		}
		Message<byte[]> plain = plain(payload, headers);
		if (plain != null) {
			return plain;
		}
		throw new MessageConversionException("socket '" + socketName + "': no message converter turns a "
				+ payload.getClass().getName() + " into bytes; send byte[], String or a ZmqMessage, or add Jackson "
				+ "(tools.jackson.core:jackson-databind) for JSON or a MessageConverter bean that writes this type");
	}

	private static @Nullable Message<byte[]> plain(Object payload, @Nullable Map<String, ?> headers) {
		if (payload instanceof byte[] bytes) {
			return MessageBuilder.createMessage(bytes, readOnly(headers));
		}
		if (payload instanceof String text) {
			return MessageBuilder.createMessage(text.getBytes(StandardCharsets.UTF_8), readOnly(headers));
		}
		return null;
	}

	private static MessageHeaders readOnly(@Nullable Map<String, ?> headers) {
		if (headers instanceof MessageHeaders messageHeaders) {
			return messageHeaders;
		}
		return (headers == null || headers.isEmpty()) ? ZmqMessageHeaders.EMPTY : new ZmqMessageHeaders(headers);
	}

	private static Map<String, ?> merge(MessageHeaders first, @Nullable Map<String, ?> more) {
		if (more == null || more.isEmpty()) {
			return first;
		}
		Map<String, Object> merged = new HashMap<>(first);
		merged.putAll(more);
		return merged;
	}

	private static String describe(Object payload) {
		return (payload instanceof byte[] bytes) ? "the payload (" + bytes.length + " bytes)"
				: "a " + payload.getClass().getName() + " payload";
	}

	@Override
	public String toString() {
		return "DefaultZmqMessageCodec[" + this.mapper + ", " + this.converter
				+ ((this.headerFrames != ZmqHeaderFramePolicy.NONE) ? ", header frames" : "") + "]";
	}

}
