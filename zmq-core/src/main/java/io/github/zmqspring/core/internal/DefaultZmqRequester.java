package io.github.zmqspring.core.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketState;
import io.github.zmqspring.core.ZmqClosedException;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequestRetriesExhaustedException;
import io.github.zmqspring.core.ZmqRequestTimeoutException;
import io.github.zmqspring.core.ZmqRetryPolicy;
import io.github.zmqspring.core.ZmqSendTimeoutException;
import io.github.zmqspring.core.ZmqRequester;

/**
 * The engine's {@link ZmqRequester}: a DEALER that tags each request with an 8-byte id in its envelope
 * ({@code [id][empty][body...]}) and matches replies by that id.
 */
public final class DefaultZmqRequester extends AbstractManagedSocket implements ZmqRequester {

	private static final byte[] EMPTY = new byte[0];

	private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong(ThreadLocalRandom.current().nextLong());

	private final RequestDeadlines<Pending> deadlines;

	private final long sendTimeoutNanos;

	private final ZmqRetryPolicy retry;

	private final ScheduledExecutorService timer;

	private DefaultZmqRequester(SocketLoop loop, SocketCounters counters, ScheduledExecutorService timer,
			Consumer<ManagedSocket> onClosed) {
		super(loop, counters, new Dispatcher(loop.spec().name(), 1, null), onClosed);
		this.deadlines = new RequestDeadlines<>(timer, this::expired);
		this.sendTimeoutNanos = loop.spec().sendTimeout().toNanos();
		this.retry = loop.spec().requestRetry();
		this.timer = timer;
	}

	/**
	 * Opens a requester.
	 * @param loop the loop (not started), for a DEALER or REQ spec
	 * @param counters its counters
	 * @param timer the engine's timer for request timeouts
	 * @param onClosed called after the requester closed
	 * @return the open requester
	 */
	public static DefaultZmqRequester open(SocketLoop loop, SocketCounters counters, ScheduledExecutorService timer,
			Consumer<ManagedSocket> onClosed) {
		DefaultZmqRequester requester = new DefaultZmqRequester(loop, counters, timer, onClosed);
		loop.receiveWith(requester::onReply, () -> true);
		loop.start("zmq-" + loop.spec().name());
		return requester;
	}

