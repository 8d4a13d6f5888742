package io.github.zmqspring.core;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A paused socket hands nothing to its handler, lets its queues fill until the peers are pushed back, and hands out
 * every queued message in order once resumed; a close of a paused socket still handles what it received.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PauseResumeTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ZmqEngine engine = ZmqEngine.builder().name("pause-resume").build();

	@AfterAll
	void closeEngine() {
		this.engine.close();
	}

	@Test
	void aPausedPullOverTcpPushesTheSenderBackAndResumesInOrder() {
		Queue<Integer> handled = new ConcurrentLinkedQueue<>();
		try (ZmqSocket pull = this.engine.open(ZmqSocketSpec.builder("paused-pull", SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.receiveHighWaterMark(50)
			.build(), (message) -> handled.add(Integer.parseInt(message.frameAsString(0))));
				ZmqSocket push = this.engine.open(ZmqSocketSpec.builder("paused-pull-push", SocketType.PUSH)
					.connect("tcp://127.0.0.1:" + pull.boundPort())
					.sendHighWaterMark(50)
					.sendTimeout(Duration.ofMillis(50))
					.build())) {
			int sent = 0;
			for (; sent < 10; sent++) {
				push.send(ZmqMessage.of(Integer.toString(sent)));
			}
			await().atMost(WAIT).until(() -> handled.size() == 10);
			pull.pause();
			assertThat(pull.isPaused()).isTrue();
			// the worker takes nothing: its queue, then TCP, then the sender's queue fill, and the sender times out
			boolean pushedBack = false;
			long deadline = System.nanoTime() + WAIT.toNanos();
			while (!pushedBack && System.nanoTime() < deadline) {
				try {
					push.send(ZmqMessage.of(Integer.toString(sent)));
					sent++;
				}
				catch (ZmqSendTimeoutException ex) {
					pushedBack = true;
				}
			}
			assertThat(pushedBack).as("the sender was pushed back").isTrue();
			assertThat(handled).hasSize(10);
			assertThat(pull.queuedMessages()).isGreaterThan(0);
			pull.resume();
			assertThat(pull.isPaused()).isFalse();
			int total = sent;
			await().atMost(WAIT).until(() -> handled.size() == total);
			assertThat(List.copyOf(handled)).isEqualTo(IntStream.range(0, total).boxed().toList());
		}
	}

	@Test
	void aPausedServerAnswersTheWaitingRequestsOnceResumed() throws Exception {
		try (ZmqServer rep = this.engine.server(ZmqSocketSpec.builder("paused-rep", SocketType.REP)
			.bind("tcp://127.0.0.1:*")
			.build(), (request) -> ZmqMessage.of("re:" + request.body().frameAsString(0)));
				ZmqRequester req = this.engine.requester(ZmqSocketSpec.builder("paused-rep-client", SocketType.DEALER)
					.connect("tcp://127.0.0.1:" + rep.boundPort())
					.build())) {
			assertThat(req.request(ZmqMessage.of("first"), WAIT).frameAsString(0)).isEqualTo("re:first");
			rep.pause();
			List<CompletableFuture<ZmqMessage>> pending = IntStream.range(0, 20)
				.mapToObj((i) -> req.requestAsync(ZmqMessage.of("r" + i), WAIT))
				.toList();
			// the requests reach the paused server and wait there, unanswered
			await().atMost(WAIT).until(() -> rep.queuedMessages() == 20);
			assertThat(pending).noneMatch(CompletableFuture::isDone);
			rep.resume();
			for (int i = 0; i < pending.size(); i++) {
				assertThat(pending.get(i).get().frameAsString(0)).isEqualTo("re:r" + i);
			}
		}
	}

	@Test
	void closingAPausedPullHandlesWhatItReceived() {
		Queue<Integer> handled = new ConcurrentLinkedQueue<>();
		ZmqSocket pull = this.engine.open(ZmqSocketSpec.builder("paused-close", SocketType.PULL)
			.bind("inproc://paused-close")
			.build(), (message) -> handled.add(Integer.parseInt(message.frameAsString(0))));
		pull.pause();
		pull.pause();
		try (ZmqSocket push = this.engine.open(ZmqSocketSpec.builder("paused-close-push", SocketType.PUSH)
			.connect("inproc://paused-close")
			.build())) {
			for (int i = 0; i < 100; i++) {
				push.send(ZmqMessage.of(Integer.toString(i)));
			}
			await().atMost(WAIT).until(() -> pull.queuedMessages() == 100);
			assertThat(handled).isEmpty();
			pull.close();
			assertThat(List.copyOf(handled)).isEqualTo(IntStream.range(0, 100).boxed().toList());
		}
	}

}
