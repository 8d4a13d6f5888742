package io.github.zmqspring.template;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.util.Assert;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequestTimeoutException;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.support.DefaultZmqMessageCodec;
import io.github.zmqspring.support.ZmqHeaders;
import io.github.zmqspring.support.ZmqMessageCodec;
import io.github.zmqspring.support.ZmqMessageConverter;
import io.github.zmqspring.support.ZmqMessageMapper;
import io.github.zmqspring.support.ZmqMetrics;
import io.github.zmqspring.support.ZmqMetrics.RequestOutcome;
import io.github.zmqspring.support.ZmqSocketRegistry;
import io.github.zmqspring.support.micrometer.DefaultZmqTemplateObservationConvention;
import io.github.zmqspring.support.micrometer.ZmqMessageSenderContext;
import io.github.zmqspring.support.micrometer.ZmqTemplateObservation;
import io.github.zmqspring.support.micrometer.ZmqTemplateObservationConvention;

/**
 * The default {@link ZmqOperations}: converts payloads to frames, and replies back, with the
 * {@link ZmqMessageCodec} (the same one the listeners and adapters use) and sends them on the named sockets of the
 * {@link ZmqSocketRegistry} (the same sockets {@code @SendTo} forwards to; the registry opens and closes them).
 * Requests use the named socket's {@link ZmqRequester} and are timed ({@code zmq.requests}, outcome {@code success},
 * {@code timeout} or {@code error}).
 * <p>
 * With {@linkplain #setObservationEnabled observation} on and an {@link ObservationRegistry} set, each send and each
 * request (from the send to the reply, also asynchronous ones) is a {@code zmq.template} observation
 * ({@link ZmqTemplateObservation}) whose context carries the message's headers: a tracer's propagation fields are
 * added to them and travel in the header frame of sockets that enable it. Off (the default), sends and requests
 * create no observation object at all.
 * <p>
 * Defaults: request timeout 5 s; send timeout {@code null}, meaning each socket's own ({@code zmq.defaults.send-timeout},
 * 5 s unless set). Thread-safe: any number of threads may share one template; the setters are meant for configuration
 * time.
 */
public class ZmqTemplate implements ZmqOperations {

	private final ZmqSocketRegistry sockets;

	private final ZmqMessageCodec codec;

	private final ZmqMetrics metrics;

	private volatile Duration defaultRequestTimeout = Duration.ofSeconds(5);

	private volatile @Nullable Duration defaultSendTimeout;

	private final TemplateObservations observations = new TemplateObservations();

	/**
	 * Creates a template.
	 * @param sockets the named sockets, which the registry opens, shares and closes
	 * @param codec converts payloads to frames and replies back
	 * @param metrics records request timings ({@link ZmqMetrics#NONE} for none)
	 */
	public ZmqTemplate(ZmqSocketRegistry sockets, ZmqMessageCodec codec, ZmqMetrics metrics) {
		Assert.notNull(sockets, "'sockets' must not be null");
		Assert.notNull(codec, "'codec' must not be null");
		Assert.notNull(metrics, "'metrics' must not be null");
		this.sockets = sockets;
		this.codec = codec;
		this.metrics = metrics;
	}

	/**
	 * Creates a template with a {@link DefaultZmqMessageCodec} over the given mapper and converter.
	 * @param sockets the named sockets
	 * @param converter converts payloads to and from bytes
	 * @param mapper maps converted messages to frames
	 * @param metrics records request timings ({@link ZmqMetrics#NONE} for none)
	 * @deprecated since 0.1.0 in favour of {@link #ZmqTemplate(ZmqSocketRegistry, ZmqMessageCodec, ZmqMetrics)}
	 */
	@Deprecated(since = "0.1.0")
	public ZmqTemplate(ZmqSocketRegistry sockets, ZmqMessageConverter converter, ZmqMessageMapper mapper, ZmqMetrics metrics) {
		this(sockets, new DefaultZmqMessageCodec(mapper, converter), metrics);
	}

