package io.github.zmqspring.listener;

import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;

import io.github.zmqspring.core.ZmqMessage;

/**
 * A listener failed on one message: the cause is what the listener method threw, or the conversion failure that
 * kept it from being called ({@link #isConversionFailure()}). Carries the listener id, the socket name and the
 * received frames for logs.
 */
public class ZmqListenerExecutionFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String listenerId;

	private final String socketName;

	private final transient ZmqMessage frames;

	private final boolean conversionFailure;

	/**
	 * Creates an exception.
	 * @param listenerId the listener id
	 * @param socketName the socket name
	 * @param frames the received frames (the request body on REP/ROUTER listeners)
	 * @param cause the failure
	 */
	public ZmqListenerExecutionFailedException(String listenerId, String socketName, ZmqMessage frames,
			Throwable cause) {
		super("listener '" + listenerId + "' on socket '" + socketName + "' failed: " + cause, cause);
		this.listenerId = listenerId;
		this.socketName = socketName;
		this.frames = frames;
		this.conversionFailure = isConversionFailure(cause);
	}

	/**
	 * Whether a failure means that a message could not be converted to the listener method's arguments.
	 * @param failure the failure
	 * @return {@code true} for Spring's {@link MessageConversionException} and
	 * {@link MethodArgumentResolutionException}
	 */
	public static boolean isConversionFailure(Throwable failure) {
		return failure instanceof MessageConversionException || failure instanceof MethodArgumentResolutionException;
	}

	/** @return the listener id */
	public String getListenerId() {
		return this.listenerId;
	}

	/** @return the name of the socket the message came from */
	public String getSocketName() {
		return this.socketName;
	}

	/** @return the received frames (the request body on REP/ROUTER listeners) */
	public ZmqMessage getFrames() {
		return this.frames;
	}

	/** @return whether the message could not be converted (the method was not called) */
	public boolean isConversionFailure() {
		return this.conversionFailure;
	}

}
