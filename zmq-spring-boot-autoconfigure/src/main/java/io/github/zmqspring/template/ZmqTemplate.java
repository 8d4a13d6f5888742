package io.github.zmqspring.template;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.util.Assert;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequestTimeoutException;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.support.ZmqHeaders;
import io.github.zmqspring.support.ZmqMessageConverter;
import io.github.zmqspring.support.ZmqMessageMapper;
import io.github.zmqspring.support.ZmqMetrics;
import io.github.zmqspring.support.ZmqMetrics.RequestOutcome;
import io.github.zmqspring.support.ZmqSocketRegistry;

/**
 * The default {@link ZmqOperations}: converts payloads with a {@link ZmqMessageConverter}, frames them with a
 * {@link ZmqMessageMapper} and sends them on the named sockets of the {@link ZmqSocketRegistry}. Requests use the named socket's
 * {@link ZmqRequester} and are timed ({@code zmq.requests}, outcome {@code success}, {@code timeout} or
 * {@code error}).
 * <p>
 * Defaults: request timeout 5 s; send timeout {@code null}, meaning each socket's own ({@code zmq.defaults.send-timeout},
 * 5 s unless set). Thread-safe: any number of threads may share one template; the setters are meant for configuration
 * time.
 */
public class ZmqTemplate implements ZmqOperations {

	private final ZmqSocketRegistry sockets;

	private final ZmqMessageConverter converter;

	private final ZmqMessageMapper mapper;

	private final ZmqMetrics metrics;

	private volatile Duration defaultRequestTimeout = Duration.ofSeconds(5);

	private volatile @Nullable Duration defaultSendTimeout;

	/**
	 * Creates a template.
	 * @param sockets the named sockets
	 * @param converter converts payloads to and from bytes
	 * @param mapper maps converted messages to frames
	 * @param metrics records request timings ({@link ZmqMetrics#NONE} for none)
	 */
	public ZmqTemplate(ZmqSocketRegistry sockets, ZmqMessageConverter converter, ZmqMessageMapper mapper, ZmqMetrics metrics) {
		Assert.notNull(sockets, "'sockets' must not be null");
		Assert.notNull(converter, "'converter' must not be null");
		Assert.notNull(mapper, "'mapper' must not be null");
		Assert.notNull(metrics, "'metrics' must not be null");
		this.sockets = sockets;
		this.converter = converter;
		this.mapper = mapper;
		this.metrics = metrics;
	}

