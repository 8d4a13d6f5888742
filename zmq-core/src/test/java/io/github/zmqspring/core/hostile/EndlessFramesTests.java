package io.github.zmqspring.core.hostile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketStats;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.hostile.HostileFixture.Target;

import static io.github.zmqspring.core.hostile.HostileFixture.waitAtMost;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peers that set MORE forever, with empty, 1-octet, 64 KiB and maximum-size frames, against the REP server, the PULL
 * receiver and the PUB: the engine caps the whole message (frame count and the sum of frame sizes, 16 MiB by default,
 * not only each frame), drops the
 * offender once past the cap and reports it as an {@code ENGINE_FAULT}, memory stays bounded, and the same socket
 * serves a good peer within 5 s. A message of exactly the limits is still delivered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EndlessFramesTests {

	private static final int MAX_FRAMES = ZmqSocketSpec.DEFAULT_MAX_FRAMES;

	private static final long MAX_SIZE = ZmqSocketSpec.DEFAULT_MAX_MESSAGE_SIZE;

	/** The default cap on a whole message, all frames together (four times the frame cap). */
	private static final long MAX_MULTIPART = ZmqSocketSpec.builder("defaults", SocketType.PULL).build().maxMultipartSize();

	/** An offender that is not dropped by then has been let through: 4 000× the frame limit in 2-octet frames. */
	private static final long SMALL_CAP = 16L * 1024 * 1024;

	/** 4× the whole-message limit in 64 KiB frames. */
	private static final long LARGE_CAP = 64L * 1024 * 1024;

	private static final Duration WRITE_DEADLINE = Duration.ofSeconds(10);

	private final HostileFixture fixture = new HostileFixture("endless-frames");

	@BeforeEach
	void startCase() {
		this.fixture.startCase();
	}

	@AfterAll
	void closeEngine() {
		this.fixture.close();
	}

	/** A 64 KiB chunk of frames of the given body size, all with MORE set. */
	private static Supplier<byte[]> moreFrames(int bodySize) {
		byte[] frame = ZmtpBytes.dataFrame(true, ZmtpBytes.filled(bodySize, 'o'));
		int perChunk = Math.max(1, (64 * 1024) / frame.length);
		byte[] chunk = new byte[perChunk * frame.length];
		for (int i = 0; i < perChunk; i++) {
			System.arraycopy(frame, 0, chunk, i * frame.length, frame.length);
		}
		return () -> chunk;
	}

	private void assertEndlessMessageIsCutOff(Target target, int bodySize, long cap) throws Exception {
		long baseline = HostileFixture.settledHeap();
		long faultsBefore = this.fixture.count(target, SocketStats::engineFaults);
		try (RawPeer offender = this.fixture.handshake(target)) {
			String address = offender.address();
			offender.write(ZmtpBytes.dataFrame(true, ZmtpBytes.utf8("offender")));
			long written = offender.writeUntilClosed(moreFrames(bodySize), cap, WRITE_DEADLINE);
			assertThat(written).as("bytes %s took before the server closed the offender (-1: never closed)", target)
				.isNotNegative();
			this.fixture.assertDroppedAndReported(target, offender, SocketEventType.ENGINE_FAULT);
			assertThat(this.fixture.reported(target, SocketEventType.ENGINE_FAULT, address)).isEqualTo(1);
		}
		assertThat(this.fixture.count(target, SocketStats::engineFaults)).isGreaterThan(faultsBefore);
		HostileFixture.assertHeapWithinBoundOf(baseline);
		this.fixture.assertServed(target);
	}

	@Nested
	class MoreForever {

		@ParameterizedTest
		@EnumSource(Target.class)
		void emptyFramesAreCutOffByTheFrameLimit(Target target) throws Exception {
			assertEndlessMessageIsCutOff(target, 0, SMALL_CAP);
		}

		@ParameterizedTest
		@EnumSource(Target.class)
		void oneOctetFramesAreCutOffByTheFrameLimit(Target target) throws Exception {
			assertEndlessMessageIsCutOff(target, 1, SMALL_CAP);
		}

		@ParameterizedTest
		@EnumSource(Target.class)
		void sixtyFourKibibyteFramesAreCutOffByTheMessageSizeLimit(Target target) throws Exception {
			assertEndlessMessageIsCutOff(target, 64 * 1024 - 9, LARGE_CAP);
		}

		@ParameterizedTest
		@EnumSource(Target.class)
		void framesEachOfTheMaximumSizeAreCutOffBySheerSum(Target target) throws Exception {
			// Every frame is legal on its own; only the whole message is too large.
			assertEndlessMessageIsCutOff(target, (int) MAX_SIZE, LARGE_CAP);
		}

	}

	@Nested
	class AtTheLimits {

		@Test
		void aMessageOfExactlyTheMaximumFrameCountIsDelivered() throws Exception {
			HostileFixture fixture = EndlessFramesTests.this.fixture;
			byte[][] frames = new byte[MAX_FRAMES][];
			frames[0] = ZmtpBytes.utf8("good-all-frames");
			for (int i = 1; i < MAX_FRAMES; i++) {
				frames[i] = new byte[] { (byte) i };
			}
			try (RawPeer peer = fixture.handshake(Target.PULL)) {
				peer.write(ZmtpBytes.message(frames));
				waitAtMost(HostileFixture.FIVE_SECONDS).until(() -> fixture.handled.contains("good-all-frames"));
				assertThat(fixture.pulledFrameCounts).contains(MAX_FRAMES);
				assertThat(peer.closedByServerWithin(Duration.ofMillis(200))).isFalse();
			}
			fixture.assertServed(Target.PULL);
		}

		@ParameterizedTest
		@EnumSource(Target.class)
		void oneFrameMoreThanTheMaximumDropsTheOffender(Target target) throws Exception {
			HostileFixture fixture = EndlessFramesTests.this.fixture;
			byte[][] frames = new byte[MAX_FRAMES + 1][];
			frames[0] = ZmtpBytes.utf8("offender-one-too-many");
			for (int i = 1; i <= MAX_FRAMES; i++) {
				frames[i] = new byte[0];
			}
			try (RawPeer offender = fixture.handshake(target)) {
				offender.writeAfterOffence(ZmtpBytes.message(frames));
				fixture.assertDroppedAndReported(target, offender, SocketEventType.ENGINE_FAULT);
			}
			fixture.assertServed(target);
		}

		@Test
		void aMessageOfExactlyTheWholeMessageLimitIsDelivered() throws Exception {
			HostileFixture fixture = EndlessFramesTests.this.fixture;
			int frames = (int) (MAX_MULTIPART / MAX_SIZE);
			byte[][] message = new byte[frames][];
			message[0] = ZmtpBytes.concat(ZmtpBytes.utf8("good-whole"), ZmtpBytes.filled((int) MAX_SIZE - 10, 'w'));
			for (int i = 1; i < frames; i++) {
				message[i] = ZmtpBytes.filled((int) MAX_SIZE, 'w');
			}
			try (RawPeer peer = fixture.handshake(Target.PULL)) {
				peer.write(ZmtpBytes.message(message));
				waitAtMost(HostileFixture.FIVE_SECONDS)
					.until(() -> fixture.handled.stream().anyMatch((text) -> text.startsWith("good-whole")));
				assertThat(fixture.pulledFrameCounts).contains(frames);
				assertThat(peer.closedByServerWithin(Duration.ofMillis(200))).isFalse();
			}
			fixture.startCase();
			fixture.assertServed(Target.PULL);
		}

		@ParameterizedTest
		@EnumSource(Target.class)
		void oneOctetMoreThanTheWholeMessageLimitDropsTheOffender(Target target) throws Exception {
			HostileFixture fixture = EndlessFramesTests.this.fixture;
			int frames = (int) (MAX_MULTIPART / MAX_SIZE);
			try (RawPeer offender = fixture.handshake(target)) {
				for (int i = 0; i < frames; i++) {
					offender.writeAfterOffence(ZmtpBytes.dataFrame(true, ZmtpBytes.filled((int) MAX_SIZE, 'o')));
				}
				offender.writeAfterOffence(ZmtpBytes.dataFrame(false, new byte[] { 'o' }));
				fixture.assertDroppedAndReported(target, offender, SocketEventType.ENGINE_FAULT);
			}
			fixture.assertServed(target);
		}

	}

	@Nested
	class Memory {

		@Test
		void twentyOffendersSettingMoreForeverAtOnceAreAllDroppedAndTheHeapStaysBounded() throws Exception {
			HostileFixture fixture = EndlessFramesTests.this.fixture;
			long baseline = HostileFixture.settledHeap();
			List<RawPeer> offenders = new ArrayList<>();
			try {
				for (int i = 0; i < 20; i++) {
					offenders.add(fixture.handshake((i % 2 == 0) ? Target.PULL : Target.REP));
				}
				List<CompletableFuture<Long>> writers = new ArrayList<>();
				for (RawPeer offender : offenders) {
					writers.add(CompletableFuture.supplyAsync(
							() -> offender.writeUntilClosed(moreFrames(64 * 1024 - 9), LARGE_CAP, WRITE_DEADLINE),
							fixture.executor));
				}
				for (CompletableFuture<Long> writer : writers) {
					assertThat(writer.get(15, TimeUnit.SECONDS)).as("bytes before the drop (-1: never dropped)")
						.isNotNegative();
				}
				for (RawPeer offender : offenders) {
					assertThat(offender.closedByServerWithin(HostileFixture.FIVE_SECONDS)).isTrue();
				}
			}
			finally {
				offenders.forEach(RawPeer::close);
			}
			HostileFixture.assertHeapWithinBoundOf(baseline);
			fixture.assertServed(Target.PULL);
			fixture.assertServed(Target.REP);
		}

	}

}
