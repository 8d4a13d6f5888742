package io.github.zmqspring.core;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;

/**
 * Serves one request of a {@link ZmqServer} whose reply may come later: the handler returns at once and completes the
 * stage when the reply is ready, from any thread. The server goes on receiving meanwhile, so replies may go out in a
 * different order than their requests came in (each reaches its own requester: the envelope routes it).
 * <p>
 * The stage completing with {@code null} answers with one empty frame; completing exceptionally (or the handler
 * throwing) answers with the server's error reply (see {@link ErrorReplyFactory}). At most
 * {@value #MAX_OUTSTANDING} replies are outstanding per server: beyond that the server stops reading requests until
 * some complete, so a flood of requests cannot grow memory without bound. A stage that never completes holds its slot
 * until the server closes (its requester times out); a closing server waits for outstanding replies up to its linger
 * plus 5 seconds and counts the rest as abandoned.
 * <p>
 * Passed where a {@link RequestHandler} is expected ({@link ZmqEngine#server(ZmqSocketSpec, RequestHandler)}), for
 * example {@code engine.server(spec, (AsyncRequestHandler) (request) -> service.lookupAsync(request.body()))}.
 */
@FunctionalInterface
public interface AsyncRequestHandler extends RequestHandler {

	/** How many replies a server keeps outstanding before it stops reading requests. */
	int MAX_OUTSTANDING = 1000;

	/**
	 * Handles a request; the reply comes when the returned stage completes.
	 * @param request the request
	 * @return the stage of the reply body ({@code null} value: one empty frame); never {@code null} itself
	 * @throws Exception any failure: the requester gets the error reply
	 */
	CompletionStage<? extends @Nullable ZmqMessage> handleAsync(ZmqRequest request) throws Exception;

	/**
	 * Handles a request and waits for its reply, for callers that need it at once; a server calls
	 * {@link #handleAsync} instead and does not wait.
	 * @param request the request
	 * @return the reply body, or {@code null} for one empty frame
	 * @throws Exception the failure the stage completed with
	 */
	@Override
	default @Nullable ZmqMessage handle(ZmqRequest request) throws Exception {
		try {
			return handleAsync(request).toCompletableFuture().get();
		}
		catch (ExecutionException | CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof Exception failure) {
				throw failure;
			}
			throw ex;
		}
	}

}
