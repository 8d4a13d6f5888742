package io.github.zmqspring.core.internal.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.DriverEventSink;
import io.github.zmqspring.core.internal.SendResult;

/**
 * ROUTER (RFC 28): every received message is prefixed with the routing id of the peer it came from; a sent message's
 * first frame names the peer it goes to. A peer's routing id is the {@code Identity} it announced when not empty and
 * not taken (with {@link ZmqSocketSpec#routerHandover()} the newcomer takes it and the older peer is disconnected),
 * otherwise 5 octets: {@code 00} and a 32-bit counter from a random start (as libzmq). A message for an
 * unknown or full peer is not sent and is reported as {@link SendResult#UNROUTABLE} (counted by the engine), so a
 * ROUTER never blocks; the engine's request servers {@linkplain #waitForRoomAtFullPeers() wait for room} at a full
 * peer instead, for as long as its queue makes room within the send timeout (at most 1 s without room). REP specs are served on this socket too (the engine's server keeps the envelopes).
 */
final class RouterSocket extends EngineSocket {

	private final RoutingTable peers = new RoutingTable();

	/** Whether a message for a known peer whose queue is full waits for room instead of being dropped. */
	private volatile boolean waitForRoom;

	/**
	 * With {@link #waitForRoom}: since when each peer's queue has been full without room for a message. A peer full for
	 * {@link #stallNanos} reads nothing: messages for it are dropped at once until it has room again, so that one
	 * requester that never reads costs its own replies and not everyone else's time.
	 */
	private final Map<Link, Long> fullSince = new HashMap<>();

	/** How long a peer's queue may stay full before messages for it are dropped: the send timeout, at most 1 s. */
	private final long stallNanos;

	RouterSocket(ZmqSocketSpec spec, ZmtpDriver driver, DriverEventSink events, Runnable signal) {
		super(spec, SocketType.ROUTER, driver, events, signal);
		this.stallNanos = Math.min(spec.sendTimeout().toNanos(), TimeUnit.SECONDS.toNanos(1));
	}

	@Override
	boolean xattach(Link link) {
		byte[] announced = link.routingId;
		if (announced != null && announced.length > 0 && this.spec.routerHandover()) {
			Link previous = this.peers.take(announced);
			if (previous != null) {
				// Handover: the newcomer takes the id; the older peer is disconnected (as libzmq).
				previous.routingId = null;
				Connection connection = previous.connection;
				if (connection != null) {
					connection.abort(io.github.zmqspring.core.SocketEventType.DISCONNECTED,
							"its routing id was handed over to a new connection (router-handover)", true);
				}
			}
		}
		this.peers.add(link);
		return true;
	}

	@Override
	void xdetach(Link link) {
		this.peers.remove(link);
		this.fullSince.remove(link);
	}

	@Override
	byte @Nullable [][] xreceive() {
		return pollRouted();
	}

	@Override
	SendResult xsend(byte[][] frames) {
		if (frames.length < 2) {
			return unroutable(frames, "a ROUTER message needs a routing id frame and a body");
		}
		Link link = this.peers.get(frames[0]);
		if (link == null) {
			return unroutable(frames, "no peer is connected with that routing id");
		}
		byte[][] body = new byte[frames.length - 1][];
		System.arraycopy(frames, 1, body, 0, body.length);
		if (link.outbound.offer(body)) {
			if (this.waitForRoom && !this.fullSince.isEmpty()) {
				this.fullSince.remove(link);
			}
			return SendResult.SENT;
		}
		if (!this.waitForRoom) {
			return unroutable(frames, "that peer's queue is full");
		}
		long now = System.nanoTime();
		Long since = this.fullSince.putIfAbsent(link, now);
		return (since != null && now - since >= this.stallNanos) ? SendResult.UNROUTABLE : SendResult.WOULD_BLOCK;
	}

	@Override
	public void waitForRoomAtFullPeers() {
		this.waitForRoom = true;
	}

	private SendResult unroutable(byte[][] frames, String why) {
		if (this.spec.routerMandatory()) {
			throw new io.github.zmqspring.core.ZmqException("socket '" + this.spec.name() + "' (ROUTER, router-mandatory): "
					+ "cannot route to " + ((frames.length > 0) ? io.github.zmqspring.core.ZmqMessage.of(frames[0]).dump()
							: "(no frame)") + ": " + why);
		}
		return SendResult.UNROUTABLE;
	}

	@Override
	boolean xwritable() {
		return true;
	}

	@Override
	boolean xwritable(byte[][] frames) {
		if (!this.waitForRoom || frames.length < 2) {
			return true;
		}
		Link link = this.peers.get(frames[0]);
		if (link == null || link.outbound.hasRoom()) {
			return true;
		}
		Long since = this.fullSince.get(link);
		return since != null && System.nanoTime() - since >= this.stallNanos;
	}

}
