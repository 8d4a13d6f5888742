package io.github.zmqspring.listener;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;

/**
 * Handles a message that a listener could not process: its payload could not be converted to the method's
 * arguments ({@link ZmqListenerExecutionFailedException#isConversionFailure()}), or the method threw. Set per listener
 * with {@code @ZmqListener(errorHandler = "beanName")}, or for every listener of a container factory.
 * <p>
 * What it returns is treated as the listener's result: on a REP or ROUTER listener a non-null value is the reply, on
 * a listener with {@code @SendTo} it is forwarded. When it throws, a REP or ROUTER listener answers with the error
 * reply ({@link io.github.zmqspring.core.ErrorReplyFactory#DEFAULT}: one frame {@code "ERROR: <Type>: <message>"},
 * built from the listener's exception), and any other listener drops the message. Either way the listener goes on
 * with the next message. Called on the thread that ran the listener; implementations must be thread-safe.
 */
@FunctionalInterface
public interface ZmqListenerErrorHandler {

	/**
	 * Handles a failure.
	 * @param message the message that failed, payload as received ({@code byte[]}), all frames in the
	 * {@link io.github.zmqspring.support.ZmqHeaders#FRAMES} header
	 * @param exception the failure, with the listener id, socket name and frames
	 * @return a result to use instead of the listener's, or {@code null} for none
	 * @throws Exception to report the failure (a REP/ROUTER requester then gets the error reply)
	 */
	@Nullable Object handleError(Message<?> message, ZmqListenerExecutionFailedException exception) throws Exception;

}
