package io.github.zmqspring.core;

import org.jspecify.annotations.Nullable;

/**
 * Serves one request of a {@link ZmqServer}: the returned message is the reply body. A {@code null} return answers
 * with one empty frame, and an exception answers with the server's error reply (see {@link ErrorReplyFactory}), so a
 * REQ client is never left waiting.
 */
@FunctionalInterface
public interface RequestHandler {

	/**
	 * Handles a request.
	 * @param request the request
	 * @return the reply body, or {@code null} for one empty frame
	 * @throws Exception any failure: the requester gets the error reply
	 */
	@Nullable ZmqMessage handle(ZmqRequest request) throws Exception;

}
