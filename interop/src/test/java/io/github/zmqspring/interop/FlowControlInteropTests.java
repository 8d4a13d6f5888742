package io.github.zmqspring.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSendTimeoutException;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Flow control and delivery against real pyzmq/libzmq 4.3.4 peers over tcp: high water marks counted as libzmq
 * counts them (measured with pyzmq in the same test), sends that block and time out, atomic multipart messages,
 * connect before bind in both directions (tcp and ipc), and linger delivering queued messages on close. HWM counts and blocking
 * without a peer run on the ZMTP engine; the rest on the default engine.
 */
@Tag("interop")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlowControlInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final Duration QUIET = Duration.ofMillis(300);

	private static final Duration BLOCKED = Duration.ofSeconds(1);

	private static final int LARGE = 64 * 1024;

	private final Map<String, AtomicInteger> handshakes = new ConcurrentHashMap<>();

	private final ZmqEngine engine = ZmqEngine.builder().name("interop-flow").eventListener((event) -> {
		if (event.type() == SocketEventType.HANDSHAKE_SUCCEEDED) {
			this.handshakes.computeIfAbsent(event.socketName(), (name) -> new AtomicInteger()).incrementAndGet();
		}
	}).build();

	private ZmqEngine zmtp;

	@TempDir
	Path ipcDir;

	@AfterAll
	void closeEngines() {
		this.engine.close();
		if (this.zmtp != null) {
			this.zmtp.close();
		}
	}

	/** The ZMTP engine, for behaviour only it has. */
	private synchronized ZmqEngine zmtp() {
		if (this.zmtp == null) {
			this.zmtp = ZmqEngine.builder().name("interop-flow-zmtp").build();
		}
		return this.zmtp;
	}

	/** The default engine for tcp, the ZMTP engine for ipc (see {@link Transport}). */
	private ZmqEngine engineFor(Transport transport) {
		return (transport == Transport.IPC) ? zmtp() : this.engine;
	}

	private void awaitHandshakes(String socketName, int count) {
		await().atMost(WAIT).until(() -> {
			AtomicInteger seen = this.handshakes.get(socketName);
			return seen != null && seen.get() >= count;
		});
	}

	private static String tcp(int port) {
		return "tcp://127.0.0.1:" + port;
	}

	/** A port nobody listens on right now (the kernel's choice, released at once). */
	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ZmqMessage sequenced(int sequence, int size) {
		return ZmqMessage.of(ByteBuffer.allocate(size).putInt(sequence).array());
	}

	private static List<Integer> sequences(List<ZmqMessage> messages) {
		return messages.stream().map((message) -> ByteBuffer.wrap(message.frame(0)).getInt()).toList();
	}

	private static List<Integer> range(int count) {
		List<Integer> expected = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			expected.add(i);
		}
		return expected;
	}

	/** Sends sequenced messages until one times out; returns how many were accepted. */
	private static int fill(ZmqSocket push, int size, int max) {
		for (int i = 0; i < max; i++) {
			try {
				push.send(sequenced(i, size), BLOCKED);
			}
			catch (ZmqSendTimeoutException ex) {
				return i;
			}
		}
		throw new AssertionError("the PUSH accepted " + max + " messages without blocking");
	}

	@Nested
	class HighWaterMarks {

		@Test
		void pushWithSendHwm10ToANonReadingPullAcceptsAboutAsManyAsLibzmqAndThenTimesOut() {
			try (PyPeer peer = PyPeer.start()) {
				// libzmq's own count, on this machine, now: a pyzmq PUSH sndhwm 10 to a pyzmq PULL rcvhwm 10
				peer.socket("libzmq-pull", "PULL", "rcvhwm=10").socket("libzmq-push", "PUSH", "sndhwm=10");
				int libzmqPort = peer.bind("libzmq-pull");
				peer.connect("libzmq-push", libzmqPort).send("libzmq-push", ZmqMessage.of("probe"));
				assertThat(peer.recv("libzmq-pull", WAIT)).isEqualTo(ZmqMessage.of("probe"));
				int libzmq = peer.fill("libzmq-push", LARGE, BLOCKED, 100_000);
				peer.socket("pull", "PULL", "rcvhwm=10");
				int port = peer.bind("pull");
				try (ZmqSocket push = zmtp().open(ZmqSocketSpec.builder("hwm-push", SocketType.PUSH)
					.connect(tcp(port))
					.sendHighWaterMark(10)
					.build())) {
					push.send(ZmqMessage.of("probe"));
					assertThat(peer.recv("pull", WAIT)).isEqualTo(ZmqMessage.of("probe"));
					int ours = fill(push, LARGE, 100_000);
					assertThat(ours).as("64 KiB messages accepted before blocking (libzmq: %d)", libzmq)
						.isBetween(libzmq / 2, libzmq * 2);
					assertThat(push.stats().sendTimeouts()).isEqualTo(1);
					assertThat(sequences(peer.collectHeads("pull", ours, WAIT, 4))).as("what the PULL receives once it reads")
						.containsExactlyElementsOf(range(ours));
					assertThat(peer.poll("pull", QUIET)).as("the message that timed out was not sent").isNull();
				}
			}
		}

		@Test
		void connectedPushWithoutPeerQueuesExactlyAsManyAsLibzmqAndThenTimesOut() {
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("libzmq-push", "PUSH", "sndhwm=10").connect("libzmq-push", freePort());
				int libzmq = peer.fill("libzmq-push", 16, BLOCKED, 100_000);
				int port = freePort();
				try (ZmqSocket push = zmtp().open(ZmqSocketSpec.builder("early-push", SocketType.PUSH)
					.connect(tcp(port))
					.sendHighWaterMark(10)
					.build())) {
					int ours = fill(push, 16, 100_000);
					assertThat(ours).as("messages queued for a peer that is not there yet (libzmq: %d)", libzmq)
						.isEqualTo(libzmq);
					peer.socket("pull", "PULL").bindEndpoint("pull", tcp(port));
					assertThat(sequences(peer.collect("pull", ours, WAIT))).containsExactlyElementsOf(range(ours));
					assertThat(peer.poll("pull", QUIET)).isNull();
				}
			}
		}

		@Test
		void boundPushWithoutAnyPeerBlocksUntilTheSendTimeout() {
			try (ZmqSocket push = zmtp()
				.open(ZmqSocketSpec.builder("lonely-push", SocketType.PUSH).bind("tcp://127.0.0.1:*").build())) {
				long start = System.nanoTime();
				assertThatExceptionOfType(ZmqSendTimeoutException.class)
					.isThrownBy(() -> push.send(ZmqMessage.of("nobody"), Duration.ofMillis(300)));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).as("blocked for the timeout")
					.isGreaterThanOrEqualTo(Duration.ofMillis(250));
				assertThat(push.stats().sendTimeouts()).isEqualTo(1);
			}
		}

		@Test
		void immediatePushWhosePeerIsNotThereBlocksUntilTheSendTimeout() {
			try (ZmqSocket push = zmtp().open(ZmqSocketSpec.builder("immediate-push", SocketType.PUSH)
				.connect(tcp(freePort()))
				.immediate(true)
				.build())) {
				long start = System.nanoTime();
				assertThatExceptionOfType(ZmqSendTimeoutException.class)
					.isThrownBy(() -> push.send(ZmqMessage.of("nobody"), Duration.ofMillis(300)));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).as("blocked for the timeout")
					.isGreaterThanOrEqualTo(Duration.ofMillis(250));
			}
		}

	}

	@Nested
	class Delivery {

		@Test
		void multipartMessagesOfConcurrentSendersArriveWhole() throws Exception {
			int senders = 4;
			int each = 50;
			try (ZmqSocket push = FlowControlInteropTests.this.engine
				.open(ZmqSocketSpec.builder("atomic-push", SocketType.PUSH).bind("tcp://127.0.0.1:*").build());
					PyPeer peer = PyPeer.start()) {
				peer.socket("pull", "PULL").connect("pull", push.boundPort());
				awaitHandshakes("atomic-push", 1);
				ExecutorService pool = Executors.newFixedThreadPool(senders);
				try {
					CountDownLatch start = new CountDownLatch(1);
					List<Future<?>> done = new ArrayList<>();
					for (int t = 0; t < senders; t++) {
						int sender = t;
						done.add(pool.submit(() -> {
							start.await();
							for (int i = 0; i < each; i++) {
								push.send(message(sender, i));
							}
							return null;
						}));
					}
					start.countDown();
					for (Future<?> future : done) {
						future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
					}
				}
				finally {
					pool.shutdownNow();
				}
				List<ZmqMessage> received = peer.collectHeads("pull", senders * each, WAIT, 16);
				int[] next = new int[senders];
				for (ZmqMessage message : received) {
					int sender = Integer.parseInt(message.frameAsString(0));
					int sequence = Integer.parseInt(message.frameAsString(1));
					assertThat(sequence).as("messages of sender %d in order", sender).isEqualTo(next[sender]++);
					assertThat(message).as("whole, uninterleaved message").isEqualTo(heads(message(sender, sequence), 16));
				}
				assertThat(next).containsOnly(each);
			}
		}

		/** Ten frames {@code [sender][sequence][...]}, one of them 64 KiB, so that one message spans many writes. */
		private ZmqMessage message(int sender, int sequence) {
			List<byte[]> frames = new ArrayList<>();
			frames.add(Integer.toString(sender).getBytes(StandardCharsets.US_ASCII));
			frames.add(Integer.toString(sequence).getBytes(StandardCharsets.US_ASCII));
			for (int k = 2; k < 10; k++) {
				String head = "s" + sender + "-" + sequence + "-" + k;
				byte[] frame = (k == 5) ? new byte[LARGE] : new byte[head.length()];
				System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, frame, 0, head.length());
				frames.add(frame);
			}
			return ZmqMessage.of(frames);
		}

		private ZmqMessage heads(ZmqMessage message, int head) {
			return ZmqMessage.of(message.frames().stream().map((frame) -> Arrays.copyOf(frame, Math.min(head, frame.length))).toList());
		}

		@ParameterizedTest
		@EnumSource(Transport.class)
		void enginePushConnectedBeforeThePyzmqPullBindsDeliversWhatItQueued(Transport transport) {
			String endpoint = transport.unusedEndpoint(FlowControlInteropTests.this.ipcDir);
			try (ZmqSocket push = engineFor(transport)
				.open(ZmqSocketSpec.builder("early-connect-push", SocketType.PUSH).connect(endpoint).build());
					PyPeer peer = PyPeer.start()) {
				for (int i = 0; i < 5; i++) {
					push.send(sequenced(i, 8));
				}
				peer.socket("pull", "PULL").bindEndpoint("pull", endpoint);
				assertThat(sequences(peer.collect("pull", 5, WAIT))).containsExactly(0, 1, 2, 3, 4);
			}
		}

		@ParameterizedTest
		@EnumSource(Transport.class)
		void pyzmqPushConnectedBeforeTheEnginePullBindsDeliversWhatItQueued(Transport transport) {
			String endpoint = transport.unusedEndpoint(FlowControlInteropTests.this.ipcDir);
			List<ZmqMessage> received = new CopyOnWriteArrayList<>();
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("push", "PUSH").connect("push", endpoint);
				for (int i = 0; i < 5; i++) {
					peer.send("push", sequenced(i, 8));
				}
				try (ZmqSocket pull = engineFor(transport).open(
						ZmqSocketSpec.builder("late-bind-pull", SocketType.PULL).bind(endpoint).build(), received::add)) {
					await().atMost(WAIT).until(() -> received.size() >= 5);
					assertThat(sequences(received)).containsExactly(0, 1, 2, 3, 4);
				}
			}
		}

		@Test
		void closeDeliversEveryQueuedMessageWithinTheLinger() {
			int count = 2000;
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("pull", "PULL");
				int port = peer.bind("pull");
				ZmqSocket push = FlowControlInteropTests.this.engine.open(ZmqSocketSpec.builder("linger-push", SocketType.PUSH)
					.connect(tcp(port))
					.linger(Duration.ofSeconds(10))
					.build());
				for (int i = 0; i < count; i++) {
					push.send(sequenced(i, 1024));
				}
				push.close();
				assertThat(push.stats().dropped()).as("nothing dropped at close").isZero();
				assertThat(sequences(peer.collectHeads("pull", count, WAIT, 4))).containsExactlyElementsOf(range(count));
			}
		}

	}

}
