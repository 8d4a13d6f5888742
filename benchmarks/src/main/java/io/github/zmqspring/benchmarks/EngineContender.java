package io.github.zmqspring.benchmarks;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventListener;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * Our engine in cases 7 and 8, through its public API as users write it: a fresh
 * {@code engine.open(spec)} per connection, {@code engine.open(spec, handler)} to receive (the handler runs on the
 * socket's owner thread; a received message counts as received when its handler runs), {@code requester}/{@code server}
 * for REQ/REP. One engine with its default single I/O thread per measurement. CURVE runs with the engine's defaults
 * (its own CURVE mechanism) and no authenticator, and counts only when both sockets reported
 * {@code HANDSHAKE_SUCCEEDED} and neither a failed handshake.
 */
final class EngineContender implements Contender {

	static final String NAME = "engine (ZMTP)";

	private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(3);

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Override
	public String name() {
		return NAME;
	}

	private static ZmqEngine engine() {
		return ZmqEngine.builder().name("bench-l4l").build();
	}

	/** An engine with the defaults that reports handshakes. */
	private static ZmqEngine curveEngine(Handshakes handshakes) {
		return ZmqEngine.builder().name("bench-curve").eventListener(handshakes).build();
	}

	/** A received set-up message and when its handler ran. */
	private record Received(int index, long at) {
	}

	@Override
	public Sample setup(int cycles) throws InterruptedException {
		try (ZmqEngine engine = engine()) {
			BlockingQueue<Received> received = new ArrayBlockingQueue<>(cycles + 1);
			ZmqSocket pull = engine.open(ZmqSocketSpec.builder("l4l-pull", SocketType.PULL)
				.bind("tcp://127.0.0.1:*")
				.linger(Duration.ZERO)
				.build(), (message) -> received.offer(new Received(JeroMqContender.SetupMessage.index(message.frame(0)),
						System.nanoTime())));
			String endpoint = "tcp://127.0.0.1:" + pull.boundPort();
			long[] nanos = new long[cycles];
			long[] opened = new long[cycles];
			int delivered = 0;
			long lost = 0;
			long begin = System.nanoTime();
			for (int i = 0; i < cycles; i++) {
				long start = System.nanoTime();
				ZmqSocket push = engine.open(ZmqSocketSpec.builder("l4l-push-" + i, SocketType.PUSH)
					.connect(endpoint)
					.linger(Duration.ZERO)
					.build());
				long connected = System.nanoTime() - start;
				push.send(ZmqMessage.of(JeroMqContender.SetupMessage.of(start, i)), TIMEOUT);
				while (true) {
					Received got = received.poll(SETUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
					if (got == null) {
						lost++;
						break;
					}
					if (got.index() == i) {
						opened[delivered] = connected;
						nanos[delivered++] = got.at() - start;
						break;
					}
				}
				push.close();
			}
			double seconds = (System.nanoTime() - begin) / 1e9;
			return Sample.setup(cycles / seconds, opened, nanos, delivered, lost);
		}
	}

	@Override
	public Sample throughput(int size, int warmUp, int count, @Nullable Curve curve) throws InterruptedException {
		Handshakes handshakes = new Handshakes();
		try (ZmqEngine engine = (curve != null) ? curveEngine(handshakes) : engine()) {
			CountDownLatch done = new CountDownLatch(1);
			long[] times = new long[2];
			int[] seen = new int[1];
			int[] mangled = new int[1];
			// one run at a time per socket, each run happening-before the next: plain fields, published by the latch
			ZmqSocket pull = engine.open(ZmqSocketSpec.builder("l4l-pull", SocketType.PULL)
				.bind("tcp://127.0.0.1:*")
				.linger(Duration.ZERO)
				.security((curve != null) ? ZmqSecurity.curveServer(curve.server()) : null)
				.build(), (message) -> {
					if (message.size() != 1 || message.frame(0).length != size) {
						mangled[0]++;
					}
					int n = ++seen[0];
					if (n == warmUp) {
						times[0] = System.nanoTime();
					}
					if (n == warmUp + count) {
						times[1] = System.nanoTime();
						done.countDown();
					}
				});
			String endpoint = "tcp://127.0.0.1:" + pull.boundPort();
			AtomicReference<Throwable> failure = new AtomicReference<>();
			Thread sender = new Thread(() -> {
				try {
					ZmqSocket push = engine.open(ZmqSocketSpec.builder("l4l-push", SocketType.PUSH)
						.connect(endpoint)
						.security((curve != null) ? ZmqSecurity.curveClient(curve.client(), curve.server().publicKey())
								: null)
						.build());
					ZmqMessage message = ZmqMessage.of(Pipe.payload(size));
					for (int i = 0; i < warmUp + count; i++) {
						push.send(message, TIMEOUT);
					}
				}
				catch (Throwable ex) {
					failure.set(ex);
				}
			}, "bench-l4l-engine-push");
			sender.setDaemon(true);
			sender.start();
			// the warm-up message 0 has no timestamp: warmUp ≥ 1 keeps both ends inside the handler
			if (!done.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("engine PULL: " + seen[0] + " of " + (warmUp + count)
						+ " messages within 60 s" + ((failure.get() != null) ? " (sender: " + failure.get() + ")" : ""));
			}
			sender.join(TIMEOUT.toMillis());
			if (failure.get() != null) {
				throw new IllegalStateException("engine PUSH failed", failure.get());
			}
			if (curve != null) {
				handshakes.require();
			}
			return Sample.stream(count / ((times[1] - times[0]) / 1e9), mangled[0]);
		}
	}

	@Override
	public Sample publish(int size, int warmUp, int count) throws InterruptedException {
		try (ZmqEngine engine = engine()) {
			CountDownLatch done = new CountDownLatch(1);
			long[] times = new long[2];
			int[] seen = new int[1];
			int[] mangled = new int[1];
			// one run at a time per socket, each run happening-before the next: plain fields, published by the latch
			ZmqSocket sub = engine.open(ZmqSocketSpec.builder("l4l-sub", SocketType.SUB)
				.bind("tcp://127.0.0.1:*")
				.subscribe("")
				.receiveHighWaterMark(0)
				.linger(Duration.ZERO)
				.build(), (message) -> {
					if (message.size() != 1 || message.frame(0).length != size) {
						mangled[0]++;
					}
					int n = ++seen[0];
					if (n == warmUp) {
						times[0] = System.nanoTime();
					}
					if (n == warmUp + count) {
						times[1] = System.nanoTime();
						done.countDown();
					}
				});
			String endpoint = "tcp://127.0.0.1:" + sub.boundPort();
			CountDownLatch subscribed = new CountDownLatch(1);
			ZmqSocket xpub = engine.open(ZmqSocketSpec.builder("l4l-xpub", SocketType.XPUB)
				.connect(endpoint)
				.sendHighWaterMark(0)
				.build(), (subscription) -> {
					if (subscription.frame(0).length > 0 && subscription.frame(0)[0] == 1) {
						subscribed.countDown();
					}
				});
			if (!subscribed.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("engine XPUB: no subscription from the SUB within 60 s");
			}
			AtomicReference<Throwable> failure = new AtomicReference<>();
			Thread sender = new Thread(() -> {
				try {
					ZmqMessage message = ZmqMessage.of(Pipe.payload(size));
					for (int i = 0; i < warmUp + count; i++) {
						xpub.send(message, TIMEOUT);
					}
				}
				catch (Throwable ex) {
					failure.set(ex);
				}
			}, "bench-l4l-engine-xpub");
			sender.setDaemon(true);
			sender.start();
			if (!done.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("engine SUB: " + seen[0] + " of " + (warmUp + count)
						+ " messages within 60 s" + ((failure.get() != null) ? " (publisher: " + failure.get() + ")" : ""));
			}
			sender.join(TIMEOUT.toMillis());
			if (failure.get() != null) {
				throw new IllegalStateException("engine XPUB failed", failure.get());
			}
			return Sample.stream(count / ((times[1] - times[0]) / 1e9), mangled[0]);
		}
	}

	@Override
	public Sample requestReply(int size, int warmUp, int count) {
		try (ZmqEngine engine = engine()) {
			ZmqServer server = engine.server(ZmqSocketSpec.builder("l4l-rep", SocketType.REP)
				.bind("tcp://127.0.0.1:*")
				.linger(Duration.ZERO)
				.build(), (request) -> request.body());
			ZmqRequester requester = engine.requester(ZmqSocketSpec.builder("l4l-req", SocketType.REQ)
				.connect("tcp://127.0.0.1:" + server.boundPort())
				.linger(Duration.ZERO)
				.build());
			ZmqMessage request = ZmqMessage.of(Pipe.payload(size));
			long[] nanos = new long[count];
			long begin = 0;
			for (int i = 0; i < warmUp + count; i++) {
				if (i == warmUp) {
					begin = System.nanoTime();
				}
				long start = System.nanoTime();
				requester.request(request, TIMEOUT);
				if (i >= warmUp) {
					nanos[i - warmUp] = System.nanoTime() - start;
				}
			}
			double seconds = (System.nanoTime() - begin) / 1e9;
			return Sample.of(count / seconds, nanos, count, 0);
		}
	}

	/** The proof that CURVE ran: {@code HANDSHAKE_SUCCEEDED} on the PULL and on the PUSH, no failed handshake. */
	private static final class Handshakes implements SocketEventListener {

		private final CountDownLatch pull = new CountDownLatch(1);

		private final CountDownLatch push = new CountDownLatch(1);

		private final Queue<SocketEvent> failures = new ConcurrentLinkedQueue<>();

		@Override
		public void onEvent(SocketEvent event) {
			switch (event.type()) {
				case HANDSHAKE_SUCCEEDED -> ((event.socketType() == SocketType.PULL) ? this.pull : this.push).countDown();
				case HANDSHAKE_FAILED, AUTH_FAILED -> this.failures.add(event);
				default -> {
				}
			}
		}

		void require() throws InterruptedException {
			// listeners hear events asynchronously (a send-only socket's on the engine's timer thread): wait, bounded
			boolean pulled = this.pull.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			boolean pushed = this.push.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			if (!pulled || !pushed || !this.failures.isEmpty()) {
				throw new IllegalStateException("engine CURVE: HANDSHAKE_SUCCEEDED on the PULL " + pulled + ", on the PUSH "
						+ pushed + ", failed handshakes " + this.failures);
			}
		}

	}

}
