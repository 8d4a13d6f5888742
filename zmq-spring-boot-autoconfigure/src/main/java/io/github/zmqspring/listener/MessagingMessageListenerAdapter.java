package io.github.zmqspring.listener;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.util.Assert;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.support.DefaultZmqMessageCodec;
import io.github.zmqspring.support.ZmqHeaderFramePolicy;
import io.github.zmqspring.support.ZmqHeaders;
import io.github.zmqspring.support.ZmqMessageCodec;
import io.github.zmqspring.support.ZmqMessageMapper;
import io.github.zmqspring.support.ZmqSocketRegistry;
import io.github.zmqspring.support.micrometer.DefaultZmqListenerObservationConvention;
import io.github.zmqspring.support.micrometer.DefaultZmqTemplateObservationConvention;
import io.github.zmqspring.support.micrometer.ZmqListenerObservation;
import io.github.zmqspring.support.micrometer.ZmqListenerObservationConvention;
import io.github.zmqspring.support.micrometer.ZmqMessageReceiverContext;
import io.github.zmqspring.support.micrometer.ZmqMessageSenderContext;
import io.github.zmqspring.support.micrometer.ZmqTemplateObservation;
import io.github.zmqspring.support.micrometer.ZmqTemplateObservationConvention;

/**
 * A {@link ZmqMessageListener} that invokes a listener method through Spring's messaging
 * {@link InvocableHandlerMethod}, so that its arguments resolve like those of Spring's other listeners
 * ({@code @Payload}, {@code @Header}, {@code Message<?>}, the raw {@link ZmqMessage}).
 * <p>
 * The method's return value, converted to frames, is the reply on REP/ROUTER/PAIR/DEALER/STREAM listeners, or is sent
 * to the {@linkplain #setSendTo forward socket} when one is set (and the listener then replies nothing). Every return
 * value goes through the {@link ZmqMessageCodec}, the same the template and the adapters use: {@code null} is no
 * result (on REP/ROUTER: one empty frame), a {@link ZmqMessage} is its frames, a {@code byte[]} as is, a
 * {@code String} as UTF-8, a {@code Message<?>} as its converted payload with its headers applied by the codec's
 * mapper (a topic for a PUB forward socket, for example), anything else through the codec's converter (JSON for
 * POJOs). A reply is framed for the socket it answers on as the body the container sends back (REP-style for REP and
 * ROUTER, whose envelope the engine adds).
 * <p>
 * A method returning a {@link CompletionStage} (a {@link CompletableFuture}, for example) is {@linkplain #isAsync()
 * asynchronous}: its value, when the stage completes, is the result as above, and a stage that fails goes to the
 * container's error handler as a thrown exception would.
 * <p>
 * With an {@linkplain #setObservationRegistry observation registry}, each delivery is a {@code zmq.listener}
 * observation ({@link ZmqListenerObservation}) around the method, the conversion of its result and a
 * {@code @SendTo} forward (a {@code zmq.template} send observation of its own, whose trace context travels in the
 * forward socket's header frame); its context reads the received headers, so a tracer continues the trace that came in the
 * header frame, and the method runs in its scope. A message whose header frame was malformed
 * ({@link ZmqHeaders#HEADER_FRAME_ERROR}) fails before the method runs. Thread-safe when the listener method is.
 */
public class MessagingMessageListenerAdapter implements ZmqMessageListener {

	private final InvocableHandlerMethod handlerMethod;

	private final ZmqMessageCodec messageCodec;

	private @Nullable String sendTo;

	private @Nullable ZmqSocketRegistry sockets;

	private volatile @Nullable ZmqSocket forwardSocket;

	private final boolean readsHeaderFrames;

	private final boolean async;

	private String listenerId = "";

	/** {@code null} when deliveries are not observed: the one test on the hot path. */
	private @Nullable ObservationRegistry observationRegistry;

	private @Nullable ZmqListenerObservationConvention observationConvention;

	private @Nullable ZmqTemplateObservationConvention forwardObservationConvention;

	/**
	 * Creates an adapter.
	 * @param handlerMethod the listener method, with its argument resolvers
	 * @param messageCodec converts return values to frames
	 */
	public MessagingMessageListenerAdapter(InvocableHandlerMethod handlerMethod, ZmqMessageCodec messageCodec) {
		Assert.notNull(handlerMethod, "'handlerMethod' must not be null");
		Assert.notNull(messageCodec, "'messageCodec' must not be null");
		this.handlerMethod = handlerMethod;
		this.messageCodec = messageCodec;
		this.readsHeaderFrames = messageCodec instanceof DefaultZmqMessageCodec codec
				&& codec.getHeaderFramePolicy() != ZmqHeaderFramePolicy.NONE;
		this.async = CompletionStage.class.isAssignableFrom(handlerMethod.getReturnType().getParameterType());
	}

