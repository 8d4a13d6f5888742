package io.github.zmqspring.core.internal.engine;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqException;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.DriverEventSink;
import io.github.zmqspring.core.internal.SendResult;

/**
 * PULL: fair-queues the messages of its peers; sends nothing (RFC 30).
 */
final class PullSocket extends EngineSocket {

	PullSocket(ZmqSocketSpec spec, ZmtpDriver driver, DriverEventSink events, Runnable signal) {
		super(spec, SocketType.PULL, driver, events, signal);
	}

	@Override
	SendResult xsend(byte[][] frames) {
		throw new ZmqException("socket '" + this.spec.name() + "': a PULL socket cannot send");
	}

	@Override
	boolean xwritable() {
		return false;
	}

}
