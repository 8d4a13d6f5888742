package io.github.zmqspring.core.internal;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.AsyncRequestHandler;
import io.github.zmqspring.core.ErrorReplyFactory;
import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.RequestHandler;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqClosedException;
import io.github.zmqspring.core.ZmqException;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequest;
import io.github.zmqspring.core.ZmqSendTimeoutException;
import io.github.zmqspring.core.ZmqServer;

/**
 * The engine's {@link ZmqServer}: a ROUTER socket that splits each request into envelope and body, hands it to the
 * handler (inline or on workers) and sends the handler's reply back with the same envelope; the reply of an
 * {@link AsyncRequestHandler} goes out when its stage completes.
 */
public final class DefaultZmqServer extends AbstractManagedSocket implements ZmqServer {

	private static final Logger logger = LoggerFactory.getLogger(DefaultZmqServer.class);

	private static final byte[] EMPTY = new byte[0];

	private final RequestHandler handler;

	/** The handler when its replies complete later, resolved once. */
	private final @Nullable AsyncRequestHandler asyncHandler;

	private final ErrorReplyFactory errorReplies;

	private final boolean strictRep;

	private final long sendTimeoutNanos;

	/** One WARN line per ten seconds for replies dropped at a full requester. */
	private final RateLimit droppedReplies = new RateLimit(10, TimeUnit.SECONDS);

	/** Replies of an {@link AsyncRequestHandler} not completed yet; guarded by itself for the close's wait. */
	private final AtomicInteger outstanding = new AtomicInteger();

	private volatile boolean gatedByOutstanding;

	private DefaultZmqServer(SocketLoop loop, SocketCounters counters, Dispatcher dispatcher, RequestHandler handler,
			ErrorReplyFactory errorReplies, Consumer<ManagedSocket> onClosed) {
		super(loop, counters, dispatcher, onClosed);
		this.handler = handler;
		this.asyncHandler = (handler instanceof AsyncRequestHandler async) ? async : null;
		this.errorReplies = errorReplies;
		this.strictRep = loop.spec().type() == SocketType.REP;
		this.sendTimeoutNanos = loop.spec().sendTimeout().toNanos();
	}

	/**
	 * Opens a server.
	 * @param loop the loop (not started), for a REP or ROUTER spec
	 * @param counters its counters
	 * @param handler the request handler
	 * @param concurrency how many requests are handled at once
	 * @param errorReplies builds the reply to a failed request
	 * @param onClosed called after the server closed
	 * @return the open server
	 */
	public static DefaultZmqServer open(SocketLoop loop, SocketCounters counters, RequestHandler handler,
			int concurrency, ErrorReplyFactory errorReplies, Consumer<ManagedSocket> onClosed) {
		Dispatcher dispatcher = new Dispatcher(loop.spec().name(), concurrency, loop.handlerThreadFactory());
		DefaultZmqServer server = new DefaultZmqServer(loop, counters, dispatcher, handler, errorReplies, onClosed);
		loop.receiveWith(server::onRequest, server::gate);
		// A reply waits for room at a requester's high water mark (up to the send timeout) rather than being dropped.
		loop.configureWith(DriverSocket::waitForRoomAtFullPeers);
		loop.start("zmq-" + loop.spec().name());
		return server;
	}

	@Override
	boolean drainsOnClose() {
		// Requests already queued here get their answers before the socket closes.
		return true;
	}

	/** Whether the loop may read another request: room at the workers and for outstanding replies. */
	private boolean gate() {
		if (!this.dispatcher.gate()) {
			return false;
		}
		if (this.outstanding.get() < AsyncRequestHandler.MAX_OUTSTANDING) {
			return true;
		}
		this.gatedByOutstanding = true;
		// Re-check: a reply may have completed between the read and the flag.
		return this.outstanding.get() < AsyncRequestHandler.MAX_OUTSTANDING;
	}