	@Override
	public ZmqMessage request(ZmqMessage body, Duration timeout) {
		try {
			return sendWithRetries(body, timeout).join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				// Re-throw the typed exception with the caller's stack on top.
				runtime.addSuppressed(new Exception("request on socket '" + name() + "' called from here"));
				throw runtime;
			}
			throw ex;
		}
	}

	@Override
	public CompletableFuture<ZmqMessage> requestAsync(ZmqMessage body, Duration timeout) {
		// Dependent stages must not run on the socket's owner thread (a blocking one would stall every reply).
		return sendWithRetries(body, timeout).whenCompleteAsync((reply, ex) -> {
		});
	}

	@Override
	public int inFlight() {
		return this.pending.size();
	}

	private CompletableFuture<ZmqMessage> sendWithRetries(ZmqMessage body, Duration timeout) {
		Objects.requireNonNull(body, "'body' must not be null");
		Objects.requireNonNull(timeout, "'timeout' must not be null");
		if (!this.retry.retries() && this.retry.totalTimeout() == null) {
			// Queuing the request waits at most its own timeout, not a longer send timeout.
			return send(body, timeout, Math.min(this.sendTimeoutNanos, timeout.toNanos()));
		}
		return new Retrying(body, timeout).start();
	}

	private CompletableFuture<ZmqMessage> send(ZmqMessage body, Duration timeout, long sendTimeoutNanos) {
		long id = this.ids.incrementAndGet();
		Pending request = new Pending(id, timeout);
		this.pending.put(id, request);
		this.deadlines.track(request, timeout.toNanos());
		byte[][] frames = new byte[body.size() + 2][];
		frames[0] = encode(id);
		frames[1] = EMPTY;
		for (int i = 0; i < body.size(); i++) {
			frames[i + 2] = body.frame(i);
		}
		try {
			this.loop.send(frames, sendTimeoutNanos);
		}
		catch (ZmqSendTimeoutException ex) {
			this.pending.remove(id, request);
			// When the request's own timeout bounded the queueing, it is that timeout that expired.
			request.reply.completeExceptionally((sendTimeoutNanos >= timeout.toNanos())
					? new ZmqRequestTimeoutException(name(), timeout, ex) : ex);
		}
		catch (RuntimeException ex) {
			this.pending.remove(id, request);
			request.reply.completeExceptionally(ex);
		}
		return request.reply;
	}

	private void expired(Pending request) {
		if (this.pending.remove(request.id, request)) {
			request.reply.completeExceptionally(new ZmqRequestTimeoutException(name(), request.timeout));
			abandon(request.id);
		}
	}

	private void abandon(long id) {
		try {
			this.loop.execute((socket) -> socket.cancelRequest(encode(id)));
		}
		catch (ZmqClosedException ex) {
			// Closing: every connection goes anyway.
		}
	}

	private void onReply(byte[][] frames) {
		if (frames.length < 2 || frames[0].length != 8 || frames[1].length != 0) {
			this.counters.malformed();
			return;
		}
		Pending request = this.pending.remove(decode(frames[0]));
		if (request == null) {
			this.counters.lateReply();
			return;
		}
		ZmqMessage reply = (frames.length == 2) ? ZmqMessage.of(EMPTY)
				: ZmqMessage.of(Arrays.copyOfRange(frames, 2, frames.length));
		request.reply.complete(reply);
	}

	@Override
	void afterClose() {
		this.deadlines.close();
		for (Long id : this.pending.keySet()) {
			Pending request = this.pending.remove(id);
			if (request != null) {
				request.reply.completeExceptionally(new ZmqClosedException("requester '" + name()
						+ "' was closed while the request waited for its reply"));
			}
		}
	}

	private static byte[] encode(long id) {
		byte[] bytes = new byte[8];
		for (int i = 7; i >= 0; i--) {
			bytes[i] = (byte) id;
			id >>>= 8;
		}
		return bytes;
	}

	private static long decode(byte[] bytes) {
		long id = 0;
		for (byte b : bytes) {
			id = (id << 8) | (b & 0xFF);
		}
		return id;
	}

	/**
	 * One request under the retry policy: each attempt is a request of its own (own id, own timeout), so a late reply
	 * to an abandoned attempt is dropped as late and never completes the request twice.
	 */
	private final class Retrying {

		private final ZmqMessage body;

		private final Duration timeout;

		private final long start = System.nanoTime();

		private final boolean bounded;

		private final long deadline;

		private final CompletableFuture<ZmqMessage> result = new CompletableFuture<>();

		private int attempt;

		Retrying(ZmqMessage body, Duration timeout) {
			this.body = body;
			this.timeout = timeout;
			Duration total = DefaultZmqRequester.this.retry.totalTimeout();
			this.bounded = total != null;
			this.deadline = (total != null) ? this.start + total.toNanos() : 0;
		}

		CompletableFuture<ZmqMessage> start() {
			// The first attempt may wait for room at the high water mark like any request; retries run on the
			// engine's timer thread and must not block it, so they queue their request or fail at once.
			attempt(DefaultZmqRequester.this.sendTimeoutNanos);
			return this.result;
		}

		private void attempt(long sendTimeoutNanos) {
			this.attempt++;
			Duration wait = this.timeout;
			long queueFor = Math.min(sendTimeoutNanos, this.timeout.toNanos());
			if (this.bounded) {
				long remaining = Math.max(this.deadline - System.nanoTime(), 1);
				wait = (remaining < this.timeout.toNanos()) ? Duration.ofNanos(remaining) : this.timeout;
				queueFor = Math.min(queueFor, remaining);
			}
			send(this.body, wait, queueFor).whenComplete((reply, ex) -> {
				if (ex == null) {
					this.result.complete(reply);
				}
				else {
					failed(ex);
				}
			});
		}

		private void failed(Throwable ex) {
			Throwable failure = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
			boolean retryable = failure instanceof ZmqRequestTimeoutException
					|| failure instanceof ZmqSendTimeoutException;
			long backoff = DefaultZmqRequester.this.retry.backoffNanos(this.attempt);
			long now = System.nanoTime();
			if (!retryable || state() == SocketState.CLOSING || state() == SocketState.CLOSED) {
				this.result.completeExceptionally(failure);
				return;
			}
			if (this.attempt >= DefaultZmqRequester.this.retry.maxAttempts() || (this.bounded && this.deadline - now - backoff <= 0)) {
				this.result.completeExceptionally(new ZmqRequestRetriesExhaustedException(name(), this.timeout,
						this.attempt, Duration.ofNanos(now - this.start), failure));
				return;
			}
			DefaultZmqRequester.this.counters.requestRetried();
			try {
				DefaultZmqRequester.this.timer.schedule(() -> attempt(0), backoff, TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException closing) {
				this.result.completeExceptionally(failure);
			}
		}

	}

	private static final class Pending implements RequestDeadlines.Tracked {

		final long id;

		final Duration timeout;

		final CompletableFuture<ZmqMessage> reply = new CompletableFuture<>();

		Pending(long id, Duration timeout) {
			this.id = id;
			this.timeout = timeout;
		}

		@Override
		public boolean settled() {
			return this.reply.isDone();
		}

	}

}
