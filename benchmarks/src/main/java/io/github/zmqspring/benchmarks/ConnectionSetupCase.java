package io.github.zmqspring.benchmarks;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * Case 5: fresh connections. A new PUSH socket every 5 ms connects to one bound PULL socket and sends one message at
 * once; the latency is from just before the connect to the delivery at the PULL side. Connections are left open until
 * every message arrived or 3 s after the last connect (a stalled JeroMQ handshake waits for its handshake timer: 30 s
 * by default, so such a connection counts as "not delivered within 3 s"). Both sides use their defaults.
 */
final class ConnectionSetupCase {

	private static final Duration PACE = Duration.ofMillis(5);

	private static final Duration WAIT = Duration.ofSeconds(3);

	private final Settings settings;

	private final Report report;

	ConnectionSetupCase(Settings settings, Report report) {
		this.settings = settings;
		this.report = report;
	}

	void run() throws Exception {
		List<Double> raw = new ArrayList<>();
		List<Double> engine = new ArrayList<>();
		int rawLost = 0;
		int engineLost = 0;
		for (int round = 1; round <= this.settings.connectionRounds(); round++) {
			rawLost += rawRound(raw);
			engineLost += engineRound(engine);
		}
		String benchmark = "5. fresh connection → first message delivered";
		Report.Row[] baselines = null;
		for (int i = 0; i < 2; i++) {
			String name = (i == 0) ? "raw JeroMQ (new socket per connection)" : "engine open(spec) per connection";
			double[] values = ((i == 0) ? raw : engine).stream().mapToDouble(Double::doubleValue).toArray();
			int lost = (i == 0) ? rawLost : engineLost;
			int count = values.length + lost;
			Report.Row p50 = this.report.row(benchmark, name, "p50 ms (" + count + " connections)",
					(baselines != null) ? baselines[0] : null, true).add(0, Report.percentile(withLost(values, lost), 50));
			Report.Row p99 = this.report.row(benchmark, name, "p99 ms (lost = ∞)", (baselines != null) ? baselines[1] : null,
					true).add(0, Report.percentile(withLost(values, lost), 99));
			this.report.row(benchmark, name, "max delivered ms").add(0, Report.percentile(values, 100));
			this.report.row(benchmark, name, "count > 500 ms (incl. lost)")
				.add(0, Arrays.stream(values).filter((v) -> v > 500).count() + lost);
			this.report.row(benchmark, name, "count > 1 s (incl. lost)")
				.add(0, Arrays.stream(values).filter((v) -> v > 1000).count() + lost);
			this.report.row(benchmark, name, "not delivered within 3 s").add(0, lost);
			if (i == 0) {
				baselines = new Report.Row[] { p50, p99 };
			}
		}
	}

	private static double[] withLost(double[] values, int lost) {
		double[] all = Arrays.copyOf(values, values.length + lost);
		Arrays.fill(all, values.length, all.length, Double.POSITIVE_INFINITY);
		return all;
	}

	/** @return how many connections delivered nothing in time */
	private int rawRound(List<Double> latencies) throws InterruptedException {
		int count = this.settings.connections();
		AtomicLongArray delivered = new AtomicLongArray(count);
		AtomicBoolean stop = new AtomicBoolean();
		CountDownLatch bound = new CountDownLatch(1);
		int[] port = new int[1];
		try (ZContext context = new ZContext(1)) {
			Thread receiver = new Thread(() -> {
				ZMQ.Socket pull = context.createSocket(SocketType.PULL);
				pull.setReceiveTimeOut(100);
				pull.setLinger(0);
				port[0] = pull.bindToRandomPort("tcp://127.0.0.1");
				bound.countDown();
				while (!stop.get()) {
					byte[] message = pull.recv(0);
					if (message != null) {
						ByteBuffer buffer = ByteBuffer.wrap(message);
						long sent = buffer.getLong();
						delivered.set(buffer.getInt(), System.nanoTime() - sent);
					}
				}
				pull.close();
			}, "bench-connect-raw");
			receiver.setDaemon(true);
			receiver.start();
			bound.await();
			List<ZMQ.Socket> pushes = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				ZMQ.Socket push = context.createSocket(SocketType.PUSH);
				push.setLinger(0);
				long start = System.nanoTime();
				push.connect("tcp://127.0.0.1:" + port[0]);
				push.send(message(start, i), 0);
				pushes.add(push);
				Benchmarks.sleep(PACE);
			}
			int lost = await(delivered, latencies);
			stop.set(true);
			receiver.join(5000);
			for (ZMQ.Socket push : pushes) {
				push.close();
			}
			return lost;
		}
	}

	private int engineRound(List<Double> latencies) throws InterruptedException {
		int count = this.settings.connections();
		AtomicLongArray delivered = new AtomicLongArray(count);
		try (ZmqEngine engine = ZmqEngine.builder().name("bench-connect").build()) {
			ZmqSocket pull = engine.open(ZmqSocketSpec.builder("connect-pull", io.github.zmqspring.core.SocketType.PULL)
				.bind("tcp://127.0.0.1:*")
				.build(), (message) -> {
					ByteBuffer buffer = ByteBuffer.wrap(message.frame(0));
					long sent = buffer.getLong();
					delivered.set(buffer.getInt(), System.nanoTime() - sent);
				});
			String endpoint = "tcp://127.0.0.1:" + pull.boundPort();
			for (int i = 0; i < count; i++) {
				long start = System.nanoTime();
				ZmqSocket push = engine.open(ZmqSocketSpec.builder("connect-push-" + i,
						io.github.zmqspring.core.SocketType.PUSH).connect(endpoint).linger(Duration.ZERO).build());
				push.send(ZmqMessage.of(message(start, i)));
				Benchmarks.sleep(PACE);
			}
			return await(delivered, latencies);
		}
	}

	private static byte[] message(long start, int index) {
		return ByteBuffer.allocate(12).putLong(start).putInt(index).array();
	}

	private static int await(AtomicLongArray delivered, List<Double> latencies) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline && !all(delivered)) {
			Benchmarks.sleep(Duration.ofMillis(10));
		}
		int lost = 0;
		for (int i = 0; i < delivered.length(); i++) {
			long nanos = delivered.get(i);
			if (nanos == 0) {
				lost++;
			}
			else {
				latencies.add(nanos / 1e6);
			}
		}
		return lost;
	}

	private static boolean all(AtomicLongArray delivered) {
		for (int i = 0; i < delivered.length(); i++) {
			if (delivered.get(i) == 0) {
				return false;
			}
		}
		return true;
	}

}
