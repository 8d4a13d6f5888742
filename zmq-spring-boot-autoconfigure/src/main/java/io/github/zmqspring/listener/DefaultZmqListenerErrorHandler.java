package io.github.zmqspring.listener;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

/**
 * The default {@link ZmqListenerErrorHandler}: logs the failure at ERROR with the listener id, the socket name and a
 * dump of the received frames, then rethrows it, so that a REP or ROUTER requester gets the error reply. Stateless
 * and thread-safe.
 */
public class DefaultZmqListenerErrorHandler implements ZmqListenerErrorHandler {

	private static final Logger logger = LoggerFactory.getLogger(DefaultZmqListenerErrorHandler.class);

	@Override
	public @Nullable Object handleError(Message<?> message, ZmqListenerExecutionFailedException exception)
			throws Exception {
		Throwable cause = exception.getCause();
		logger.error("Listener '{}' on socket '{}': {} ({}); frames: {}", exception.getListenerId(),
				exception.getSocketName(),
				exception.isConversionFailure() ? "the message could not be converted" : "the listener failed",
				cause, exception.getFrames().dump(), cause);
		throw exception;
	}

}
