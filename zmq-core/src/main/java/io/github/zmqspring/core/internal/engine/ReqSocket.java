package io.github.zmqspring.core.internal.engine;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqException;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.DriverEventSink;
import io.github.zmqspring.core.internal.SendResult;

/**
 * REQ as libzmq speaks it on the wire (RFC 28): every connection is a REQ state machine that sends {@code [""][body]},
 * one request at a time, and takes the reply only from the peer it asked; anything else is dropped. A connect makes
 * {@link ZmqSocketSpec#reqPoolSize()} such connections to the endpoint, so the engine's requester can have that many
 * requests in flight per endpoint while every ROUTER server or broker written for libzmq sees plain REQ peers.
 * <p>
 * The requester talks to this socket in its own format: it sends {@code [request id][""][body]} and receives
 * {@code [request id][""][reply]}; the id never goes on the wire. A request given up by the requester
 * ({@link #cancelRequest}) keeps its connection busy: its late reply, if it comes within a second, is handed over
 * (and counted as late); otherwise the connection is reset, so that a late reply can never answer a later request.
 */
final class ReqSocket extends EngineSocket {

	ReqSocket(ZmqSocketSpec spec, ZmtpDriver driver, DriverEventSink events, Runnable signal) {
		super(spec, SocketType.REQ, driver, events, signal);
	}

	/** One connection's REQ state. */
	private static final class Lane {

		byte @Nullable [] requestId;

		boolean abandoned;

	}

	private static Lane lane(Link link) {
		if (!(link.typeState instanceof Lane lane)) {
			Lane created = new Lane();
			link.typeState = created;
			return created;
		}
		return lane;
	}

	@Override
	SendResult xsend(byte[][] frames) {
		if (frames.length < 2 || frames[1].length != 0) {
			throw new ZmqException("socket '" + this.spec.name() + "': a REQ socket is driven by the engine's requester");
		}
		byte[][] wire = Arrays.copyOfRange(frames, 1, frames.length);
		int count = this.links.size();
		for (int i = 0; i < count; i++) {
			int index = (this.next + i) % count;
			Link link = this.links.get(index);
			Lane lane = lane(link);
			if (lane.requestId == null && link.outbound.offer(wire)) {
				lane.requestId = frames[0];
				lane.abandoned = false;
				this.next = (index + 1) % count;
				return SendResult.SENT;
			}
		}
		return SendResult.WOULD_BLOCK;
	}

	private int next;

	@Override
	boolean xwritable() {
		for (Link link : this.links) {
			if (lane(link).requestId == null && link.outbound.hasRoom()) {
				return true;
			}
		}
		return false;
	}

	@Override
	byte @Nullable [][] xreceive() {
		Received received;
		while ((received = pollFairly()) != null) {
			Lane lane = lane(received.link());
			byte[][] frames = received.frames();
			byte[] id = lane.requestId;
			if (id == null || frames.length == 0 || frames[0].length != 0) {
				// Not asked for, or no empty delimiter: libzmq's REQ drops it too.
				continue;
			}
			// A late reply to an abandoned request goes to the requester too, which counts it as late.
			lane.requestId = null;
			lane.abandoned = false;
			byte[][] reply = new byte[frames.length + 1][];
			reply[0] = id;
			System.arraycopy(frames, 0, reply, 1, frames.length);
			return reply;
		}
		return null;
	}

	@Override
	public void cancelRequest(byte[] requestId) {
		boolean found = false;
		this.lock.lock();
		try {
			for (Link link : this.links) {
				Lane lane = lane(link);
				if (lane.requestId != null && Arrays.equals(lane.requestId, requestId)) {
					lane.abandoned = true;
					found = true;
					break;
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		if (found) {
			IoThread io = this.driver.nextIo();
			io.execute(() -> io.schedule(LATE_REPLY_GRACE_NANOS, () -> resetIfStillWaiting(requestId)));
		}
	}

	/** A late reply still frees its connection within this grace; after it the connection is reset. */
	private static final long LATE_REPLY_GRACE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

	private void resetIfStillWaiting(byte[] requestId) {
		Connection reset = null;
		this.lock.lock();
		try {
			for (Link link : this.links) {
				Lane lane = lane(link);
				if (lane.abandoned && lane.requestId != null && Arrays.equals(lane.requestId, requestId)) {
					reset = link.connection;
					break;
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		if (reset != null) {
			reset.abort(SocketEventType.DISCONNECTED, "a request got no reply, even late: the REQ connection is reset "
					+ "(the guide's Lazy Pirate) so that its reply cannot answer a later request", true);
		}
	}

}