	/**
	 * Creates an adapter with a {@link DefaultZmqMessageCodec} over the converter and the mapper.
	 * @param handlerMethod the listener method, with its argument resolvers
	 * @param messageConverter converts return values to {@code byte[]}
	 * @param messageMapper maps returned messages to frames
	 * @deprecated since 0.1.0 in favour of
	 * {@link #MessagingMessageListenerAdapter(InvocableHandlerMethod, ZmqMessageCodec)}
	 */
	@Deprecated(since = "0.1.0")
	public MessagingMessageListenerAdapter(InvocableHandlerMethod handlerMethod, MessageConverter messageConverter,
			ZmqMessageMapper messageMapper) {
		this(handlerMethod, new DefaultZmqMessageCodec(messageMapper, messageConverter));
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
	 * Sets the id of the listener, named in observations ({@code messaging.zeromq.listener.id}).
	 * @param listenerId the id
	 */
	public void setListenerId(String listenerId) {
		Assert.notNull(listenerId, "'listenerId' must not be null");
		this.listenerId = listenerId;
	}

	/**
	 * Sets the registry deliveries are observed with; {@code null} or {@link ObservationRegistry#NOOP} (the default)
	 * observes nothing and creates no observation object. Set before the container starts.
	 * @param observationRegistry the registry, or {@code null}
	 */
	public void setObservationRegistry(@Nullable ObservationRegistry observationRegistry) {
		this.observationRegistry = (observationRegistry != null && !observationRegistry.isNoop()) ? observationRegistry
				: null;
	}

	/**
	 * Sets the convention of the observations (default {@link DefaultZmqListenerObservationConvention}).
	 * @param observationConvention the convention, or {@code null} for the default
	 */
	public void setObservationConvention(@Nullable ZmqListenerObservationConvention observationConvention) {
		this.observationConvention = observationConvention;
	}

	/**
	 * Sets the convention of the send observation of a {@code @SendTo} forward, made when deliveries are observed
	 * (default {@link DefaultZmqTemplateObservationConvention}).
	 * @param forwardObservationConvention the convention, or {@code null} for the default
	 */
	public void setForwardObservationConvention(
			@Nullable ZmqTemplateObservationConvention forwardObservationConvention) {
		this.forwardObservationConvention = forwardObservationConvention;
	}

	/**
	 * The forward socket name.
	 * @return the name, or {@code null} when results are replies
	 */
	public @Nullable String getSendTo() {
		return this.sendTo;
	}

	/**
	 * The codec return values are converted with.
	 * @return the codec
	 */
	public ZmqMessageCodec getMessageCodec() {
		return this.messageCodec;
	}

	@Override
	public void start() {
		if (this.sendTo != null && this.sockets != null) {
			this.forwardSocket = this.sockets.sender(this.sendTo);
		}
	}

	@Override
	public boolean isAsync() {
		return this.async;
	}

	@Override
	public @Nullable ZmqMessage onMessage(Message<byte[]> message) throws Exception {
		if (this.async) {
			try {
				return onMessageAsync(message).toCompletableFuture().get();
			}
			catch (ExecutionException ex) {
				throw asException(ex.getCause());
			}
		}
		ObservationRegistry registry = this.observationRegistry;
		if (registry == null) {
			return invoke(message);
		}
		Observation observation = startObservation(message, registry);
		try (Observation.Scope scope = observation.openScope()) {
			return invoke(message);
		}
		catch (Exception | Error ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	@Override
	public CompletionStage<@Nullable ZmqMessage> onMessageAsync(Message<byte[]> message) throws Exception {
		if (!this.async) {
			return CompletableFuture.completedFuture(onMessage(message));
		}
		ObservationRegistry registry = this.observationRegistry;
		if (registry == null) {
			return invokeLater(message);
		}
		Observation observation = startObservation(message, registry);
		CompletionStage<@Nullable ZmqMessage> pending;
		try (Observation.Scope scope = observation.openScope()) {
			pending = invokeLater(message);
		}
		catch (Exception | Error ex) {
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		// the observation ends when the result is ready (and forwarded), not when the method returns
		return pending.whenComplete((result, ex) -> {
			if (ex != null) {
				observation.error(unwrap(ex));
			}
			observation.stop();
		});
	}

	private Observation startObservation(Message<byte[]> message, ObservationRegistry registry) {
		return ZmqListenerObservation.LISTENER_OBSERVATION.observation(this.observationConvention,
				DefaultZmqListenerObservationConvention.INSTANCE,
				() -> new ZmqMessageReceiverContext(message, this.listenerId), registry)
			.start();
	}

	private CompletionStage<@Nullable ZmqMessage> invokeLater(Message<byte[]> message) throws Exception {
		if (this.readsHeaderFrames) {
			DefaultZmqMessageCodec.failIfMalformed(message);
		}
		Object result = this.handlerMethod.invoke(message);
		if (!(result instanceof CompletionStage<?> stage)) {
			// a method declared to return a stage returned null: no result
			return CompletableFuture.completedFuture(handleResult(result, message));
		}
		return stage.thenApply((value) -> {
			try {
				return handleResult(value, message);
			}
			catch (RuntimeException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new CompletionException(ex);
			}
		});
	}

	/** The failure inside a {@link CompletionException} (what a stage's dependents see), else the failure itself. */
	static Throwable unwrap(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	private static Exception asException(@Nullable Throwable cause) {
		Throwable failure = (cause != null) ? unwrap(cause) : new IllegalStateException("the listener's stage failed");
		if (failure instanceof Error error) {
			throw error;
		}
		return (Exception) failure;
	}

	private @Nullable ZmqMessage invoke(Message<byte[]> message) throws Exception {
		if (this.readsHeaderFrames) {
			DefaultZmqMessageCodec.failIfMalformed(message);
		}
		Object result = this.handlerMethod.invoke(message);
		return handleResult(result, message);
	}

	@Override
	public @Nullable ZmqMessage handleResult(@Nullable Object result, Message<byte[]> message) throws Exception {
		if (result == null) {
			return null;
		}
		ZmqSocket forward = forwardSocket();
		if (forward == null) {
			return toFrames(result, null, socketName(message), replyType(message));
		}
		ObservationRegistry registry = this.observationRegistry;
		if (registry == null) {
			forward.send(toFrames(result, null, forward.name(), forward.type()));
			return null;
		}
		// observed: the forward is a send of its own, whose context travels in the forward socket's header frame
		Map<String, Object> carrier = new HashMap<>();
		ZmqMessageSenderContext context = new ZmqMessageSenderContext(carrier, forward.name(), forward.type(),
				ZmqMessageSenderContext.SEND, null);
		ZmqTemplateObservation.TEMPLATE_OBSERVATION
			.observation(this.forwardObservationConvention, DefaultZmqTemplateObservationConvention.INSTANCE,
					() -> context, registry)
			.observe(() -> forward.send(toFrames(result, carrier, forward.name(), forward.type())));
		return null;
	}

	private ZmqMessage toFrames(Object result, @Nullable Map<String, Object> headers, String socketName,
			SocketType socketType) {
		try {
			return this.messageCodec.toFrames(result, headers, socketName, socketType);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("listener method " + this.handlerMethod.getShortLogMessage()
					+ " returned a " + result.getClass().getName() + " that could not be converted to frames: " + ex,
					ex);
		}
	}

	private static String socketName(Message<?> received) {
		return String.valueOf(received.getHeaders().get(ZmqHeaders.SOCKET));
	}

	/**
	 * The type a reply is framed for: the container sends it back itself (REP and ROUTER through the engine, which
	 * adds the envelope; STREAM to the connection it came from), so only the body is framed.
	 */
	private static SocketType replyType(Message<?> received) {
		if (received.getHeaders().get(ZmqHeaders.SOCKET_TYPE) instanceof SocketType type) {
			return switch (type) {
				case REP, ROUTER -> SocketType.REP;
				case STREAM -> SocketType.PAIR;
				default -> type;
			};
		}
		return SocketType.PAIR;
	}

	private @Nullable ZmqSocket forwardSocket() {
		ZmqSocket forward = this.forwardSocket;
		if (forward == null && this.sendTo != null && this.sockets != null) {
			forward = this.sockets.sender(this.sendTo);
			this.forwardSocket = forward;
		}
		return forward;
	}

	@Override
	public String toString() {
		return "MessagingMessageListenerAdapter[" + this.handlerMethod.getShortLogMessage() + "]";
	}

}
