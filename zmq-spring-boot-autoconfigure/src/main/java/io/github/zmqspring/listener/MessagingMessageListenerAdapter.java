package io.github.zmqspring.listener;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.Assert;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.support.ZmqMessageMapper;
import io.github.zmqspring.support.ZmqSocketRegistry;

/**
 * A {@link ZmqMessageListener} that invokes a listener method through Spring's messaging
 * {@link InvocableHandlerMethod}, so that its arguments resolve like those of Spring's other listeners
 * ({@code @Payload}, {@code @Header}, {@code Message<?>}, the raw {@link ZmqMessage}).
 * <p>
 * The method's return value, converted to frames, is the reply on REP/ROUTER/PAIR/DEALER listeners, or is sent to the
 * {@linkplain #setSendTo forward socket} when one is set (and the listener then replies nothing). Conversion of the
 * return value: {@code null} is no result (on REP/ROUTER: one empty frame), a {@link ZmqMessage} is sent as is, a
 * {@code byte[]} as is, a {@code String} as UTF-8, a {@code Message<?>} as its converted payload with its headers
 * applied by the {@link ZmqMessageMapper} (a topic for a PUB forward socket, for example), anything else through the
 * {@link MessageConverter} (JSON for POJOs). Thread-safe when the listener method is.
 */
public class MessagingMessageListenerAdapter implements ZmqMessageListener {

	private final InvocableHandlerMethod handlerMethod;

	private final MessageConverter messageConverter;

	private final ZmqMessageMapper messageMapper;

	private @Nullable String sendTo;

	private @Nullable ZmqSocketRegistry sockets;

	private volatile @Nullable ZmqSocket forwardSocket;

	/**
	 * Creates an adapter.
	 * @param handlerMethod the listener method, with its argument resolvers
	 * @param messageConverter converts return values to {@code byte[]}
	 * @param messageMapper maps returned messages to frames for the forward socket
	 */
	public MessagingMessageListenerAdapter(InvocableHandlerMethod handlerMethod, MessageConverter messageConverter,
			ZmqMessageMapper messageMapper) {
		Assert.notNull(handlerMethod, "'handlerMethod' must not be null");
		Assert.notNull(messageConverter, "'messageConverter' must not be null");
		Assert.notNull(messageMapper, "'messageMapper' must not be null");
		this.handlerMethod = handlerMethod;
		this.messageConverter = messageConverter;
		this.messageMapper = messageMapper;
	}

	/**
	 * Forwards every non-null result to a named socket instead of replying with it.
	 * @param sendTo the socket name
	 * @param sockets the named sockets, which open it on first use and own it
	 */
	public void setSendTo(String sendTo, ZmqSocketRegistry sockets) {
		Assert.hasText(sendTo, "'sendTo' must not be empty");
		Assert.notNull(sockets, "'sockets' must not be null");
		this.sendTo = sendTo;
		this.sockets = sockets;
	}

	/**
	 * The forward socket name.
	 * @return the name, or {@code null} when results are replies
	 */
	public @Nullable String getSendTo() {
		return this.sendTo;
	}

	@Override
	public void start() {
		if (this.sendTo != null && this.sockets != null) {
			this.forwardSocket = this.sockets.sender(this.sendTo);
		}
	}

	@Override
	public @Nullable ZmqMessage onMessage(Message<byte[]> message) throws Exception {
		Object result = this.handlerMethod.invoke(message);
		return handleResult(result, message);
	}

	@Override
	public @Nullable ZmqMessage handleResult(@Nullable Object result, Message<byte[]> message) throws Exception {
		if (result == null) {
			return null;
		}
		ZmqSocket forward = forwardSocket();
		ZmqMessage frames;
		try {
			frames = toFrames(result, (forward != null) ? forward.type() : SocketType.PAIR);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("listener method " + this.handlerMethod.getShortLogMessage()
					+ " returned a " + result.getClass().getName() + " that could not be converted to frames: " + ex,
					ex);
		}
		if (forward == null) {
			return frames;
		}
		forward.send(frames);
		return null;
	}

	private @Nullable ZmqSocket forwardSocket() {
		ZmqSocket forward = this.forwardSocket;
		if (forward == null && this.sendTo != null && this.sockets != null) {
			forward = this.sockets.sender(this.sendTo);
			this.forwardSocket = forward;
		}
		return forward;
	}

	private ZmqMessage toFrames(Object result, SocketType socketType) {
		if (result instanceof ZmqMessage frames) {
			return frames;
		}
		if (result instanceof Message<?> message) {
			Message<byte[]> bytes = MessageBuilder.createMessage(toBytes(message.getPayload(), message.getHeaders()),
					message.getHeaders());
			return this.messageMapper.fromMessage(bytes, socketType);
		}
		return ZmqMessage.of(toBytes(result, null));
	}

	private byte[] toBytes(Object payload, @Nullable MessageHeaders headers) {
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		if (payload instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		Message<?> converted = this.messageConverter.toMessage(payload, headers);
		if (converted == null) {
			throw new IllegalStateException("no message converter can write a " + payload.getClass().getName());
		}
		Object out = converted.getPayload();
		if (out instanceof byte[] bytes) {
			return bytes;
		}
		if (out instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		throw new IllegalStateException("the message converter turned a " + payload.getClass().getName() + " into a "
				+ out.getClass().getName() + " instead of byte[]");
	}

	@Override
	public String toString() {
		return "MessagingMessageListenerAdapter[" + this.handlerMethod.getShortLogMessage() + "]";
	}

}
