package io.github.zmqspring.listener;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.util.Assert;

import io.github.zmqspring.core.AsyncRequestHandler;
import io.github.zmqspring.core.ErrorReplyFactory;
import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketState;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequest;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.ZmqHeaders;
import io.github.zmqspring.support.ZmqLifecycle;
import io.github.zmqspring.support.ZmqLifecycle.State;

/**
 * The listener container: one socket on a {@link ZmqEngine}, opened in {@link #start()} and closed in
 * {@link #stop()}.
 * <ul>
 * <li>SUB, PULL, PAIR, DEALER: {@link ZmqEngine#open(ZmqSocketSpec, io.github.zmqspring.core.MessageHandler, int)};
 * frames returned by a PAIR or DEALER listener are sent back on the same socket (a DEALER reply keeps the received
 * envelope);</li>
 * <li>STREAM (raw TCP peers): the same; the payload is what TCP delivered (empty when a peer connects or
 * disconnects, its id in the {@code zmq_routingId} header), and a returned value is written to that peer as raw
 * bytes;</li>
 * <li>REP, ROUTER: {@link ZmqEngine#server(ZmqSocketSpec, io.github.zmqspring.core.RequestHandler, int,
 * ErrorReplyFactory)}: the listener's frames are the reply; the engine routes each reply to its requester, also
 * with several handler threads.</li>
 * </ul>
 * Received frames and served requests become Spring messages through the
 * {@linkplain ZmqListenerContainerProperties#getMessageCodec() codec}, with headers built once and without generated
 * id or timestamp. Concurrency is the engine's: with 1 (the default) the listener runs on the socket's owner thread
 * and messages are handled one at a time, in order; with more, on that many worker threads. A failed message goes to
 * the {@link ZmqListenerErrorHandler} (default {@link DefaultZmqListenerErrorHandler}) and is counted
 * ({@link #getConversionErrors()}, {@link #getListenerErrors()}); a REP/ROUTER requester always gets an answer (the
 * {@linkplain ZmqListenerContainerProperties#getErrorReplyFactory() error reply} when the error handler throws), and
 * the container goes on. A stop answers every request already received before the socket closes. Nothing happens in
 * the constructor; configure the {@linkplain #getContainerProperties() properties} before {@link #start()}.
 * Thread-safe once started.
 */
public class DefaultZmqListenerContainer implements ZmqListenerContainer {

	/** The socket types a listener container can listen on. */
	public static final Set<SocketType> VALID_SOCKET_TYPES = EnumSet.of(SocketType.SUB, SocketType.PULL,
			SocketType.PAIR, SocketType.REP, SocketType.ROUTER, SocketType.DEALER, SocketType.STREAM);

	private static final Logger logger = LoggerFactory.getLogger(DefaultZmqListenerContainer.class);

	private final String listenerId;

	private final ZmqEngine engine;

	private final ZmqSocketSpec spec;

	private final ZmqMessageListener listener;

	private final ZmqLifecycle lifecycle = new ZmqLifecycle();

	private final LongAdder conversionErrors = new LongAdder();

	private final LongAdder listenerErrors = new LongAdder();

	private final ZmqListenerContainerProperties properties;

	private volatile @Nullable ManagedSocket socket;

	private volatile @Nullable Throwable failure;

	private volatile boolean pauseRequested;

	/**
	 * Creates a container with the default {@linkplain ZmqListenerContainerProperties properties}; nothing opens
	 * before {@link #start()}.
	 * @param listenerId the container's id
	 * @param engine the engine to open the socket on
	 * @param spec the socket to listen on: SUB, PULL, PAIR, REP, ROUTER, DEALER or STREAM
	 * @param listener the listener
	 */
	public DefaultZmqListenerContainer(String listenerId, ZmqEngine engine, ZmqSocketSpec spec,
			ZmqMessageListener listener) {
		this(listenerId, engine, spec, listener, new ZmqListenerContainerProperties());
	}

