package io.github.zmqspring.core.internal.engine;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.DriverEventSink;
import io.github.zmqspring.core.internal.SendResult;

/**
 * DEALER: round-robin out, fair-queue in, blocking when every peer is full or there is none (RFC 28).
 */
final class DealerSocket extends EngineSocket {

	private final RoundRobin roundRobin = new RoundRobin();

	DealerSocket(ZmqSocketSpec spec, ZmtpDriver driver, DriverEventSink events, Runnable signal) {
		super(spec, SocketType.DEALER, driver, events, signal);
	}

	@Override
	SendResult xsend(byte[][] frames) {
		return (this.roundRobin.send(this.links, frames) != null) ? SendResult.SENT : SendResult.WOULD_BLOCK;
	}

	@Override
	boolean xwritable() {
		return RoundRobin.anyRoom(this.links);
	}

}
