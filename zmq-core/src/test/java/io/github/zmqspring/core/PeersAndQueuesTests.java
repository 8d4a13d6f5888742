package io.github.zmqspring.core;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link ManagedSocket#connectedPeers()} and {@link ManagedSocket#queuedMessages()}: what the metrics' gauges and the
 * actuator read, over real tcp.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeersAndQueuesTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ZmqEngine engine = ZmqEngine.builder().name("peers-queues").build();

	@AfterAll
	void closeEngine() {
		this.engine.close();
	}

	@Test
	void peersAreCountedOnceTheirHandshakeCompletedAndUntilTheyLeave() {
		try (ZmqSocket push = this.engine.open(ZmqSocketSpec.builder("counted", SocketType.PUSH)
			.bind("tcp://127.0.0.1:*")
			.build())) {
			assertThat(push.connectedPeers()).isZero();
			ZmqSocket first = this.engine.open(ZmqSocketSpec.builder("first", SocketType.PULL)
				.connect("tcp://127.0.0.1:" + push.boundPort())
				.build(), (message) -> {
				});
			ZmqSocket second = this.engine.open(ZmqSocketSpec.builder("second", SocketType.PULL)
				.connect("tcp://127.0.0.1:" + push.boundPort())
				.build(), (message) -> {
				});
			await().atMost(WAIT).until(() -> push.connectedPeers() == 2);
			assertThat(first.connectedPeers()).isEqualTo(1);
			first.close();
			await().atMost(WAIT).until(() -> push.connectedPeers() == 1);
			second.close();
			await().atMost(WAIT).until(() -> push.connectedPeers() == 0);
			assertThat(first.connectedPeers()).isZero();
		}
	}

	@Test
	void messagesWaitingForABusyHandlerAreQueuedAndDrainAfterwards() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch handled = new CountDownLatch(50);
		try (ZmqSocket pull = this.engine.open(ZmqSocketSpec.builder("busy", SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.build(), (message) -> {
				try {
					release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				handled.countDown();
			});
				ZmqSocket push = this.engine.open(ZmqSocketSpec.builder("feeder", SocketType.PUSH)
					.connect("tcp://127.0.0.1:" + pull.boundPort())
					.build())) {
			for (int i = 0; i < 50; i++) {
				push.send(ZmqMessage.of("m" + i));
			}
			// the handler holds the first; the others wait in the PULL's queue (or still in the PUSH's)
			await().atMost(WAIT).until(() -> pull.queuedMessages() + push.queuedMessages() >= 40);
			release.countDown();
			assertThat(handled.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			await().atMost(WAIT).until(() -> pull.queuedMessages() == 0 && push.queuedMessages() == 0);
		}
	}

}