	/**
	 * The codec between payloads and frames.
	 * @return the codec
	 */
	public ZmqMessageCodec getMessageCodec() {
		return this.codec;
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

	/**
	 * Sets whether sends and requests are observed ({@code zmq.template}; default {@code false}). Takes effect with a
	 * registry that is not {@link ObservationRegistry#NOOP}.
	 * @param observationEnabled whether to observe
	 */
	public void setObservationEnabled(boolean observationEnabled) {
		this.observations.setEnabled(observationEnabled);
	}

	/**
	 * Whether sends and requests are observed.
	 * @return the flag
	 */
	public boolean isObservationEnabled() {
		return this.observations.isEnabled();
	}

	/**
	 * Sets the registry observations are made with (default {@link ObservationRegistry#NOOP}).
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observations.setRegistry(observationRegistry);
	}

	/**
	 * Sets the convention of the observations (default {@link DefaultZmqTemplateObservationConvention}).
	 * @param observationConvention the convention, or {@code null} for the default
	 */
	public void setObservationConvention(@Nullable ZmqTemplateObservationConvention observationConvention) {
		this.observations.setConvention(observationConvention);
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

	private void doSend(String socketName, Object payload, Map<String, ?> headers, @Nullable Duration timeout) {
		Assert.notNull(socketName, "'socket' must not be null");
		Assert.notNull(payload, "'payload' must not be null");
		ZmqSocket socket = this.sockets.sender(socketName);
		ObservationRegistry registry = this.observations.active();
		if (registry == null) {
			send(socket, payload, headers, timeout);
			return;
		}
		Map<String, Object> carrier = new HashMap<>(headers);
		Object topic = topic(headers);
		ZmqMessageSenderContext context = new ZmqMessageSenderContext(carrier, socket.name(), socket.type(),
				ZmqMessageSenderContext.SEND, (topic instanceof byte[] raw) ? new String(raw, StandardCharsets.UTF_8)
						: (topic != null) ? topic.toString() : null);
		this.observations.observation(context, registry).observe(() -> send(socket, payload, carrier, timeout));
	}

	private void send(ZmqSocket socket, Object payload, Map<String, ?> headers, @Nullable Duration timeout) {
		SocketType type = socket.type();
		Object topic = topic(headers);
		if (topic != null && type != SocketType.PUB && type != SocketType.XPUB) {
			throw new IllegalArgumentException("Socket '" + socket.name() + "' is a " + type + " socket: a "
					+ "topic is sent as frame 0 on PUB and XPUB sockets only; send a ZmqMessage to choose the frames "
					+ "yourself");
		}
		Object routingId = headers.get(ZmqHeaders.ROUTING_ID);
		if (payload instanceof ZmqMessage body) {
			// frames the application built are sent untouched; a topic or routing id given here goes before them
			if (topic != null) {
				payload = body.prepend(List.of(bytes(topic)));
			}
			else if (routingId != null && (type == SocketType.ROUTER || type == SocketType.STREAM)) {
				payload = body.prepend(List.of(bytes(routingId)));
			}
		}
		ZmqMessage frames = this.codec.toFrames(payload, headers, socket.name(), type);
		Duration sendTimeout = (timeout != null) ? timeout : this.defaultSendTimeout;
		if (sendTimeout != null) {
			socket.send(frames, sendTimeout);
		}
		else {
			socket.send(frames);
		}
	}

	private static byte[] bytes(Object frame) {
		return (frame instanceof byte[] raw) ? raw : frame.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static @Nullable Object topic(Map<String, ?> headers) {
		Object topic = headers.get(ZmqHeaders.TOPIC);
		return (topic != null) ? topic : headers.get(ZmqHeaders.TOPIC_BYTES);
	}

	/**
	 * The frames of a request body. A requester sends to whichever server is free and matches the reply by its own
	 * envelope, so framing headers cannot apply: they are rejected rather than dropped.
	 */
	private ZmqMessage requestBody(ZmqRequester requester, String socketName, Object payload,
			Map<String, ?> headers) {
		Assert.notNull(payload, "'payload' must not be null");
		if (topic(headers) != null) {
			throw new IllegalArgumentException("Socket '" + socketName + "' is a " + requester.type() + " requester: "
					+ "a request is not published, so a topic does not apply; publish on a PUB socket with send(..), "
					+ "or put the topic in the payload");
		}
		if (headers.get(ZmqHeaders.ROUTING_ID) != null || headers.get(ZmqHeaders.ENVELOPE) != null) {
			throw new IllegalArgumentException("Socket '" + socketName + "' is a " + requester.type() + " requester: "
					+ "a request goes to whichever server is free and its reply comes back by the request's own "
					+ "envelope, so a routing id does not apply; to address one peer, send on a ROUTER socket with "
					+ "newMessage(..).withRoutingId(..).send()");
		}
		return this.codec.toFrames(payload, headers, socketName, requester.type());
	}

	private <T> T doRequest(String socketName, Object payload, Map<String, ?> headers, Class<T> replyType,
			Duration timeout) {
		Assert.notNull(replyType, "'replyType' must not be null");
		Assert.notNull(timeout, "'timeout' must not be null");
		ZmqRequester requester = this.sockets.requester(socketName);
		ObservationRegistry registry = this.observations.active();
		if (registry == null) {
			return request(requester, socketName, payload, headers, replyType, timeout);
		}
		Map<String, Object> carrier = new HashMap<>(headers);
		ZmqMessageSenderContext context = new ZmqMessageSenderContext(carrier, socketName, requester.type(),
				ZmqMessageSenderContext.REQUEST, null);
		return this.observations.observation(context, registry)
			.observe(() -> request(requester, socketName, payload, carrier, replyType, timeout));
	}

	private <T> T request(ZmqRequester requester, String socketName, Object payload, Map<String, ?> headers,
			Class<T> replyType, Duration timeout) {
		ZmqMessage body = requestBody(requester, socketName, payload, headers);
		long start = System.nanoTime();
		RequestOutcome outcome = RequestOutcome.ERROR;
		try {
			T reply = convertReply(socketName, requester, requester.request(body, timeout), replyType);
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

	private <T> CompletableFuture<T> doRequestAsync(String socketName, Object payload, Map<String, ?> headers,
			Class<T> replyType, Duration timeout) {
		Assert.notNull(replyType, "'replyType' must not be null");
		Assert.notNull(timeout, "'timeout' must not be null");
		ZmqRequester requester = this.sockets.requester(socketName);
		ObservationRegistry registry = this.observations.active();
		if (registry == null) {
			return requestAsync(requester, socketName, payload, headers, replyType, timeout);
		}
		Map<String, Object> carrier = new HashMap<>(headers);
		Observation observation = this.observations.observation(new ZmqMessageSenderContext(carrier, socketName,
				requester.type(), ZmqMessageSenderContext.REQUEST, null), registry);
		return TemplateObservations.observeAsync(observation,
				() -> requestAsync(requester, socketName, payload, carrier, replyType, timeout));
	}

	private <T> CompletableFuture<T> requestAsync(ZmqRequester requester, String socketName, Object payload,
			Map<String, ?> headers, Class<T> replyType, Duration timeout) {
		ZmqMessage body = requestBody(requester, socketName, payload, headers);
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
					result.complete(convertReply(socketName, requester, reply, replyType));
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

	private <T> T convertReply(String socketName, ZmqRequester requester, ZmqMessage reply, Class<T> replyType) {
		if (replyType == Object.class) {
			return replyType.cast(reply);
		}
		return this.codec.fromMessage(this.codec.toMessage(reply, socketName, requester.type(), List.of()),
				replyType);
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
			if (this.headers.get(ZmqHeaders.ROUTING_ID) != null) {
				SocketType type = ZmqTemplate.this.sockets.sender(this.socket).type();
				if (type != SocketType.ROUTER && type != SocketType.STREAM) {
					throw new IllegalArgumentException("Socket '" + this.socket + "' is a " + type + " socket: a "
							+ "routing id names the peer of a ROUTER or STREAM socket only; a " + type
							+ " socket chooses the peer itself");
				}
			}
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
