package io.github.zmqspring.core;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class ZmqEngineLifecycleTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Test
	void aGracefulCloseDeliversQueuedPushMessagesToAPullThatComesUpWithinTheLinger(@TempDir Path directory)
			throws Exception {
		// ipc: the PUSH connects before anyone binds, and no other process can take a Unix socket path in between.
		String endpoint = "ipc://" + directory.resolve("late-sink.sock");
		try (ZmqEngine senderEngine = ZmqEngine.builder().name("graceful-sender").build();
				ZmqEngine receiverEngine = ZmqEngine.builder().name("graceful-receiver").build()) {
			ZmqSocket push = senderEngine.open(ZmqSocketSpec.builder("outbox", SocketType.PUSH)
				.connect(endpoint)
				.linger(Duration.ofSeconds(10))
				.build());
			for (int i = 0; i < 100; i++) {
				push.send(ZmqMessage.of("queued " + i));
			}
			// Nobody listens yet: close in the background, and bring the receiver up while the close lingers.
			Thread closer = new Thread(push::close);
			closer.start();
			await().atMost(WAIT).until(() -> push.state() == SocketState.CLOSING || push.state() == SocketState.CLOSED);
			BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
			try (ZmqSocket pull = receiverEngine.open(
					ZmqSocketSpec.builder("late-sink", SocketType.PULL).bind(endpoint).build(), received::add)) {
				for (int i = 0; i < 100; i++) {
					ZmqMessage message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
					assertThat(message).isEqualTo(ZmqMessage.of("queued " + i));
				}
			}
			closer.join(WAIT.toMillis());
			assertThat(push.state()).isEqualTo(SocketState.CLOSED);
		}
	}

	@Test
	void aGracefulCloseOfAPullWorkerHandlesEveryTaskAlreadyRoutedToIt() throws Exception {
		try (ZmqEngine engine = ZmqEngine.builder().name("draining-worker").build()) {
			CountDownLatch busy = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			AtomicInteger handled = new AtomicInteger();
			ZmqSocket ventilator = engine.open(ZmqSocketSpec.builder("ventilator", SocketType.PUSH)
				.bind("tcp://127.0.0.1:*")
				.build());
			ZmqSocket worker = engine.open(ZmqSocketSpec.builder("worker", SocketType.PULL)
				.connect("tcp://127.0.0.1:" + ventilator.boundPort())
				.linger(Duration.ofSeconds(10))
				.build(), (task) -> {
					busy.countDown();
					release.await(10, TimeUnit.SECONDS);
					handled.incrementAndGet();
				});
			// More than one receive batch (256), within the high water marks (1000 each side).
			for (int i = 0; i < 1500; i++) {
				ventilator.send(ZmqMessage.of("task " + i));
			}
			// The worker is stuck on its first task while the others queue up for it.
			assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
			await().atMost(WAIT).until(() -> ventilator.stats().messagesSent() == 1500);
			Thread closer = new Thread(worker::close);
			closer.start();
			release.countDown();
			closer.join(WAIT.toMillis());
			assertThat(worker.state()).isEqualTo(SocketState.CLOSED);
			assertThat(handled).hasValue(1500);
			ventilator.close();
		}
	}

	@Test
	void closingAnEngineWithTwentySocketsUnderTrafficReturnsInTimeAndLeavesNoThreadBehind() throws Exception {
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		ZmqEngine engine = ZmqEngine.builder().name("busy").build();
		AtomicInteger received = new AtomicInteger();
		List<ZmqSocket> senders = new ArrayList<>();
		for (int pair = 0; pair < 10; pair++) {
			ZmqSocket pull = engine.open(ZmqSocketSpec.builder("sink-" + pair, SocketType.PULL).bind("tcp://127.0.0.1:*").build(),
					(message) -> received.incrementAndGet());
			senders.add(engine.open(ZmqSocketSpec.builder("source-" + pair, SocketType.PUSH)
				.connect("tcp://127.0.0.1:" + pull.boundPort())
				.linger(Duration.ofMillis(500))
				.build()));
		}
		assertThat(engine.sockets()).hasSize(20);
		AtomicBoolean running = new AtomicBoolean(true);
		List<Thread> traffic = new ArrayList<>();
		for (ZmqSocket sender : senders) {
			Thread thread = new Thread(() -> {
				while (running.get()) {
					try {
						sender.send(ZmqMessage.of("load"), Duration.ofMillis(100));
					}
					catch (ZmqException ex) {
						// closed or timed out while the engine closes: expected
					}
				}
			});
			thread.start();
			traffic.add(thread);
		}
		await().atMost(WAIT).until(() -> received.get() > 10_000);
		long start = System.nanoTime();
		engine.close();
		long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		running.set(false);
		for (Thread thread : traffic) {
			thread.join(WAIT.toMillis());
		}
		// The engine's bound: the longest linger (500 ms) plus its close grace (5 s); unloaded it takes well under a
		// second, the grace absorbs a heavily loaded machine.
		assertThat(took).isLessThan(500 + 5_000);
		assertThat(engine.sockets()).isEmpty();
		await().atMost(WAIT).untilAsserted(() -> assertThat(newThreads(before)).isEmpty());
		assertThatExceptionOfType(ZmqClosedException.class)
			.isThrownBy(() -> senders.get(0).send(ZmqMessage.of("after close")));
		assertThatExceptionOfType(ZmqClosedException.class).isThrownBy(
				() -> engine.open(ZmqSocketSpec.builder("too-late", SocketType.PUSH).bind("tcp://127.0.0.1:*").build()));
	}

	private static List<String> newThreads(Set<Thread> before) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> !before.contains(thread) && thread.isAlive())
			.map(Thread::getName)
			.filter((name) -> name.startsWith("zmq-busy") || name.startsWith("reaper") || name.startsWith("iothread"))
			.collect(Collectors.toList());
	}

	@Test
	void aBindToATakenAddressFailsNamingTheSocketAndTheEndpoint() throws Exception {
		try (ZmqEngine engine = ZmqEngine.builder().name("bind-failure").build(); ServerSocket taken = new ServerSocket(0)) {
			String endpoint = "tcp://127.0.0.1:" + taken.getLocalPort();
			assertThatExceptionOfType(ZmqException.class)
				.isThrownBy(() -> engine.open(ZmqSocketSpec.builder("weather", SocketType.PUB).bind(endpoint).build()))
				.withMessageContaining("socket 'weather': cannot bind " + endpoint + ": address already in use");
			assertThat(engine.sockets()).isEmpty();
		}
	}

	@Test
	void aSocketTypeUsedWithTheWrongRoleIsRefusedClearly() {
		try (ZmqEngine engine = ZmqEngine.builder().name("roles").build()) {
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> engine.open(ZmqSocketSpec.builder("s", SocketType.SUB).connect("tcp://127.0.0.1:1").build()))
				.withMessageContaining("only receives; open it with a MessageHandler");
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> engine.open(ZmqSocketSpec.builder("r", SocketType.REP).bind("tcp://127.0.0.1:*").build()))
				.withMessageContaining("server(spec, handler)");
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> engine.requester(ZmqSocketSpec.builder("p", SocketType.PUSH).connect("tcp://127.0.0.1:1").build()))
				.withMessageContaining("needs a REQ or DEALER socket");
		}
	}

}