	/**
	 * Sets the timeout of requests that give none (default 5 s).
	 * @param timeout a positive duration
	 */
	public void setDefaultRequestTimeout(Duration timeout) {
		Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(),
				() -> "defaultRequestTimeout '" + timeout + "' must be positive");
		this.defaultRequestTimeout = timeout;
	}

	/**
	 * The timeout of requests that give none.
	 * @return the timeout
	 */
	public Duration getDefaultRequestTimeout() {
		return this.defaultRequestTimeout;
	}

	/**
	 * Sets how long sends block at the high water mark when the call gives no timeout; {@code null} (the default)
	 * uses each socket's own send timeout.
	 * @param timeout a non-negative duration or {@code null}
	 */
	public void setDefaultSendTimeout(@Nullable Duration timeout) {
		Assert.isTrue(timeout == null || !timeout.isNegative(), () -> "defaultSendTimeout '" + timeout
				+ "' must not be negative");
		this.defaultSendTimeout = timeout;
	}

	/**
	 * The send timeout used when the call gives none.
	 * @return the timeout, or {@code null} for each socket's own
	 */
	public @Nullable Duration getDefaultSendTimeout() {
		return this.defaultSendTimeout;
	}

	@Override
	public void send(String socket, Object payload) {
		doSend(socket, payload, Map.of(), null);
	}

	@Override
	public void send(String socket, String topic, Object payload) {
		Assert.notNull(topic, "'topic' must not be null");
		doSend(socket, payload, Map.of(ZmqHeaders.TOPIC, topic), null);
	}

	@Override
	public void send(String socket, Message<?> message) {
		Assert.notNull(message, "'message' must not be null");
		doSend(socket, message.getPayload(), message.getHeaders(), null);
	}

	@Override
	public <T> T request(String socket, Object payload, Class<T> replyType) {
		return doRequest(socket, payload, Map.of(), replyType, this.defaultRequestTimeout);
	}

	@Override
	public <T> T request(String socket, Object payload, Class<T> replyType, Duration timeout) {
		return doRequest(socket, payload, Map.of(), replyType, timeout);
	}

	@Override
	public <T> CompletableFuture<T> requestAsync(String socket, Object payload, Class<T> replyType) {
		return doRequestAsync(socket, payload, Map.of(), replyType, this.defaultRequestTimeout);
	}

	@Override
	public <T> CompletableFuture<T> requestAsync(String socket, Object payload, Class<T> replyType, Duration timeout) {
		return doRequestAsync(socket, payload, Map.of(), replyType, timeout);
	}

	@Override
	public MessageBuilder newMessage(String socket, Object payload) {
		return new DefaultMessageBuilder(socket, payload);
	}

	private void doSend(String socketName, Object payload, Map<String, Object> headers, @Nullable Duration timeout) {
		Assert.notNull(socketName, "'socket' must not be null");
		Assert.notNull(payload, "'payload' must not be null");
		ZmqSocket socket = this.sockets.sender(socketName);
		ZmqMessage frames = toFrames(socket.name(), socket.type(), payload, headers);
		Duration sendTimeout = (timeout != null) ? timeout : this.defaultSendTimeout;
		if (sendTimeout != null) {
			socket.send(frames, sendTimeout);
		}
		else {
			socket.send(frames);
		}
	}

	private ZmqMessage toFrames(String socketName, SocketType type, Object payload, Map<String, Object> headers) {
		Object topic = headers.get(ZmqHeaders.TOPIC);
		if (topic == null) {
			topic = headers.get(ZmqHeaders.TOPIC_BYTES);
		}
		if (topic != null && type != SocketType.PUB && type != SocketType.XPUB) {
			throw new IllegalArgumentException("Socket '" + socketName + "' is a " + type + " socket: a topic is sent "
					+ "as frame 0 on PUB and XPUB sockets only; send a ZmqMessage to choose the frames yourself");
		}
		if (payload instanceof ZmqMessage frames) {
			if (topic != null) {
				byte[] topicFrame = (topic instanceof byte[] bytes) ? bytes
						: topic.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
				return frames.prepend(List.of(topicFrame));
			}
			return frames;
		}
		byte[] bytes = plainBytes(payload, headers);
		if (bytes != null && type != SocketType.ROUTER && type != SocketType.STREAM) {
			// What the converters and the mapper would produce, without building two Spring messages per send.
			if (topic == null) {
				return ZmqMessage.of(bytes);
			}
			byte[] topicFrame = (topic instanceof byte[] raw) ? raw
					: topic.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
			return ZmqMessage.of(topicFrame, bytes);
		}
		return this.mapper.fromMessage(this.converter.toBytes(payload, headers, socketName), type);
	}

	/**
	 * The bytes of a {@code byte[]} or {@code String} payload sent without a content type, or {@code null} when the
	 * message converters must decide.
	 */
	private static byte @Nullable [] plainBytes(Object payload, Map<String, Object> headers) {
		if (headers.containsKey(org.springframework.messaging.MessageHeaders.CONTENT_TYPE)) {
			return null;
		}
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		if (payload instanceof String text) {
			return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		}
		return null;
	}

	private ZmqMessage requestBody(String socketName, Object payload, Map<String, Object> headers) {
		Assert.notNull(payload, "'payload' must not be null");
		if (payload instanceof ZmqMessage frames) {
			return frames;
		}
		return ZmqMessage.of(this.converter.toBytes(payload, headers, socketName).getPayload());
	}

	private <T> T doRequest(String socketName, Object payload, Map<String, Object> headers, Class<T> replyType,
			Duration timeout) {
		Assert.notNull(replyType, "'replyType' must not be null");
		Assert.notNull(timeout, "'timeout' must not be null");
		ZmqRequester requester = this.sockets.requester(socketName);
		ZmqMessage body = requestBody(socketName, payload, headers);
		long start = System.nanoTime();
		RequestOutcome outcome = RequestOutcome.ERROR;
		try {
			T reply = convertReply(socketName, requester.request(body, timeout), replyType);
			outcome = RequestOutcome.SUCCESS;
			return reply;
		}
		catch (ZmqRequestTimeoutException ex) {
			outcome = RequestOutcome.TIMEOUT;
			throw ex;
		}
		finally {
			this.metrics.requestCompleted(socketName, requester.type(), Duration.ofNanos(System.nanoTime() - start),
					outcome);
		}
	}

	private <T> CompletableFuture<T> doRequestAsync(String socketName, Object payload, Map<String, Object> headers,
			Class<T> replyType, Duration timeout) {
		Assert.notNull(replyType, "'replyType' must not be null");
		Assert.notNull(timeout, "'timeout' must not be null");
		ZmqRequester requester = this.sockets.requester(socketName);
		ZmqMessage body = requestBody(socketName, payload, headers);
		long start = System.nanoTime();
		CompletableFuture<T> result = new CompletableFuture<>();
		requester.requestAsync(body, timeout).whenComplete((reply, failure) -> {
			RequestOutcome outcome = RequestOutcome.ERROR;
			try {
				if (failure != null) {
					Throwable cause = unwrap(failure);
					if (cause instanceof ZmqRequestTimeoutException) {
						outcome = RequestOutcome.TIMEOUT;
					}
					result.completeExceptionally(cause);
				}
				else {
					result.complete(convertReply(socketName, reply, replyType));
					outcome = RequestOutcome.SUCCESS;
				}
			}
			catch (RuntimeException ex) {
				result.completeExceptionally(ex);
			}
			finally {
				this.metrics.requestCompleted(socketName, requester.type(),
						Duration.ofNanos(System.nanoTime() - start), outcome);
			}
		});
		return result;
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private <T> T convertReply(String socketName, ZmqMessage reply, Class<T> replyType) {
		if (replyType == ZmqMessage.class || replyType == Object.class) {
			return replyType.cast(reply);
		}
		return this.converter.fromBytes(reply.last(), replyType, socketName);
	}

	private final class DefaultMessageBuilder implements MessageBuilder {

		private final String socket;

		private final Object payload;

		private final Map<String, Object> headers = new HashMap<>();

		private @Nullable Duration sendTimeout;

		private @Nullable Duration replyTimeout;

		DefaultMessageBuilder(String socket, Object payload) {
			Assert.notNull(socket, "'socket' must not be null");
			Assert.notNull(payload, "'payload' must not be null");
			this.socket = socket;
			this.payload = payload;
		}

		@Override
		public MessageBuilder withTopic(String topic) {
			this.headers.put(ZmqHeaders.TOPIC, Objects.requireNonNull(topic, "'topic' must not be null"));
			return this;
		}

		@Override
		public MessageBuilder withRoutingId(byte[] routingId) {
			this.headers.put(ZmqHeaders.ROUTING_ID, Objects.requireNonNull(routingId, "'routingId' must not be null"));
			return this;
		}

		@Override
		public MessageBuilder withHeader(String name, Object value) {
			this.headers.put(Objects.requireNonNull(name, "'name' must not be null"), value);
			return this;
		}

		@Override
		public MessageBuilder withSendTimeout(Duration timeout) {
			Assert.isTrue(timeout != null && !timeout.isNegative(), "'timeout' must not be negative");
			this.sendTimeout = timeout;
			return this;
		}

		@Override
		public MessageBuilder withReplyTimeout(Duration timeout) {
			Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "'timeout' must be positive");
			this.replyTimeout = timeout;
			return this;
		}

		@Override
		public void send() {
			doSend(this.socket, this.payload, this.headers, this.sendTimeout);
		}

		@Override
		public <T> T request(Class<T> replyType) {
			return doRequest(this.socket, this.payload, this.headers, replyType, replyTimeout());
		}

		@Override
		public <T> CompletableFuture<T> requestAsync(Class<T> replyType) {
			return doRequestAsync(this.socket, this.payload, this.headers, replyType, replyTimeout());
		}

		private Duration replyTimeout() {
			return (this.replyTimeout != null) ? this.replyTimeout : ZmqTemplate.this.defaultRequestTimeout;
		}

	}

}
