package io.github.zmqspring.core.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketStats;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.hostile.HostileFixture.Target;

import static org.assertj.core.api.Assertions.assertThat;
import static io.github.zmqspring.core.hostile.HostileFixture.waitAtMost;

/**
 * Every oversized or impossible frame size header (all ones, the top bit set, 2^31−1, the limit plus one), on data
 * frames and on commands, before and after the handshake, against the REP server, the PULL receiver and the PUB: the
 * offender is dropped at once and reported with its address ({@code HANDSHAKE_FAILED} before the handshake,
 * {@code ENGINE_FAULT} after), nothing it sent reaches a handler, and the same socket serves a good peer within 5 s.
 * Frames of exactly the limit are still delivered, and a declared size costs no memory until its bytes arrive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FrameSizeHeaderTests {

	private static final long MAX = ZmqSocketSpec.DEFAULT_MAX_MESSAGE_SIZE;

	private final HostileFixture fixture = new HostileFixture("frame-sizes");

	@BeforeEach
	void startCase() {
		this.fixture.startCase();
	}

	@AfterAll
	void closeEngine() {
		this.fixture.close();
	}

	/** A size header as it goes on the wire: its flags octet and 8 size octets. */
	record Header(String name, byte[] bytes) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	/** Every impossible or oversized header, as a data frame, a data frame with MORE and a command. */
	static Stream<Header> headers() {
		List<Header> headers = new ArrayList<>();
		headers.add(new Header("FF + 8×FF", ZmtpBytes.filled(9, 0xFF)));
		long[] sizes = { -1L, Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MIN_VALUE + 255, Long.MIN_VALUE + MAX,
				Integer.MAX_VALUE, 1L << 32, MAX + 1 };
		String[] sizeNames = { "2^64-1", "2^63", "2^63+1", "2^63+255", "2^63+max", "2^31-1", "2^32", "max+1" };
		int[] flags = { 0, ZmtpBytes.MORE, ZmtpBytes.COMMAND };
		String[] flagNames = { "data", "data+MORE", "command" };
		for (int f = 0; f < flags.length; f++) {
			for (int s = 0; s < sizes.length; s++) {
				headers.add(new Header(flagNames[f] + " " + sizeNames[s], ZmtpBytes.longHeader(flags[f], sizes[s])));
			}
		}
		return headers.stream();
	}

	static Stream<Arguments> everyTargetAndHeader() {
		return Stream.of(Target.values()).flatMap((target) -> headers().map((header) -> Arguments.of(target, header)));
	}

	@Nested
	class AfterTheHandshake {

		@ParameterizedTest(name = "{0}: {1}")
		@MethodSource("io.github.zmqspring.core.hostile.FrameSizeHeaderTests#everyTargetAndHeader")
		void theOffenderIsDroppedAndReportedAsAnEngineFaultAndAGoodPeerIsServed(Target target, Header header)
				throws Exception {
			HostileFixture fixture = FrameSizeHeaderTests.this.fixture;
			long faultsBefore = fixture.count(target, SocketStats::engineFaults);
			try (RawPeer offender = fixture.handshake(target)) {
				offender.writeAfterOffence(header.bytes());
				// What follows the header would be a body; a decoder that took a wrong size reads it as frames.
				offender.writeAfterOffence(ZmtpBytes.filled(1024, 0), ZmtpBytes.message("offender " + header));
				fixture.assertDroppedAndReported(target, offender, SocketEventType.ENGINE_FAULT);
			}
			assertThat(fixture.count(target, SocketStats::engineFaults)).isGreaterThan(faultsBefore);
			fixture.assertServed(target);
		}

	}

	@Nested
	class DuringTheHandshake {

		@ParameterizedTest(name = "{0}: {1} instead of READY")
		@MethodSource("io.github.zmqspring.core.hostile.FrameSizeHeaderTests#everyTargetAndHeader")
		void theOffenderIsRefusedAndReportedAsAFailedHandshakeAndAGoodPeerIsServed(Target target, Header header)
				throws Exception {
			HostileFixture fixture = FrameSizeHeaderTests.this.fixture;
			long failuresBefore = fixture.count(target, SocketStats::handshakeFailures);
			try (RawPeer offender = RawPeer.connect(fixture.port(target))) {
				offender.write(ZmtpBytes.greeting());
				offender.readGreeting();
				offender.writeAfterOffence(header.bytes());
				offender.writeAfterOffence(ZmtpBytes.filled(1024, 0), ZmtpBytes.ready(target.peerType()),
						ZmtpBytes.message("offender " + header));
				fixture.assertDroppedAndReported(target, offender, SocketEventType.HANDSHAKE_FAILED);
			}
			assertThat(fixture.count(target, SocketStats::handshakeFailures)).isGreaterThan(failuresBefore);
			fixture.assertServed(target);
		}

		@ParameterizedTest(name = "{0}")
		@MethodSource("io.github.zmqspring.core.hostile.FrameSizeHeaderTests#targets")
		void aHeaderOfAllOnesInsteadOfTheGreetingIsRefused(Target target) throws Exception {
			HostileFixture fixture = FrameSizeHeaderTests.this.fixture;
			try (RawPeer offender = RawPeer.connect(fixture.port(target))) {
				// FF + 8×FF + FF passes for a signature: the version and mechanism octets must refuse it.
				offender.writeAfterOffence(ZmtpBytes.filled(64, 0xFF), ZmtpBytes.message("offender"));
				fixture.assertDroppedAndReported(target, offender, SocketEventType.HANDSHAKE_FAILED);
			}
			fixture.assertServed(target);
		}

	}

	static Stream<Target> targets() {
		return Stream.of(Target.values());
	}

	@Nested
	class AtTheLimit {

		@Test
		void aFrameOfExactlyTheMaximumSizeIsDeliveredToThePullReceiver() throws Exception {
			HostileFixture fixture = FrameSizeHeaderTests.this.fixture;
			try (RawPeer peer = fixture.handshake(Target.PULL)) {
				byte[] body = ZmtpBytes.filled((int) MAX, 'x');
				System.arraycopy(ZmtpBytes.utf8("good-max"), 0, body, 0, 8);
				peer.write(ZmtpBytes.dataFrame(false, body));
				waitAtMost(HostileFixture.FIVE_SECONDS)
					.until(() -> fixture.handled.stream().anyMatch((text) -> text.length() == MAX));
			}
			fixture.handled.removeIf((text) -> text.length() == MAX);
			fixture.assertServed(Target.PULL);
		}

		@Test
		void aMessageOfFramesAddingUpToExactlyTheMaximumSizeIsDelivered() throws Exception {
			HostileFixture fixture = FrameSizeHeaderTests.this.fixture;
			try (RawPeer peer = fixture.handshake(Target.PULL)) {
				byte[][] frames = new byte[4][];
				for (int i = 0; i < frames.length; i++) {
					frames[i] = ZmtpBytes.filled((int) (MAX / frames.length), 'y');
				}
				frames[0] = ZmtpBytes.concat(ZmtpBytes.utf8("good-sum"),
						ZmtpBytes.filled((int) (MAX / frames.length) - 8, 'y'));
				peer.write(ZmtpBytes.message(frames));
				waitAtMost(HostileFixture.FIVE_SECONDS)
					.until(() -> fixture.handled.stream().anyMatch((text) -> text.startsWith("good-sum")));
				assertThat(peer.closedByServerWithin(java.time.Duration.ofMillis(200))).isFalse();
			}
			fixture.handled.removeIf((text) -> text.startsWith("good-sum"));
			fixture.assertServed(Target.PULL);
		}

	}

	@Nested
	class Memory {

		@Test
		void aHundredPeersDeclaringFramesOfTheMaximumSizeCostOnlyTheBytesTheySent() throws Exception {
			HostileFixture fixture = FrameSizeHeaderTests.this.fixture;
			long baseline = HostileFixture.settledHeap();
			List<RawPeer> peers = new ArrayList<>();
			try {
				// 100 × 4 MiB = 400 MiB if the engine sized its buffers from the header; 100 × 1 KiB from the bytes.
				for (int i = 0; i < 100; i++) {
					RawPeer peer = fixture.handshake(Target.PULL);
					peers.add(peer);
					peer.write(ZmtpBytes.longHeader(0, MAX), ZmtpBytes.filled(1024, 'z'));
				}
				fixture.assertServed(Target.PULL);
				HostileFixture.assertHeapWithinBoundOf(baseline);
			}
			finally {
				peers.forEach(RawPeer::close);
			}
			fixture.assertServed(Target.PULL);
		}

		@Test
		void aHundredPeersDeclaringImpossibleSizesLeaveTheHeapWhereItWas() throws Exception {
			HostileFixture fixture = FrameSizeHeaderTests.this.fixture;
			long baseline = HostileFixture.settledHeap();
			for (long size : new long[] { Integer.MAX_VALUE, Long.MIN_VALUE + Integer.MAX_VALUE, -1L }) {
				List<RawPeer> peers = new ArrayList<>();
				try {
					for (int i = 0; i < 100; i++) {
						RawPeer peer = fixture.handshake(Target.REP);
						peers.add(peer);
						peer.writeAfterOffence(ZmtpBytes.longHeader(0, size));
					}
					for (RawPeer peer : peers) {
						assertThat(peer.closedByServerWithin(HostileFixture.FIVE_SECONDS)).isTrue();
					}
				}
				finally {
					peers.forEach(RawPeer::close);
				}
			}
			HostileFixture.assertHeapWithinBoundOf(baseline);
			fixture.assertServed(Target.REP);
		}

	}

}
