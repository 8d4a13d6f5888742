package io.github.zmqspring.core.security;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.github.zmqspring.core.ErrorReplyFactory;
import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Raw-byte peers against a REP server of the engine: after each hostile input, a well-behaved peer is served by the
 * same named socket within 5 s, every good request is answered, nothing from the offender reaches the handler, a
 * bystander socket of the same engine is unaffected and the engine closes without hanging.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostilePeerTests {

	private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

	private static final long MAX = ZmqSocketSpec.DEFAULT_MAX_MESSAGE_SIZE;

	private final ZmqEngine engine = ZmqEngine.builder().name("hostile").build();

	private final Queue<String> handled = new ConcurrentLinkedQueue<>();

	private final Queue<SocketEvent> events = new ConcurrentLinkedQueue<>();

	private final AtomicInteger sequence = new AtomicInteger();

	private final ZmqServer guarded;

	private final ZmqServer bystander;

	private final ZmqRequester goodClient;

	private final ZmqRequester bystanderClient;

	HostilePeerTests() {
		this.engine.addEventListener(this.events::add);
		this.guarded = this.engine.server(ZmqSocketSpec.builder("guarded", SocketType.REP).bind("tcp://127.0.0.1:*").build(),
				(request) -> {
					String body = request.body().frameAsString(0);
					this.handled.add(body);
					return ZmqMessage.of("echo " + body);
				}, 1, ErrorReplyFactory.DEFAULT);
		this.bystander = this.engine.server(ZmqSocketSpec.builder("bystander", SocketType.REP).bind("tcp://127.0.0.1:*").build(),
				(request) -> ZmqMessage.of("echo " + request.body().frameAsString(0)));
		this.goodClient = this.engine.requester(ZmqSocketSpec.builder("good-client", SocketType.REQ)
			.connect("tcp://127.0.0.1:" + this.guarded.boundPort())
			.build());
		this.bystanderClient = this.engine.requester(ZmqSocketSpec.builder("bystander-client", SocketType.REQ)
			.connect("tcp://127.0.0.1:" + this.bystander.boundPort())
			.build());
	}

	@AfterAll
	void closeEngineWithoutHanging() {
		assertThat(CompletableFuture.runAsync(this.engine::close)).succeedsWithin(Duration.ofSeconds(15));
		assertThat(this.engine.isClosed()).isTrue();
	}

	/** What every case ends with: the guarded socket and its bystander serve good peers, and only them. */
	private void assertServiceIntact() throws Exception {
		String body = "good-" + this.sequence.incrementAndGet();
		assertThat(this.goodClient.requestAsync(ZmqMessage.of(body), FIVE_SECONDS).get(5, TimeUnit.SECONDS))
			.isEqualTo(ZmqMessage.of("echo " + body));
		assertThat(this.bystanderClient.request(ZmqMessage.of("still there"), FIVE_SECONDS))
			.isEqualTo(ZmqMessage.of("echo still there"));
		assertThat(this.handled).allMatch((handled) -> handled.startsWith("good-"));
	}

	private List<SocketEvent> faultsOf(String socket) {
		return this.events.stream()
			.filter((event) -> event.type() == SocketEventType.ENGINE_FAULT && event.socketName().equals(socket))
			.toList();
	}

	@Nested
	class FrameSizes {

		@Test
		void allOnesSizeIsDroppedReportedAndDoesNotWedgeTheIoThread() throws Exception {
			long faultsBefore = HostilePeerTests.this.guarded.stats().engineFaults();
			try (RawZmtpPeer offender = RawZmtpPeer.handshake(HostilePeerTests.this.guarded.boundPort(), "REQ")) {
				// FF x8, then more traffic: plain JeroMQ 0.6.0 spins forever in its decoder on the next read.
				offender.write(RawZmtpPeer.longFrameHeader(-1L));
				offender.write(new byte[64 * 1024]);
				String peer = "tcp://127.0.0.1:" + offender.localPort();
				await().atMost(FIVE_SECONDS)
					.until(() -> faultsOf("guarded").stream().anyMatch((event) -> event.endpoint().equals(peer)));
				assertThat(HostilePeerTests.this.guarded.stats().engineFaults()).isEqualTo(faultsBefore + 1);
				assertServiceIntact();
			}
			assertServiceIntact();
		}

		@Test
		void twoToThe63IsRefusedAndTheOffenderDropped() throws Exception {
			// JeroMQ 0.6.0 read this size as 0 and desynchronised the stream; the engine reads sizes unsigned.
			try (RawZmtpPeer offender = RawZmtpPeer.handshake(HostilePeerTests.this.guarded.boundPort(), "REQ")) {
				offender.write(RawZmtpPeer.longFrameHeader(Long.MIN_VALUE));
				offender.write(new byte[100]);
				String peer = "tcp://127.0.0.1:" + offender.localPort();
				await().atMost(FIVE_SECONDS)
					.until(() -> faultsOf("guarded").stream().anyMatch((event) -> event.endpoint().equals(peer)));
				assertThat(offender.closedByServerWithin(FIVE_SECONDS)).isTrue();
				assertServiceIntact();
			}
			assertServiceIntact();
		}

		@Test
		void twoToThe63PlusTwoGibibytesAllocatesNothingAndIsDropped() throws Exception {
			try (RawZmtpPeer offender = RawZmtpPeer.handshake(HostilePeerTests.this.guarded.boundPort(), "REQ")) {
				offender.write(RawZmtpPeer.longFrameHeader(Long.MIN_VALUE + Integer.MAX_VALUE));
				offender.write(RawZmtpPeer.message("", "from the offender"));
				String peer = "tcp://127.0.0.1:" + offender.localPort();
				await().atMost(FIVE_SECONDS)
					.until(() -> faultsOf("guarded").stream().anyMatch((event) -> event.endpoint().equals(peer)));
				assertServiceIntact();
			}
			assertServiceIntact();
		}

		@Test
		void twoGibibytesAndJustAboveTheLimitCloseTheConnection() throws Exception {
			for (long size : new long[] { Integer.MAX_VALUE, MAX + 1 }) {
				try (RawZmtpPeer offender = RawZmtpPeer.handshake(HostilePeerTests.this.guarded.boundPort(), "REQ")) {
					offender.write(RawZmtpPeer.longFrameHeader(size));
					assertThat(offender.closedByServerWithin(FIVE_SECONDS)).as("closed after declaring %d bytes", size).isTrue();
				}
				assertServiceIntact();
			}
		}

		@Test
		void aFrameOfExactlyTheLimitIsStillDelivered() throws Exception {
			ZmqMessage large = ZmqMessage.of(new byte[(int) MAX]);
			try (ZmqServer sized = HostilePeerTests.this.engine.server(
					ZmqSocketSpec.builder("sized", SocketType.REP).bind("tcp://127.0.0.1:*").build(),
					(request) -> ZmqMessage.of(String.valueOf(request.body().frame(0).length)));
					ZmqRequester client = HostilePeerTests.this.engine.requester(ZmqSocketSpec.builder("sized-client", SocketType.REQ)
						.connect("tcp://127.0.0.1:" + sized.boundPort())
						.build())) {
				assertThat(client.request(large, FIVE_SECONDS)).isEqualTo(ZmqMessage.of(String.valueOf(MAX)));
			}
		}

	}

	@Nested
	class Garbage {

		@Test
		void randomBytesAfterTheHandshakeNeverReachTheHandler() throws Exception {
			for (int seed = 1; seed <= 20; seed++) {
				byte[] noise = new byte[8 * 1024];
				new Random(seed).nextBytes(noise);
				try (RawZmtpPeer offender = RawZmtpPeer.handshake(HostilePeerTests.this.guarded.boundPort(), "REQ")) {
					offender.write(noise);
				}
				catch (IOException ex) {
					// The server may close the connection while the noise is still being written.
				}
			}
			assertServiceIntact();
		}

		@Test
		void fiftyHalfFinishedHandshakesAreClosedAfterTheHandshakeIntervalWhileServiceGoesOn() throws Exception {
			try (ZmqServer quick = HostilePeerTests.this.engine.server(ZmqSocketSpec.builder("quick", SocketType.REP)
				.bind("tcp://127.0.0.1:*")
				.handshakeInterval(Duration.ofSeconds(1))
				.build(), (request) -> ZmqMessage.of("echo " + request.body().frameAsString(0)));
					ZmqRequester client = HostilePeerTests.this.engine.requester(ZmqSocketSpec.builder("quick-client", SocketType.REQ)
						.connect("tcp://127.0.0.1:" + quick.boundPort())
						.build())) {
				List<RawZmtpPeer> stalled = new ArrayList<>();
				try {
					for (int i = 0; i < 50; i++) {
						RawZmtpPeer peer = RawZmtpPeer.connect(quick.boundPort());
						stalled.add(peer);
						// The signature only: the server waits for the rest of the greeting.
						peer.write(new byte[] { (byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0x7F });
					}
					assertThat(client.request(ZmqMessage.of("meanwhile"), FIVE_SECONDS)).isEqualTo(ZmqMessage.of("echo meanwhile"));
					for (RawZmtpPeer peer : stalled) {
						assertThat(peer.closedByServerWithin(FIVE_SECONDS)).isTrue();
					}
				}
				finally {
					for (RawZmtpPeer peer : stalled) {
						peer.close();
					}
				}
				assertThat(client.request(ZmqMessage.of("after"), FIVE_SECONDS)).isEqualTo(ZmqMessage.of("echo after"));
			}
			assertServiceIntact();
		}

		@Test
		void theDefaultsAreAFiniteMessageSizeAndAFiveSecondHandshake() {
			ZmqSocketSpec spec = ZmqSocketSpec.builder("defaults", SocketType.REP).bind("tcp://127.0.0.1:*").build();
			assertThat(spec.maxMessageSize()).isEqualTo(4L * 1024 * 1024);
			assertThat(spec.handshakeInterval()).isEqualTo(FIVE_SECONDS);
		}

	}

	@Nested
	class MalformedRequests {

		@Test
		void aMalformedRequestFromAClosingPeerLosesNoReplyToRequestsInFlight() throws Exception {
			List<CompletableFuture<ZmqMessage>> inFlight = new ArrayList<>();
			for (int round = 0; round < 20; round++) {
				String body = "good-" + HostilePeerTests.this.sequence.incrementAndGet();
				inFlight.add(HostilePeerTests.this.goodClient.requestAsync(ZmqMessage.of(body), FIVE_SECONDS)
					.thenApply((reply) -> {
						assertThat(reply).isEqualTo(ZmqMessage.of("echo " + body));
						return reply;
					}));
				try (RawZmtpPeer rogue = RawZmtpPeer.handshake(HostilePeerTests.this.guarded.boundPort(), "REQ")) {
					// No empty delimiter, and the peer is gone before the server could answer.
					rogue.write(RawZmtpPeer.message("no delimiter " + round));
				}
				// A plain REQ peer asking right after: with JeroMQ's or libzmq's REP this reply is the one lost.
				try (RawZmtpPeer plainReq = RawZmtpPeer.handshake(HostilePeerTests.this.guarded.boundPort(), "REQ")) {
					String plain = "good-plain-" + round;
					plainReq.write(RawZmtpPeer.message("", plain));
					assertThat(plainReq.readMessage()).containsExactly("", "echo " + plain);
				}
			}
			CompletableFuture.allOf(inFlight.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
			await().atMost(FIVE_SECONDS).until(() -> HostilePeerTests.this.guarded.stats().malformed() >= 20);
			assertServiceIntact();
		}

	}

	@Nested
	class Memory {

		@Test
		void aHundredConnectionsDeclaringTwoGibibyteFramesCostLessThan256MebibytesOfResidentMemory() throws Exception {
			long before = residentKilobytes();
			for (long size : new long[] { Integer.MAX_VALUE, Long.MIN_VALUE + Integer.MAX_VALUE }) {
				List<RawZmtpPeer> peers = new ArrayList<>();
				try {
					for (int i = 0; i < 100; i++) {
						RawZmtpPeer peer = RawZmtpPeer.handshake(HostilePeerTests.this.guarded.boundPort(), "REQ");
						peers.add(peer);
						peer.write(RawZmtpPeer.longFrameHeader(size));
					}
					assertServiceIntact();
					long grown = residentKilobytes() - before;
					assertThat(grown).as("resident memory growth in KiB").isLessThan(256 * 1024);
				}
				finally {
					for (RawZmtpPeer peer : peers) {
						peer.close();
					}
				}
			}
		}

		private static long residentKilobytes() throws IOException {
			for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
			throw new IllegalStateException("no VmRSS in /proc/self/status");
		}

	}

}
