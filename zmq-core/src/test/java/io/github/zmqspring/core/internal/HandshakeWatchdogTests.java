package io.github.zmqspring.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.github.zmqspring.core.SocketEventType;

import static org.assertj.core.api.Assertions.assertThat;

class HandshakeWatchdogTests {

	private static final long MS = 1_000_000L;

	private final HandshakeWatchdog watchdog = new HandshakeWatchdog(100 * MS);

	private final List<String> stalled = new ArrayList<>();

	private final AtomicInteger nudges = new AtomicInteger();

	private void check(long now) {
		this.watchdog.check(now, this.stalled::add, this.nudges::incrementAndGet);
	}

	@Test
	void aConnectionThatGreetsInTimeIsNeverNudged() {
		this.watchdog.onEvent(SocketEventType.CONNECTED, "tcp://127.0.0.1:5555", 0);
		check(50 * MS);
		this.watchdog.onEvent(SocketEventType.HANDSHAKE_SUCCEEDED, "tcp://127.0.0.1:5555", 60 * MS);
		check(1000 * MS);
		assertThat(this.nudges).hasValue(0);
		assertThat(this.stalled).isEmpty();
		assertThat(this.watchdog.nextDeadline()).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void aStalledConnectionIsReportedOnceAndNudgedWithBackOffUntilItGreets() {
		this.watchdog.onEvent(SocketEventType.CONNECTED, "tcp://127.0.0.1:5555", 0);
		assertThat(this.watchdog.nextDeadline()).isEqualTo(100 * MS);
		check(100 * MS);
		assertThat(this.stalled).containsExactly("tcp://127.0.0.1:5555");
		assertThat(this.nudges).hasValue(1);
		// Back-off: the next nudge comes after twice the threshold.
		check(250 * MS);
		assertThat(this.nudges).hasValue(1);
		check(300 * MS);
		assertThat(this.nudges).hasValue(2);
		assertThat(this.stalled).hasSize(1);
		this.watchdog.onEvent(SocketEventType.HANDSHAKE_SUCCEEDED, "tcp://127.0.0.1:5555", 310 * MS);
		check(10_000 * MS);
		assertThat(this.nudges).hasValue(2);
	}

	@Test
	void oneNudgeServesEveryStalledConnectionAtOnce() {
		this.watchdog.onEvent(SocketEventType.CONNECTED, "tcp://a:1", 0);
		this.watchdog.onEvent(SocketEventType.CONNECTED, "tcp://b:2", 0);
		check(100 * MS);
		assertThat(this.stalled).containsExactlyInAnyOrder("tcp://a:1", "tcp://b:2");
		assertThat(this.nudges).hasValue(1);
	}

	@Test
	void aConnectionClosedBeforeItsHandshakeIsToldApartFromOneClosedAfterIt() {
		String listener = "tcp://127.0.0.1:5555";
		assertThat(this.watchdog.closedBeforeHandshake(SocketEventType.ACCEPTED, listener)).isFalse();
		assertThat(this.watchdog.closedBeforeHandshake(SocketEventType.ACCEPTED, listener)).isFalse();
		assertThat(this.watchdog.closedBeforeHandshake(SocketEventType.HANDSHAKE_SUCCEEDED, listener)).isFalse();
		// One of the two greeted; the other leaves without: that one failed its handshake.
		assertThat(this.watchdog.closedBeforeHandshake(SocketEventType.DISCONNECTED, listener)).isTrue();
		// The greeted one leaving later is an ordinary disconnect.
		assertThat(this.watchdog.closedBeforeHandshake(SocketEventType.DISCONNECTED, listener)).isFalse();
		// A failure JeroMQ reports itself is not reported twice.
		this.watchdog.closedBeforeHandshake(SocketEventType.CONNECTED, "tcp://server:1");
		assertThat(this.watchdog.closedBeforeHandshake(SocketEventType.AUTH_FAILED, "tcp://server:1")).isFalse();
		assertThat(this.watchdog.closedBeforeHandshake(SocketEventType.DISCONNECTED, "tcp://server:1")).isFalse();
	}

	@Test
	void aDisconnectForgetsThePendingConnection() {
		this.watchdog.onEvent(SocketEventType.CONNECTED, "tcp://a:1", 0);
		this.watchdog.onEvent(SocketEventType.DISCONNECTED, "tcp://a:1", 10 * MS);
		check(1000 * MS);
		assertThat(this.nudges).hasValue(0);
	}

}
