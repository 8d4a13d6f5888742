package io.github.zmqspring.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * Case 8's engine measurement alone, for a profiler (not a test): CURVE PUSH→PULL on one engine with its defaults,
 * {@code size} octets, {@code rounds} times {@code count} timed messages after 10 % warm-up; prints msgs/s, the I/O
 * thread's CPU time per message (which a loaded machine disturbs much less than the rate) and the bytes allocated by
 * all threads per delivered message in each timed window. Run it with
 * {@code -XX:StartFlightRecording} on the benchmarks' test class path:
 * {@code java -cp ... io.github.zmqspring.benchmarks.CurveProfile 1024 90000 5} (size, timed messages, rounds, and
 * optionally the engine's I/O threads, 1 as in case 8 unless given).
 */
final class CurveProfile {

	private CurveProfile() {
	}

	public static void main(String[] args) throws Exception {
		int size = (args.length > 0) ? Integer.parseInt(args[0]) : 1024;
		int count = (args.length > 1) ? Integer.parseInt(args[1]) : 90_000;
		int rounds = (args.length > 2) ? Integer.parseInt(args[2]) : 5;
		int ioThreads = (args.length > 3) ? Integer.parseInt(args[3]) : 1;
		Contender.Curve curve = Contender.Curve.generate();
		for (int round = 1; round <= rounds; round++) {
			run(size, count / 10, count, curve, round, ioThreads);
		}
	}

	private static void run(int size, int warmUp, int count, Contender.Curve curve, int round, int ioThreads)
			throws Exception {
		try (ZmqEngine engine = ZmqEngine.builder().name("profile-curve").ioThreads(ioThreads).build()) {
			CountDownLatch done = new CountDownLatch(1);
			long[] times = new long[2];
			long[] allocated = new long[2];
			long[] ioCpu = new long[2];
			int[] seen = new int[1];
			ZmqSocket pull = engine.open(ZmqSocketSpec.builder("profile-pull", SocketType.PULL)
				.bind("tcp://127.0.0.1:*")
				.linger(Duration.ZERO)
				.security(ZmqSecurity.curveServer(curve.server()))
				.build(), (message) -> {
					int n = ++seen[0];
					if (n == warmUp) {
						allocated[0] = allocatedByAllThreads();
						ioCpu[0] = ioThreadCpu();
						times[0] = System.nanoTime();
					}
					if (n == warmUp + count) {
						times[1] = System.nanoTime();
						ioCpu[1] = ioThreadCpu();
						allocated[1] = allocatedByAllThreads();
						done.countDown();
					}
				});
			ZmqSocket push = engine.open(ZmqSocketSpec.builder("profile-push", SocketType.PUSH)
				.connect("tcp://127.0.0.1:" + pull.boundPort())
				.security(ZmqSecurity.curveClient(curve.client(), curve.server().publicKey()))
				.build());
			Thread sender = new Thread(() -> {
				ZmqMessage message = ZmqMessage.of(Pipe.payload(size));
				for (int i = 0; i < warmUp + count; i++) {
					push.send(message, Duration.ofSeconds(10));
				}
			}, "profile-push");
			sender.setDaemon(true);
			sender.start();
			if (!done.await(120, TimeUnit.SECONDS)) {
				throw new IllegalStateException("only " + seen[0] + " messages");
			}
			double seconds = (times[1] - times[0]) / 1e9;
			System.out.printf("round %d: %d B, %.1f k msgs/s, I/O threads %.2f µs CPU per message, %.0f B allocated per"
					+ " message (all threads)%n", round, size, count / seconds / 1e3,
					(ioCpu[1] - ioCpu[0]) / 1e3 / count, (allocated[1] - allocated[0]) / (double) count);
		}
	}

	/** The CPU time of the engine's I/O threads (with one, it serves both ends' connections), in ns. */
	private static long ioThreadCpu() {
		java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long total = 0;
		for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (info != null && info.getThreadName().startsWith("zmq-profile-curve-io-")) {
				total += threads.getThreadCpuTime(info.getThreadId());
			}
		}
		return total;
	}

	/** The bytes every live thread allocated so far (threads started and ended within a window are not counted). */
	private static long allocatedByAllThreads() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long total = 0;
		for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
			if (bytes > 0) {
				total += bytes;
			}
		}
		return total;
	}

}
