package io.github.zmqspring.core.internal.engine;

import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.zmtp.ZmtpCommand;

/**
 * The heartbeats of one {@link Connection} once its handshake is complete (RFC 37): a PING every
 * {@code heartbeat-interval} carrying our {@code heartbeat-ttl}, a PONG for every PING of the peer's, and the
 * connection dropped when nothing arrived for {@code heartbeat-interval} plus {@code heartbeat-timeout}, or for the
 * TTL the peer announced.
 * <p>
 * Confined to the connection's I/O thread.
 */
final class Heartbeats {

	private final Connection connection;

	private final ZmqSocketSpec spec;

	private IoThread.@Nullable Timer timer;

	/** The peer's heartbeat TTL in nanoseconds, 0 for none. */
	private long peerTtlNanos;

	Heartbeats(Connection connection, ZmqSocketSpec spec) {
		this.connection = connection;
		this.spec = spec;
	}

	/**
	 * A PING of the peer's: its TTL is noted and a PONG with its context goes back.
	 * @param command the PING
	 */
	void onPing(ZmtpCommand command) {
		int ttl = ZmtpCommand.pingTtl(command);
		this.peerTtlNanos = TimeUnit.MILLISECONDS.toNanos(ttl * 100L);
		this.connection.command(ZmtpCommand.pong(ZmtpCommand.pingContext(command)));
		this.connection.flushOrClose();
	}

	/** Starts beating, if this socket pings or the peer announced a TTL. */
	void start() {
		long interval = this.spec.heartbeatInterval().toNanos();
		if (interval <= 0 && this.peerTtlNanos == 0) {
			return;
		}
		long period = (interval > 0) ? interval : TimeUnit.SECONDS.toNanos(1);
		this.timer = this.connection.io.schedule(period, this::beat);
	}

	/** Stops beating (the connection closed). */
	void stop() {
		if (this.timer != null) {
			this.timer.cancel();
		}
	}

	private void beat() {
		if (!this.connection.active()) {
			return;
		}
		long now = System.nanoTime();
		long interval = this.spec.heartbeatInterval().toNanos();
		long timeout = (this.spec.heartbeatTimeout() != null) ? this.spec.heartbeatTimeout().toNanos() : interval;
		long silence = now - this.connection.lastReceived();
		if ((interval > 0 && silence > interval + timeout) || (this.peerTtlNanos > 0 && silence > this.peerTtlNanos)) {
			this.connection.close(SocketEventType.DISCONNECTED, 0, "no heartbeat from the peer for "
					+ TimeUnit.NANOSECONDS.toMillis(silence) + " ms");
			return;
		}
		if (interval > 0) {
			int ttl = (this.spec.heartbeatTtl() != null) ? (int) Math.min(65535, this.spec.heartbeatTtl().toMillis() / 100) : 0;
			this.connection.command(ZmtpCommand.ping(ttl, new byte[0]));
			if (!this.connection.flushOrClose()) {
				return;
			}
		}
		long period = (interval > 0) ? interval : TimeUnit.SECONDS.toNanos(1);
		this.timer = this.connection.io.schedule(period, this::beat);
	}

}
