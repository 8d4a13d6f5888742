package io.github.zmqspring.core.hostile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketStats;
import io.github.zmqspring.core.hostile.HostileFixture.Target;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handshakes that start and never finish (TCP connect only, the signature only, the whole greeting and nothing more,
 * half a READY, a greeting trickled one octet at a time), against sockets whose handshake interval is 500 ms: each
 * expires after the interval (not before it, and well within 5 s), is reported as {@code HANDSHAKE_FAILED} with the
 * peer's address and counted, and the same socket serves good peers meanwhile and afterwards. The interval is a
 * deadline from the connection, not an idle timeout: trickling octets does not extend it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HalfOpenHandshakeTests {

	private static final Duration INTERVAL = Duration.ofMillis(500);

	/** The earliest an expiry may come: the interval less a little timer slack. */
	private static final Duration NOT_BEFORE = Duration.ofMillis(400);

	private final HostileFixture fixture = new HostileFixture("half-open", INTERVAL);

	private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "hostile-trickler");
		thread.setDaemon(true);
		return thread;
	});

	@BeforeEach
	void startCase() {
		this.fixture.startCase();
	}

	@AfterAll
	void closeEngine() {
		this.trickler.shutdownNow();
		this.fixture.close();
	}

	/** A stalled peer's octets. */
	record Stall(String name, Function<String, byte[]> bytes) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	/** What a stalled peer sends before it stops, given the socket type a compatible peer declares. */
	static Stream<Stall> stalls() {
		byte[] greeting = ZmtpBytes.greeting();
		return Stream.of(new Stall("TCP connect only", (type) -> new byte[0]),
				new Stall("the signature only", (type) -> Arrays.copyOf(greeting, 10)),
				new Stall("the greeting up to the version", (type) -> Arrays.copyOf(greeting, 12)),
				new Stall("the whole greeting and nothing more", (type) -> greeting),
				new Stall("the greeting and half a READY",
						(type) -> ZmtpBytes.concat(greeting, Arrays.copyOf(ZmtpBytes.ready(type), 12))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("stalls")
	void aStalledHandshakeExpiresAfterTheIntervalAndIsReportedByEverySocket(Stall stall) throws Exception {
		Target[] targets = Target.values();
		long[] failuresBefore = new long[targets.length];
		List<RawPeer> stalled = new ArrayList<>();
		long start = System.nanoTime();
		try {
			// One stalled peer per socket at once: the three expiries run in parallel.
			for (int i = 0; i < targets.length; i++) {
				failuresBefore[i] = this.fixture.count(targets[i], SocketStats::handshakeFailures);
				RawPeer peer = RawPeer.connect(this.fixture.port(targets[i]));
				stalled.add(peer);
				peer.write(stall.bytes().apply(targets[i].peerType()));
			}
			for (int i = 0; i < targets.length; i++) {
				RawPeer peer = stalled.get(i);
				assertThat(peer.closedByServerWithin(HostileFixture.FIVE_SECONDS)).as("%s expired it within 5 s", targets[i])
					.isTrue();
				assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to expiry").isGreaterThanOrEqualTo(NOT_BEFORE);
				this.fixture.awaitReported(targets[i], SocketEventType.HANDSHAKE_FAILED, peer.address());
			}
		}
		finally {
			stalled.forEach(RawPeer::close);
		}
		for (int i = 0; i < targets.length; i++) {
			assertThat(this.fixture.count(targets[i], SocketStats::handshakeFailures)).isGreaterThan(failuresBefore[i]);
			this.fixture.assertServed(targets[i]);
		}
	}

	@Test
	void trickledOctetsDoNotExtendTheHandshakeDeadline() throws Exception {
		byte[] greeting = ZmtpBytes.greeting();
		long start = System.nanoTime();
		try (RawPeer trickling = RawPeer.connect(this.fixture.port(Target.REP))) {
			AtomicInteger next = new AtomicInteger();
			// One octet every 40 ms: the greeting alone would take 2.5 s, five times the interval.
			this.trickler.scheduleAtFixedRate(() -> {
				int index = next.getAndIncrement();
				if (index < greeting.length && !trickling.writeAfterOffence(new byte[] { greeting[index] })) {
					next.set(greeting.length);
				}
			}, 0, 40, TimeUnit.MILLISECONDS);
			assertThat(trickling.closedByServerWithin(HostileFixture.FIVE_SECONDS)).isTrue();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(NOT_BEFORE);
			assertThat(next.get()).as("octets trickled before the deadline").isLessThan(greeting.length);
			this.fixture.awaitReported(Target.REP, SocketEventType.HANDSHAKE_FAILED, trickling.address());
		}
		this.fixture.assertServed(Target.REP);
	}

	@Test
	void fiftyStalledHandshakesExpireWhileGoodPeersAreServed() throws Exception {
		List<RawPeer> stalled = new ArrayList<>();
		try {
			for (int i = 0; i < 50; i++) {
				Target target = Target.values()[i % 3];
				RawPeer peer = RawPeer.connect(this.fixture.port(target));
				stalled.add(peer);
				peer.write(ZmtpBytes.greeting());
			}
			for (Target target : Target.values()) {
				this.fixture.assertServed(target);
			}
			for (int i = 0; i < stalled.size(); i++) {
				RawPeer peer = stalled.get(i);
				assertThat(peer.closedByServerWithin(HostileFixture.FIVE_SECONDS)).isTrue();
				this.fixture.awaitReported(Target.values()[i % 3], SocketEventType.HANDSHAKE_FAILED, peer.address());
			}
		}
		finally {
			stalled.forEach(RawPeer::close);
		}
		for (Target target : Target.values()) {
			this.fixture.assertServed(target);
		}
	}

	@Test
	void aCompletedHandshakeIsNotExpiredByTheInterval() throws Exception {
		try (RawPeer peer = this.fixture.handshake(Target.REP)) {
			String address = peer.address();
			// Idle after the handshake for three intervals: only the handshake has a deadline.
			assertThat(peer.closedByServerWithin(INTERVAL.multipliedBy(3))).isFalse();
			peer.write(ZmtpBytes.message("", "good-after-idle"));
			assertThat(peer.readTextMessage()).containsExactly("", "echo good-after-idle");
			assertThat(this.fixture.reported(Target.REP, SocketEventType.HANDSHAKE_FAILED, address)).isZero();
		}
	}

}