	/**
	 * Creates a container with a copy of the given properties (see {@link #getContainerProperties()}); nothing opens
	 * before {@link #start()}.
	 * @param listenerId the container's id
	 * @param engine the engine to open the socket on
	 * @param spec the socket to listen on: SUB, PULL, PAIR, REP, ROUTER, DEALER or STREAM
	 * @param listener the listener
	 * @param properties the settings, usually the factory's
	 */
	public DefaultZmqListenerContainer(String listenerId, ZmqEngine engine, ZmqSocketSpec spec,
			ZmqMessageListener listener, ZmqListenerContainerProperties properties) {
		Assert.hasText(listenerId, "'listenerId' must not be empty");
		Assert.notNull(engine, "'engine' must not be null");
		Assert.notNull(spec, "'spec' must not be null");
		Assert.notNull(listener, "'listener' must not be null");
		Assert.notNull(properties, "'properties' must not be null");
		if (!VALID_SOCKET_TYPES.contains(spec.type())) {
			throw new IllegalArgumentException("listener '" + listenerId + "': socket '" + spec.name() + "' is a "
					+ spec.type() + " socket; a listener listens on one of " + VALID_SOCKET_TYPES);
		}
		this.listenerId = listenerId;
		this.engine = engine;
		this.spec = spec;
		this.listener = listener;
		this.properties = new ZmqListenerContainerProperties(properties);
	}

	/**
	 * This container's own settings (codec, error handler, error reply, metrics, concurrency, auto-startup, phase):
	 * a copy of the factory's with the endpoint's settings applied; customizers change them here before the
	 * container starts.
	 * @return the properties
	 */
	public ZmqListenerContainerProperties getContainerProperties() {
		return this.properties;
	}

	/**
	 * The spec the socket opens with.
	 * @return the spec
	 */
	public ZmqSocketSpec getSocketSpec() {
		return this.spec;
	}

	/**
	 * The listener.
	 * @return the listener
	 */
	public ZmqMessageListener getMessageListener() {
		return this.listener;
	}

	@Override
	public String getListenerId() {
		return this.listenerId;
	}

	@Override
	public String getSocketName() {
		return this.spec.name();
	}

	@Override
	public SocketType getSocketType() {
		return this.spec.type();
	}

	@Override
	public int getConcurrency() {
		return this.properties.getConcurrency();
	}

	@Override
	public boolean isAutoStartup() {
		return this.properties.isAutoStartup();
	}

	@Override
	public int getPhase() {
		return this.properties.getPhase();
	}

	@Override
	public State getState() {
		State current = this.lifecycle.state();
		ManagedSocket open = this.socket;
		if (current == State.STARTED && open != null && open.state() == SocketState.FAILED) {
			return State.FAILED;
		}
		return current;
	}

	@Override
	public @Nullable Throwable getFailure() {
		ManagedSocket open = this.socket;
		if (open != null && open.state() == SocketState.FAILED) {
			return open.failure();
		}
		return this.failure;
	}

	@Override
	public @Nullable ManagedSocket getSocket() {
		return this.socket;
	}

	@Override
	public long getConversionErrors() {
		return this.conversionErrors.sum();
	}

	@Override
	public long getListenerErrors() {
		return this.listenerErrors.sum();
	}

	@Override
	public boolean isRunning() {
		return this.lifecycle.isRunning();
	}

	/**
	 * Opens the socket. Does nothing unless the container is created, stopped or failed.
	 * @throws IllegalStateException when the socket cannot be opened (the container is then {@link State#FAILED})
	 */
	@Override
	public void start() {
		try {
			this.lifecycle.start(this::doStart);
		}
		catch (RuntimeException ex) {
			this.failure = ex;
			throw new IllegalStateException("listener '" + this.listenerId + "': socket '" + this.spec.name() + "' ("
					+ this.spec.type() + ", bind " + this.spec.binds() + ", connect " + this.spec.connects()
					+ ") could not be opened: " + ex.getMessage(), ex);
		}
	}

	private void doStart() {
		this.listener.start();
		ManagedSocket opened = open();
		if (this.pauseRequested) {
			opened.pause();
		}
		this.socket = opened;
		this.properties.getMetrics().socketOpened(opened);
		this.failure = null;
		logger.debug("Listener '{}' started on socket '{}' ({}), bound to {}", this.listenerId, this.spec.name(),
				this.spec.type(), opened.boundEndpoints());
	}

