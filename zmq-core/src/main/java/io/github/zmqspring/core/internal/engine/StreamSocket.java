package io.github.zmqspring.core.internal.engine;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.DriverEventSink;
import io.github.zmqspring.core.internal.SendResult;

/**
 * STREAM: raw TCP peers that speak no ZMTP. Each connection gets a 5-octet routing id; the application receives
 * {@code [id][""]} when a peer connects and again when it disconnects, and {@code [id][bytes]} for what TCP delivered
 * (part of a line or several). Sending {@code [id][bytes]} writes the bytes; {@code [id][""]} closes that connection
 * once what was sent before is written.
 * <p>
 * A send to a peer whose queue is at the high water mark waits (up to the sender's timeout) for the peer to read; a
 * peer that reads nothing for the socket's send timeout is disconnected, and what is sent to it afterwards is dropped
 * and counted: a client that stops reading costs its own connection only, never the socket.
 */
final class StreamSocket extends EngineSocket {

	static final byte[][] NOTICE = { new byte[0] };

	private final RoutingTable peers = new RoutingTable();

	private final Map<Link, Long> blockedSince = new HashMap<>();

	StreamSocket(ZmqSocketSpec spec, ZmtpDriver driver, DriverEventSink events, Runnable signal) {
		super(spec, SocketType.STREAM, driver, events, signal);
	}

	@Override
	boolean xattach(Link link) {
		// Raw peers announce nothing: every connection gets a generated id.
		link.routingId = null;
		this.peers.add(link);
		link.inbound.force(NOTICE);
		return true;
	}

	@Override
	void xdetach(Link link) {
		this.peers.remove(link);
		this.blockedSince.remove(link);
	}

	@Override
	byte @Nullable [][] xreceive() {
		return pollRouted();
	}

	@Override
	SendResult xsend(byte[][] frames) {
		Link link = (frames.length >= 1) ? this.peers.get(frames[0]) : null;
		if (link == null || frames.length < 2) {
			return SendResult.UNROUTABLE;
		}
		byte[][] data = new byte[frames.length - 1][];
		System.arraycopy(frames, 1, data, 0, data.length);
		if (data.length == 1 && data[0].length == 0) {
			Connection connection = link.connection;
			if (connection != null) {
				connection.closeAfterFlush(this.spec.linger().toNanos());
			}
			return SendResult.SENT;
		}
		if (link.outbound.offer(data)) {
			this.blockedSince.remove(link);
			return SendResult.SENT;
		}
		long now = System.nanoTime();
		Long since = this.blockedSince.putIfAbsent(link, now);
		if (since != null && now - since >= this.spec.sendTimeout().toNanos()) {
			Connection connection = link.connection;
			if (connection != null) {
				connection.abort(io.github.zmqspring.core.SocketEventType.DISCONNECTED, "the raw TCP peer read nothing for "
						+ this.spec.sendTimeout().toMillis() + " ms (send-timeout) with its queue full", false);
			}
			return SendResult.UNROUTABLE;
		}
		return SendResult.WOULD_BLOCK;
	}

	@Override
	boolean xwritable() {
		return true;
	}

	@Override
	boolean xwritable(byte[][] frames) {
		Link link = (frames.length >= 1) ? this.peers.get(frames[0]) : null;
		if (link == null || link.outbound.hasRoom()) {
			return true;
		}
		Long since = this.blockedSince.get(link);
		return since != null && System.nanoTime() - since >= this.spec.sendTimeout().toNanos();
	}

}