	@Override
	int awaitOutstanding(long deadline) {
		synchronized (this.outstanding) {
			long left;
			while (this.outstanding.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
				try {
					TimeUnit.NANOSECONDS.timedWait(this.outstanding, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
			return this.outstanding.get();
		}
	}

	private void onRequest(byte[][] frames) {
		int delimiter = -1;
		for (int i = 1; i < frames.length; i++) {
			if (frames[i].length == 0) {
				delimiter = i;
				break;
			}
		}
		List<byte[]> envelope;
		ZmqMessage body;
		// A REP request has at least one body frame after the delimiter, as libzmq's REP requires: a message that ends
		// at the delimiter is malformed (what a hostile 2^63 frame size decodes to).
		if (delimiter > 0 && (!this.strictRep || delimiter < frames.length - 1)) {
			envelope = List.of(Arrays.copyOfRange(frames, 0, delimiter));
			body = (delimiter == frames.length - 1) ? ZmqMessage.of(EMPTY)
					: ZmqMessage.of(Arrays.copyOfRange(frames, delimiter + 1, frames.length));
		}
		else if (!this.strictRep && frames.length >= 2) {
			envelope = List.of(frames[0]);
			body = ZmqMessage.of(Arrays.copyOfRange(frames, 1, frames.length));
		}
		else {
			this.counters.malformed();
			if (logger.isDebugEnabled()) {
				logger.debug("Server '{}' ({}): dropped a malformed request (no envelope delimiter): {}", name(),
						type(), ZmqMessage.of(frames).dump());
			}
			return;
		}
		boolean withDelimiter = delimiter > 0;
		ZmqRequest request = new ZmqRequest(name(), envelope, body);
		this.dispatcher.dispatch(() -> serve(request, withDelimiter, frames));
	}

	private void serve(ZmqRequest request, boolean withDelimiter, byte[][] frames) {
		AsyncRequestHandler async = this.asyncHandler;
		if (async != null) {
			serveLater(async, request, withDelimiter, frames);
			return;
		}
		ZmqMessage reply;
		try {
			reply = this.handler.handle(request);
			if (reply == null) {
				reply = ZmqMessage.of(EMPTY);
			}
		}
		catch (Throwable ex) {
			reportHandlerError(frames, ex);
			reply = errorReply(request, ex);
		}
		reply(request, withDelimiter, reply);
	}

	private void serveLater(AsyncRequestHandler async, ZmqRequest request, boolean withDelimiter, byte[][] frames) {
		CompletionStage<? extends @Nullable ZmqMessage> pending;
		try {
			pending = async.handleAsync(request);
			if (pending == null) {
				throw new IllegalStateException("the asynchronous handler returned no CompletionStage");
			}
		}
		catch (Throwable ex) {
			reportHandlerError(frames, ex);
			reply(request, withDelimiter, errorReply(request, ex));
			return;
		}
		this.outstanding.incrementAndGet();
		pending.whenComplete((reply, ex) -> {
			try {
				if (ex != null) {
					Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
					reportHandlerError(frames, cause);
					reply(request, withDelimiter, errorReply(request, cause));
				}
				else {
					reply(request, withDelimiter, (reply != null) ? reply : ZmqMessage.of(EMPTY));
				}
			}
			finally {
				completedOne();
			}
		});
	}

	private void completedOne() {
		if (this.outstanding.decrementAndGet() == 0) {
			synchronized (this.outstanding) {
				this.outstanding.notifyAll();
			}
		}
		if (this.gatedByOutstanding) {
			this.gatedByOutstanding = false;
			this.loop.wake();
		}
	}

	private void reply(ZmqRequest request, boolean withDelimiter, ZmqMessage reply) {
		ZmqMessage routed = withDelimiter ? reply.withEnvelope(request.envelope()) : reply.prepend(request.envelope());
		try {
			if (!this.loop.send(routed.toFrameArray(), this.sendTimeoutNanos)) {
				replyDropped(request, "its requester is gone, or its queue stayed full for "
						+ TimeUnit.NANOSECONDS.toMillis(Math.min(this.sendTimeoutNanos, TimeUnit.SECONDS.toNanos(1)))
						+ " ms (it reads nothing)");
			}
		}
		catch (ZmqClosedException ex) {
			// Only a handler that outlived the close's bound meets a closed socket: the close counted it and warned.
			logger.debug("Server '{}' ({}): the reply to {} is abandoned: {}", name(), type(),
					ZmqMessage.of(request.routingId()).dump(), ex.getMessage());
		}
		catch (ZmqSendTimeoutException ex) {
			this.counters.replyDropped();
			replyDropped(request, "its requester's queue stayed full for "
					+ TimeUnit.NANOSECONDS.toMillis(this.sendTimeoutNanos) + " ms (send-timeout)");
		}
		catch (ZmqException ex) {
			logger.warn("Server '{}' ({}): could not send the reply to {}: {}", name(), type(),
					ZmqMessage.of(request.routingId()).dump(), ex.getMessage());
		}
	}

	/** Logs a dropped reply (already counted), at most once per ten seconds with the count since. */
	private void replyDropped(ZmqRequest request, String why) {
		long unlogged = this.droppedReplies.occurred();
		if (unlogged >= 0) {
			logger.warn("Server '{}' ({}): dropped the reply to {}: {}{}. A requester must read its replies: let it "
					+ "keep fewer requests in flight, or raise its receive-hwm, this server's send-hwm or send-timeout. "
					+ "Dropped replies are counted in zmq.messages.dropped.", name(), type(),
					ZmqMessage.of(request.routingId()).dump(), why,
					(unlogged > 0) ? "; " + unlogged + " more since the last such line" : "");
		}
	}

	private ZmqMessage errorReply(ZmqRequest request, Throwable failure) {
		try {
			return this.errorReplies.errorReply(request, failure);
		}
		catch (RuntimeException ex) {
			logger.warn("Server '{}': the error reply factory failed; answering with the default error reply", name(), ex);
			return ErrorReplyFactory.DEFAULT.errorReply(request, failure);
		}
	}

}