	/**
	 * Closes the socket gracefully: stops receiving, lets the messages in the handlers finish and send their replies
	 * (REP, ROUTER, DEALER, PAIR) within the socket's linger, then returns. Does nothing unless the container is
	 * started.
	 */
	@Override
	public void stop() {
		this.lifecycle.stop(this::doStop);
	}

	@Override
	public void pause() {
		this.pauseRequested = true;
		ManagedSocket open = this.socket;
		if (open != null) {
			open.pause();
		}
		logger.info("Listener '{}' on socket '{}' paused", this.listenerId, this.spec.name());
	}

	@Override
	public void resume() {
		this.pauseRequested = false;
		ManagedSocket open = this.socket;
		if (open != null) {
			open.resume();
		}
		logger.info("Listener '{}' on socket '{}' resumed", this.listenerId, this.spec.name());
	}

	@Override
	public boolean isPauseRequested() {
		return this.pauseRequested;
	}

	private void doStop() {
		ManagedSocket open = this.socket;
		try {
			if (open != null) {
				open.close();
			}
		}
		finally {
			this.socket = null;
			logger.debug("Listener '{}' stopped", this.listenerId);
		}
	}

	private ManagedSocket open() {
		return switch (this.spec.type()) {
			case REP, ROUTER -> this.engine.server(this.spec,
					this.listener.isAsync() ? (AsyncRequestHandler) this::serveLater : this::serve,
					this.properties.getConcurrency(), this.properties.getErrorReplyFactory());
			default -> this.engine.open(this.spec, this.listener.isAsync() ? this::receiveLater : this::receive,
					this.properties.getConcurrency());
		};
	}

	private void receive(ZmqMessage frames) {
		Message<byte[]> message = this.properties.getMessageCodec().toMessage(frames, this.spec.name(), this.spec.type(),
				this.spec.subscriptions());
		ZmqMessage out;
		try {
			out = process(frames, message);
		}
		catch (Throwable ex) {
			// the error handler decided to drop the message; it has reported it
			logger.debug("Listener '{}': message dropped after {}", this.listenerId, ex.toString());
			return;
		}
		if (out != null) {
			sendBack(out, message);
		}
	}

	private void receiveLater(ZmqMessage frames) {
		Message<byte[]> message = this.properties.getMessageCodec().toMessage(frames, this.spec.name(), this.spec.type(),
				this.spec.subscriptions());
		later(frames, message).whenComplete((out, ex) -> {
			if (ex != null) {
				logger.debug("Listener '{}': message dropped after {}", this.listenerId, ex.toString());
			}
			else if (out != null) {
				sendBack(out, message);
			}
		});
	}

	private void sendBack(ZmqMessage out, Message<byte[]> message) {
		ManagedSocket open = this.socket;
		if (!(open instanceof ZmqSocket sender) || !this.spec.type().canSend()) {
			logger.debug("Listener '{}': a {} socket cannot answer; result dropped", this.listenerId, this.spec.type());
			return;
		}
		Object envelope = message.getHeaders().get(ZmqHeaders.ENVELOPE);
		try {
			if (this.spec.type() == SocketType.STREAM) {
				// Raw TCP: the result's bytes go to the connection the message came from.
				if (message.getHeaders().get(ZmqHeaders.ROUTING_ID) instanceof byte[] connection) {
					sender.send(out.prepend(List.of(connection)));
				}
			}
			else if (envelope instanceof List<?> frames && !frames.isEmpty()) {
				@SuppressWarnings("unchecked")
				List<byte[]> routing = (List<byte[]>) frames;
				sender.send(out.withEnvelope(routing));
			}
			else {
				sender.send(out);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Listener '{}' on socket '{}': could not send the result back: {}", this.listenerId,
					this.spec.name(), ex.toString());
		}
	}

	private @Nullable ZmqMessage serve(ZmqRequest request) {
		Message<byte[]> message;
		try {
			message = requestMessage(request);
		}
		catch (RuntimeException ex) {
			return errorReply(request, ex);
		}
		try {
			return process(request.body(), message);
		}
		catch (Throwable ex) {
			return errorReply(request, causeOf(ex));
		}
	}

