package io.github.zmqspring.core.internal;

import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.SocketStats;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * The live counters of one socket. Thread-safe.
 */
public final class SocketCounters {

	private static final Logger logger = LoggerFactory.getLogger(SocketLoop.class);

	final LongAdder messagesSent = new LongAdder();

	final LongAdder bytesSent = new LongAdder();

	final LongAdder messagesReceived = new LongAdder();

	final LongAdder bytesReceived = new LongAdder();

	final LongAdder sendTimeouts = new LongAdder();

	final LongAdder dropped = new LongAdder();

	final LongAdder handlerErrors = new LongAdder();

	final LongAdder lateReplies = new LongAdder();

	final LongAdder malformed = new LongAdder();

	final LongAdder handshakeFailures = new LongAdder();

	final LongAdder authFailures = new LongAdder();

	final LongAdder engineFaults = new LongAdder();

	final LongAdder requestRetries = new LongAdder();

	/** Counts a handler failure. */
	public void handlerError() {
		this.handlerErrors.increment();
	}

	/** Counts a late or unmatched reply. */
	public void lateReply() {
		this.lateReplies.increment();
	}

	/** Counts a request sent again under the retry policy. */
	public void requestRetried() {
		this.requestRetries.increment();
	}

	/** Counts a reply dropped because its requester's queue stayed full for the send timeout. */
	public void replyDropped() {
		this.dropped.increment();
	}

	/** Counts a malformed message. */
	public void malformed() {
		this.malformed.increment();
	}

	/**
	 * Counts a socket event that has a counter (handshake and authentication failures, engine faults).
	 * @param type the event type
	 */
	public void event(io.github.zmqspring.core.SocketEventType type) {
		switch (type) {
			case HANDSHAKE_FAILED -> this.handshakeFailures.increment();
			case AUTH_FAILED -> this.authFailures.increment();
			case ENGINE_FAULT -> this.engineFaults.increment();
			default -> {
			}
		}
	}

	/**
	 * A snapshot.
	 * @return the stats
	 */
	public SocketStats snapshot() {
		return new SocketStats(this.messagesSent.sum(), this.bytesSent.sum(), this.messagesReceived.sum(),
				this.bytesReceived.sum(), this.sendTimeouts.sum(), this.dropped.sum(), this.handlerErrors.sum(),
				this.lateReplies.sum(), this.malformed.sum(),
				this.handshakeFailures.sum(), this.authFailures.sum(), this.engineFaults.sum(), this.requestRetries.sum());
	}

	/**
	 * Counts what a send did.
	 * @param frames the message
	 * @param result what the socket did with it (never {@link SendResult#WOULD_BLOCK})
	 * @param spec the socket's spec, for the log of a dropped message
	 */
	void account(byte[][] frames, SendResult result, ZmqSocketSpec spec) {
		switch (result) {
			case SENT -> {
				this.messagesSent.increment();
				this.bytesSent.add(byteCount(frames));
			}
			case SENT_WITH_DROPS -> {
				this.messagesSent.increment();
				this.bytesSent.add(byteCount(frames));
				this.dropped.increment();
			}
			case UNROUTABLE -> {
				this.dropped.increment();
				logger.debug("Socket '{}' ({}): dropped a message whose peer is gone or full: {}", spec.name(),
						spec.type(), ZmqMessage.of(frames).dump());
			}
			case WOULD_BLOCK -> throw new IllegalStateException("not sent");
		}
	}

	static long byteCount(byte[][] frames) {
		long total = 0;
		for (byte[] frame : frames) {
			total += frame.length;
		}
		return total;
	}

}
