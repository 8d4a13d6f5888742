package io.github.zmqspring.core;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZmqEngineSendingTests {

	private final ZmqEngine engine = ZmqEngine.builder().name("sending").build();

	@AfterAll
	void closeEngine() {
		this.engine.close();
	}

	@Test
	void eightThreadsSendingAHundredThousandEachArriveCompleteAndInPerThreadOrder() throws Exception {
		int threads = 8;
		int perThread = 100_000;
		int[] next = new int[threads];
		AtomicInteger received = new AtomicInteger();
		AtomicReference<String> disorder = new AtomicReference<>();
		try (ZmqSocket pull = this.engine.open(ZmqSocketSpec.builder("order-sink", SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.build(), (message) -> {
				// Runs on the sink's owner thread only: no synchronisation needed for next[].
				ByteBuffer frame = ByteBuffer.wrap(message.frame(0));
				int thread = frame.getInt();
				int seq = frame.getInt();
				if (seq != next[thread] && disorder.get() == null) {
					disorder.set("thread " + thread + " expected " + next[thread] + " got " + seq);
				}
				next[thread] = seq + 1;
				received.incrementAndGet();
			});
				ZmqSocket push = this.engine.open(ZmqSocketSpec.builder("order-source", SocketType.PUSH)
					.connect("tcp://127.0.0.1:" + pull.boundPort())
					.sendTimeout(Duration.ofSeconds(30))
					.build())) {
			CountDownLatch start = new CountDownLatch(1);
			List<Thread> senders = new ArrayList<>();
			AtomicReference<Throwable> failure = new AtomicReference<>();
			for (int t = 0; t < threads; t++) {
				int id = t;
				Thread sender = new Thread(() -> {
					try {
						start.await();
						for (int seq = 0; seq < perThread; seq++) {
							push.send(ZmqMessage.of(ByteBuffer.allocate(8).putInt(id).putInt(seq).array()));
						}
					}
					catch (Throwable ex) {
						failure.set(ex);
					}
				});
				sender.start();
				senders.add(sender);
			}
			start.countDown();
			for (Thread sender : senders) {
				sender.join();
			}
			assertThat(failure.get()).isNull();
			await().atMost(Duration.ofSeconds(60)).until(() -> received.get() == threads * perThread);
			assertThat(disorder.get()).isNull();
			assertThat(push.stats().messagesSent()).isEqualTo(threads * perThread);
		}
	}

	@Test
	void withNoPeerABoundPushSendFailsWithATypedExceptionAfterItsTimeout() {
		// As libzmq: a bound PUSH has no pipe until a peer connects, so a send blocks and times out; nothing is queued
		// on top of the high water mark.
		try (ZmqEngine zmtp = ZmqEngine.builder().name("no-peer").build();
				ZmqSocket push = zmtp.open(ZmqSocketSpec.builder("no-peer", SocketType.PUSH)
					.bind("tcp://127.0.0.1:*")
					.sendTimeout(Duration.ofMillis(50))
					.build())) {
			assertThatExceptionOfType(ZmqSendTimeoutException.class).isThrownBy(() -> push.send(ZmqMessage.of("nobody")))
				.withMessageContaining("socket 'no-peer' (PUSH): message not sent within 50 ms")
				.withMessageContaining("high water mark");
			assertThat(push.stats().sendTimeouts()).isEqualTo(1);
			assertThatExceptionOfType(ZmqSendTimeoutException.class)
				.isThrownBy(() -> push.send(ZmqMessage.of("no wait"), Duration.ZERO));
		}
	}

	@Test
	void aConnectingPushQueuesUpToItsHighWaterMarkBeforeItsPeerIsThere() {
		// libzmq's immediate=0: the connect side has its pipe at once and queues exactly send-hwm messages.
		try (ZmqEngine zmtp = ZmqEngine.builder().name("early").build();
				ZmqSocket push = zmtp.open(ZmqSocketSpec.builder("early", SocketType.PUSH)
					.connect("tcp://127.0.0.1:" + freePort())
					.sendHighWaterMark(10)
					.sendTimeout(Duration.ofMillis(50))
					.linger(Duration.ZERO)
					.build())) {
			for (int i = 0; i < 10; i++) {
				push.send(ZmqMessage.of("queued " + i));
			}
			assertThatExceptionOfType(ZmqSendTimeoutException.class).isThrownBy(() -> push.send(ZmqMessage.of("eleventh")));
			assertThat(push.stats().messagesSent()).isEqualTo(10);
		}
	}

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@Test
	void sendingOnAReceiveOnlySocketTypeIsRefused() {
		try (ZmqSocket pull = this.engine.open(ZmqSocketSpec.builder("receive-only", SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.build(), (message) -> {
			})) {
			assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> pull.send(ZmqMessage.of("x")))
				.withMessageContaining("PULL socket, which cannot send");
		}
	}

	@Test
	void aHandlerThatThrowsIsReportedAndTheLoopGoesOn() {
		AtomicInteger good = new AtomicInteger();
		try (ZmqSocket pull = this.engine.open(ZmqSocketSpec.builder("fragile", SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.build(), (message) -> {
				if (message.frameAsString(0).equals("poison")) {
					throw new IllegalStateException("cannot digest");
				}
				good.incrementAndGet();
			});
				ZmqSocket push = this.engine.open(ZmqSocketSpec.builder("feeder", SocketType.PUSH)
					.connect("tcp://127.0.0.1:" + pull.boundPort())
					.build())) {
			push.send(ZmqMessage.of("poison"));
			for (int i = 0; i < 10; i++) {
				push.send(ZmqMessage.of("good " + i));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> good.get() == 10);
			assertThat(pull.stats().handlerErrors()).isEqualTo(1);
			assertThat(pull.state()).isEqualTo(SocketState.RUNNING);
		}
	}

	@Test
	void receiversWithConcurrencyUseSeveralThreads() {
		java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
		// The first four messages can only get past this latch together, on four different threads.
		CountDownLatch together = new CountDownLatch(4);
		AtomicInteger handled = new AtomicInteger();
		try (ZmqSocket pull = this.engine.open(ZmqSocketSpec.builder("parallel", SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.build(), (message) -> {
				threads.add(Thread.currentThread().getName());
				together.countDown();
				together.await(10, java.util.concurrent.TimeUnit.SECONDS);
				handled.incrementAndGet();
			}, 4);
				ZmqSocket push = this.engine.open(ZmqSocketSpec.builder("parallel-feeder", SocketType.PUSH)
					.connect("tcp://127.0.0.1:" + pull.boundPort())
					.build())) {
			for (int i = 0; i < 200; i++) {
				push.send(ZmqMessage.of("job " + i));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 200);
			assertThat(together.getCount()).isZero();
			assertThat(threads).hasSize(4).allMatch((name) -> name.startsWith("zmq-parallel-worker-"));
		}
	}

}
