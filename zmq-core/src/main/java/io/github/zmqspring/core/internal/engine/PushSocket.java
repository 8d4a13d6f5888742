package io.github.zmqspring.core.internal.engine;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.DriverEventSink;
import io.github.zmqspring.core.internal.SendResult;

/**
 * PUSH: round-robin over the peers with room, blocking (WOULD_BLOCK) when every peer is at its high water mark or
 * there is none; receives nothing (RFC 30).
 */
final class PushSocket extends EngineSocket {

	private final RoundRobin roundRobin = new RoundRobin();

	PushSocket(ZmqSocketSpec spec, ZmtpDriver driver, DriverEventSink events, Runnable signal) {
		super(spec, SocketType.PUSH, driver, events, signal);
	}

	@Override
	SendResult xsend(byte[][] frames) {
		return (this.roundRobin.send(this.links, frames) != null) ? SendResult.SENT : SendResult.WOULD_BLOCK;
	}

	@Override
	boolean acceptsData() {
		return false;
	}

	@Override
	boolean xwritable() {
		return RoundRobin.anyRoom(this.links);
	}

	@Override
	byte[][] xreceive() {
		return null;
	}

	@Override
	boolean xreadable() {
		return false;
	}

}
