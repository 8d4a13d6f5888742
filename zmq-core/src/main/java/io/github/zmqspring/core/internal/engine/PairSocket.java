package io.github.zmqspring.core.internal.engine;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.DriverEventSink;
import io.github.zmqspring.core.internal.SendResult;

/**
 * PAIR: exactly one peer at a time (a second one is refused); blocks when the peer is full or absent (RFC 31).
 */
final class PairSocket extends EngineSocket {

	PairSocket(ZmqSocketSpec spec, ZmtpDriver driver, DriverEventSink events, Runnable signal) {
		super(spec, SocketType.PAIR, driver, events, signal);
	}

	@Override
	boolean xattach(Link link) {
		return this.links.isEmpty();
	}

	@Override
	SendResult xsend(byte[][] frames) {
		return (!this.links.isEmpty() && this.links.get(0).outbound.offer(frames)) ? SendResult.SENT
				: SendResult.WOULD_BLOCK;
	}

	@Override
	boolean xwritable() {
		return !this.links.isEmpty() && this.links.get(0).outbound.hasRoom();
	}

}
