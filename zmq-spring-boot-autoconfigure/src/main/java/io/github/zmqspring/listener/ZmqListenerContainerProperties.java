package io.github.zmqspring.listener;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

import io.github.zmqspring.core.ErrorReplyFactory;
import io.github.zmqspring.support.DefaultZmqMessageCodec;
import io.github.zmqspring.support.ZmqMessageCodec;
import io.github.zmqspring.support.ZmqMetrics;

/**
 * The settings of a listener container, written once: a
 * {@link io.github.zmqspring.config.DefaultZmqListenerContainerFactory} holds one instance with its defaults and hands
 * each {@link DefaultZmqListenerContainer} its own copy, on which the endpoint's settings ({@code @ZmqListener}'s
 * {@code concurrency}, {@code autoStartup}, {@code errorHandler}) and the
 * {@link ZmqListenerContainerCustomizer}s are applied. Defaults: a {@link DefaultZmqMessageCodec}, a
 * {@link DefaultZmqListenerErrorHandler}, {@link ErrorReplyFactory#DEFAULT}, {@link ZmqMetrics#NONE}, concurrency 1,
 * auto-startup on, phase {@link SmartLifecycle#DEFAULT_PHASE}. Not thread-safe: configure before the containers
 * start; the concurrency is read at each start.
 */
public class ZmqListenerContainerProperties {

	private ZmqMessageCodec messageCodec;

	private ZmqListenerErrorHandler errorHandler;

	private ErrorReplyFactory errorReplyFactory;

	private ZmqMetrics metrics;

	private int concurrency;

	private boolean autoStartup;

	private int phase;

	/**
	 * Creates properties with the defaults.
	 */
	public ZmqListenerContainerProperties() {
		this.messageCodec = new DefaultZmqMessageCodec();
		this.errorHandler = new DefaultZmqListenerErrorHandler();
		this.errorReplyFactory = ErrorReplyFactory.DEFAULT;
		this.metrics = ZmqMetrics.NONE;
		this.concurrency = 1;
		this.autoStartup = true;
		this.phase = SmartLifecycle.DEFAULT_PHASE;
	}

	/**
	 * Creates a copy: what a factory hands each container, so that a container's own settings stay its own.
	 * @param other the properties to copy
	 */
	public ZmqListenerContainerProperties(ZmqListenerContainerProperties other) {
		Assert.notNull(other, "'other' must not be null");
		this.messageCodec = other.messageCodec;
		this.errorHandler = other.errorHandler;
		this.errorReplyFactory = other.errorReplyFactory;
		this.metrics = other.metrics;
		this.concurrency = other.concurrency;
		this.autoStartup = other.autoStartup;
		this.phase = other.phase;
	}

	/**
	 * The codec between received frames (and served requests) and Spring messages, and between return values and
	 * frames; its converter resolves the listener methods' payload arguments.
	 * @return the codec
	 */
	public ZmqMessageCodec getMessageCodec() {
		return this.messageCodec;
	}

	/**
	 * Sets the codec (default a {@link DefaultZmqMessageCodec}; the auto-configuration sets the application's one).
	 * @param messageCodec the codec
	 */
	public void setMessageCodec(ZmqMessageCodec messageCodec) {
		Assert.notNull(messageCodec, "'messageCodec' must not be null");
		this.messageCodec = messageCodec;
	}

	/**
	 * The error handler of listeners that name none.
	 * @return the error handler
	 */
	public ZmqListenerErrorHandler getErrorHandler() {
		return this.errorHandler;
	}

	/**
	 * Sets the error handler (default {@link DefaultZmqListenerErrorHandler}: log and rethrow); its return value is
	 * the listener's result (the reply on REP/ROUTER).
	 * @param errorHandler the error handler
	 */
	public void setErrorHandler(ZmqListenerErrorHandler errorHandler) {
		Assert.notNull(errorHandler, "'errorHandler' must not be null");
		this.errorHandler = errorHandler;
	}

	/**
	 * The reply a REP/ROUTER listener sends when its error handler throws.
	 * @return the factory
	 */
	public ErrorReplyFactory getErrorReplyFactory() {
		return this.errorReplyFactory;
	}

	/**
	 * Sets the error reply (default {@link ErrorReplyFactory#DEFAULT}: one frame {@code "ERROR: <Type>: <message>"}
	 * built from the listener's exception).
	 * @param errorReplyFactory the factory
	 */
	public void setErrorReplyFactory(ErrorReplyFactory errorReplyFactory) {
		Assert.notNull(errorReplyFactory, "'errorReplyFactory' must not be null");
		this.errorReplyFactory = errorReplyFactory;
	}

	/**
	 * Where containers report their sockets and conversion errors.
	 * @return the metrics
	 */
	public ZmqMetrics getMetrics() {
		return this.metrics;
	}

	/**
	 * Sets the metrics (default {@link ZmqMetrics#NONE}).
	 * @param metrics the metrics
	 */
	public void setMetrics(ZmqMetrics metrics) {
		Assert.notNull(metrics, "'metrics' must not be null");
		this.metrics = metrics;
	}

	/**
	 * The number of handler threads.
	 * @return at least 1
	 */
	public int getConcurrency() {
		return this.concurrency;
	}

	/**
	 * Sets the number of handler threads (default 1: on the socket's owner thread, in order); a container reads it
	 * when it starts.
	 * @param concurrency at least 1
	 */
	public void setConcurrency(int concurrency) {
		Assert.isTrue(concurrency >= 1, () -> "concurrency '" + concurrency + "' must be at least 1");
		this.concurrency = concurrency;
	}

	/**
	 * Whether the registry starts containers with the application context.
	 * @return the flag
	 */
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	/**
	 * Sets whether the registry starts containers with the application context (default {@code true}).
	 * @param autoStartup the flag
	 */
	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	/**
	 * The containers' life-cycle phase.
	 * @return the phase
	 */
	public int getPhase() {
		return this.phase;
	}

	/**
	 * Sets the containers' life-cycle phase (default {@link SmartLifecycle#DEFAULT_PHASE}), for containers started
	 * and stopped on their own; the registry starts and stops the containers it owns in its own phase.
	 * @param phase the phase
	 */
	public void setPhase(int phase) {
		this.phase = phase;
	}

}
