package io.github.zmqspring.core;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A PULL worker closed in the middle of a stream of tasks handles every task it received before it closes: it stops
 * taking messages first (an inproc sender meets a full pipe, a connection stops reading), then empties its queues.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LosslessPullCloseTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ZmqEngine engine = ZmqEngine.builder().name("lossless-pull").build();

	@AfterAll
	void closeEngine() {
		this.engine.close();
	}

	@Test
	void overInprocEveryTaskTheSenderHandedOverIsHandled() throws Exception {
		Queue<Integer> handled = new ConcurrentLinkedQueue<>();
		Semaphore work = new Semaphore(0);
		ZmqSocket pull = this.engine.open(ZmqSocketSpec.builder("lossless-inproc", SocketType.PULL)
			.bind("inproc://lossless-inproc")
			.build(), (message) -> {
				work.acquireUninterruptibly();
				handled.add(Integer.parseInt(message.frameAsString(0)));
			});
		try (ZmqSocket push = this.engine.open(ZmqSocketSpec.builder("lossless-inproc-push", SocketType.PUSH)
			.connect("inproc://lossless-inproc")
			.sendTimeout(Duration.ofMillis(20))
			.build())) {
			Sender sender = new Sender(push);
			sender.start();
			work.release(10);
			// tasks are waiting in the worker's queue while it is busy
			await().atMost(WAIT).until(() -> handled.size() == 10 && pull.queuedMessages() >= 50);
			Thread closer = new Thread(pull::close);
			closer.start();
			// the close has stopped taking tasks: the sender is refused from here on
			await().atMost(WAIT).until(() -> sender.refusals.get() > 0);
			work.release(Integer.MAX_VALUE / 2);
			closer.join(WAIT.toMillis());
			assertThat(closer.isAlive()).isFalse();
			sender.finish();
			assertThat(sender.sent.get()).isGreaterThan(60);
			// every task handed over was handled, in order: none was lost in the worker's queue
			assertThat(List.copyOf(handled)).isEqualTo(IntStream.range(0, sender.sent.get()).boxed().toList());
		}
		finally {
			pull.close();
		}
	}

	@Test
	void overTcpEveryTaskQueuedAtTheCloseIsHandled() throws Exception {
		Queue<Integer> handled = new ConcurrentLinkedQueue<>();
		Semaphore work = new Semaphore(0);
		ZmqSocket pull = this.engine.open(ZmqSocketSpec.builder("lossless-tcp", SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.receiveHighWaterMark(100)
			.build(), (message) -> {
				work.acquireUninterruptibly();
				handled.add(Integer.parseInt(message.frameAsString(0)));
			});
		try (ZmqSocket push = this.engine.open(ZmqSocketSpec.builder("lossless-tcp-push", SocketType.PUSH)
			.connect("tcp://127.0.0.1:" + pull.boundPort())
			.sendTimeout(Duration.ofMillis(20))
			.build())) {
			Sender sender = new Sender(push);
			sender.start();
			work.release(10);
			// the worker's queue is full (its connection has stopped reading) while the sender goes on
			await().atMost(WAIT).until(() -> handled.size() == 10 && pull.queuedMessages() >= 80);
			int queuedAtClose = pull.queuedMessages();
			Thread closer = new Thread(pull::close);
			closer.start();
			work.release(Integer.MAX_VALUE / 2);
			closer.join(WAIT.toMillis());
			assertThat(closer.isAlive()).isFalse();
			sender.finish();
			// what was queued at the close was handled, and the handled tasks have no gap
			assertThat(handled.size()).isGreaterThanOrEqualTo(10 + queuedAtClose);
			assertThat(List.copyOf(handled)).isEqualTo(IntStream.range(0, handled.size()).boxed().toList());
		}
		finally {
			pull.close();
		}
	}

	/** Sends numbered tasks until stopped, retrying a task the socket refused. */
	private static final class Sender extends Thread {

		private final ZmqSocket push;

		final AtomicInteger sent = new AtomicInteger();

		final AtomicInteger refusals = new AtomicInteger();

		private final AtomicBoolean running = new AtomicBoolean(true);

		Sender(ZmqSocket push) {
			super("lossless-sender");
			this.push = push;
		}

		@Override
		public void run() {
			while (this.running.get()) {
				try {
					this.push.send(ZmqMessage.of(Integer.toString(this.sent.get())));
					this.sent.incrementAndGet();
				}
				catch (ZmqSendTimeoutException ex) {
					this.refusals.incrementAndGet();
				}
			}
		}

		void finish() throws InterruptedException {
			this.running.set(false);
			join(TimeUnit.SECONDS.toMillis(20));
		}

	}

}