	/** The request as a Spring message; a codec failure is logged and rethrown (the caller answers the error reply). */
	private Message<byte[]> requestMessage(ZmqRequest request) {
		try {
			return this.properties.getMessageCodec().toMessage(request, this.spec.type());
		}
		catch (RuntimeException ex) {
			logger.warn("Listener '{}': the codec could not map a request; answering the error reply", this.listenerId,
					ex);
			throw ex;
		}
	}

	private static Throwable causeOf(Throwable ex) {
		Throwable failure = MessagingMessageListenerAdapter.unwrap(ex);
		return (failure instanceof ZmqListenerExecutionFailedException failed && failed.getCause() != null)
				? failed.getCause() : failure;
	}

	private CompletionStage<@Nullable ZmqMessage> serveLater(ZmqRequest request) {
		Message<byte[]> message;
		try {
			message = requestMessage(request);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.completedFuture(errorReply(request, ex));
		}
		return later(request.body(), message)
			.handle((reply, ex) -> (ex == null) ? reply : errorReply(request, causeOf(ex)));
	}

	/**
	 * The listener's result when it completes; a failure (thrown, or the stage's) goes through the error handler as
	 * in {@link #process}, whose result completes the stage instead.
	 */
	private CompletionStage<@Nullable ZmqMessage> later(ZmqMessage frames, Message<byte[]> message) {
		CompletionStage<@Nullable ZmqMessage> pending;
		try {
			pending = this.listener.onMessageAsync(message);
		}
		catch (Throwable ex) {
			pending = CompletableFuture.failedFuture(ex);
		}
		return pending.handle((out, ex) -> {
			if (ex == null) {
				return out;
			}
			try {
				return recover(frames, message, MessagingMessageListenerAdapter.unwrap(ex));
			}
			catch (RuntimeException failure) {
				throw failure;
			}
			catch (Exception failure) {
				throw new CompletionException(failure);
			}
		});
	}

	private ZmqMessage errorReply(ZmqRequest request, Throwable cause) {
		try {
			return this.properties.getErrorReplyFactory().errorReply(request, cause);
		}
		catch (RuntimeException replyFailure) {
			logger.warn("Listener '{}': the error reply factory failed; sending the default error reply",
					this.listenerId, replyFailure);
			return ErrorReplyFactory.DEFAULT.errorReply(request, cause);
		}
	}

	private @Nullable ZmqMessage process(ZmqMessage frames, Message<byte[]> message) throws Exception {
		try {
			return this.listener.onMessage(message);
		}
		catch (Exception | LinkageError | AssertionError ex) {
			return recover(frames, message, ex);
		}
	}

	/** Counts the failure, hands it to the error handler and returns the handler's result as the listener's. */
	private @Nullable ZmqMessage recover(ZmqMessage frames, Message<byte[]> message, Throwable ex) throws Exception {
		ZmqListenerExecutionFailedException failed = (ex instanceof ZmqListenerExecutionFailedException already)
				? already : new ZmqListenerExecutionFailedException(this.listenerId, this.spec.name(), frames, ex);
		if (failed.isConversionFailure()) {
			this.conversionErrors.increment();
			this.properties.getMetrics().conversionError(this.spec.name(), this.spec.type());
		}
		else {
			this.listenerErrors.increment();
		}
		ZmqListenerErrorHandler errorHandler = this.properties.getErrorHandler();
		Object result;
		try {
			result = errorHandler.handleError(message, failed);
		}
		catch (Exception handlerFailure) {
			if (handlerFailure != failed && handlerFailure.getCause() != ex && handlerFailure != ex) {
				logger.warn("Listener '{}': error handler {} threw {}", this.listenerId, errorHandler,
						handlerFailure.toString());
			}
			throw handlerFailure;
		}
		return this.listener.handleResult(result, message);
	}

	@Override
	public String toString() {
		return "ZmqListenerContainer[" + this.listenerId + ", socket '" + this.spec.name() + "' (" + this.spec.type()
				+ "), " + getState() + (this.pauseRequested ? ", paused" : "") + "]";
	}

}
