package io.github.zmqspring.core.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.ZmqClosedException;
import io.github.zmqspring.core.ZmqSendTimeoutException;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * Sends on a {@link SocketLoop}'s socket from the caller's thread: back-pressure is the socket's high water mark
 * itself, with nothing queued on top of it; a caller waits for room up to its timeout.
 */
final class DirectSender {

	private final ZmqSocketSpec spec;

	private final SocketCounters counters;

	private final SocketEndpoints endpoints;

	/** Whether the socket's close was requested. */
	private final BooleanSupplier closing;

	/** The exception for a closed socket. */
	private final Supplier<ZmqClosedException> closed;

	DirectSender(ZmqSocketSpec spec, SocketCounters counters, SocketEndpoints endpoints, BooleanSupplier closing,
			Supplier<ZmqClosedException> closed) {
		this.spec = spec;
		this.counters = counters;
		this.endpoints = endpoints;
		this.closing = closing;
		this.closed = closed;
	}

	/**
	 * Sends a message, waiting for room at the high water mark up to the timeout.
	 * @param open the socket, or {@code null} when it is gone
	 * @param frames the frames
	 * @param timeoutNanos how long to wait for room
	 * @return {@code false} when the socket dropped the message by its rules (a ROUTER peer gone or full), counted
	 * @throws ZmqSendTimeoutException when there was no room within the timeout
	 */
	boolean send(@Nullable DriverSocket open, byte[][] frames, long timeoutNanos) {
		long deadline = System.nanoTime() + timeoutNanos;
		while (true) {
			if (open == null || this.closing.getAsBoolean()) {
				throw this.closed.get();
			}
			SendResult result = open.send(frames);
			if (result != SendResult.WOULD_BLOCK) {
				this.counters.account(frames, result, this.spec);
				return result != SendResult.UNROUTABLE;
			}
			if (timeoutNanos <= 0 || System.nanoTime() - deadline >= 0 || !open.awaitWritable(frames, deadline)) {
				if (this.closing.getAsBoolean()) {
					throw this.closed.get();
				}
				// One last try at the deadline: the socket may drop the message by its own rules by now (a STREAM
				// peer that read nothing for the send timeout is disconnected).
				result = open.send(frames);
				if (result != SendResult.WOULD_BLOCK) {
					this.counters.account(frames, result, this.spec);
					return result != SendResult.UNROUTABLE;
				}
				this.counters.sendTimeouts.increment();
				throw new ZmqSendTimeoutException("socket '" + this.spec.name() + "' (" + this.spec.type()
						+ "): message not sent within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
						+ " ms: the socket is at its high water mark (" + this.spec.sendHighWaterMark()
						+ " messages per peer); its peers are not keeping up or none is connected to "
						+ this.endpoints);
			}
		}
	}

}
