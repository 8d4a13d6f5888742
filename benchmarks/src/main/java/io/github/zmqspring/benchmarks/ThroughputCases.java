package io.github.zmqspring.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.benchmarks.Pipe.Pattern;

/**
 * Cases 1 and 2: delivered messages per second, counted at the receiver over a timed window after a warm-up, with
 * every implementation open at once (idle while another is measured) and their order rotated each round.
 */
final class ThroughputCases {

	private static final String BYTES = "ZmqTemplate → @ZmqListener (byte[])";

	private static final String STRINGS = "ZmqTemplate → @ZmqListener (String)";

	private final Settings settings;

	private final Report report;

	/** Allocated bytes per delivered message, PUSH→PULL 100 B, by implementation (for case 6). */
	final Map<String, Report.Row> allocation = new LinkedHashMap<>();

	ThroughputCases(Settings settings, Report report) {
		this.settings = settings;
		this.report = report;
	}

	/** Case 1. */
	void patterns() throws Exception {
		for (Pattern pattern : Pattern.values()) {
			for (int size : this.settings.sizes()) {
				String benchmark = "1. " + pattern.label + " " + ((size >= 1024) ? (size / 1024) + " KiB" : size + " B");
				Map<String, Callable<Pipe>> openers = new LinkedHashMap<>();
				openers.put("raw JeroMQ (thread per socket)", () -> new RawJeroMqPipe(pattern, size).start());
				openers.put("engine open(spec) → open(spec, handler)", () -> new EnginePipe(pattern, size).startSenders(1));
				openers.put(BYTES, () -> new TemplatePipe(pattern, size, false).startSenders(1));
				openers.put(STRINGS, () -> new TemplatePipe(pattern, size, true).startSenders(1));
				openers.put("our Spring Integration adapters",
						() -> new IntegrationPipe(IntegrationPipe.Kind.OURS, pattern, size).startSenders(1));
				openers.put("spring-integration-zeromq 7.0.5 adapters",
						() -> new IntegrationPipe(IntegrationPipe.Kind.SPRING_INTEGRATION_ZEROMQ, pattern, size)
							.startSenders(1));
				boolean allocation = pattern == Pattern.PUSH_PULL && size == 100;
				Map<String, Report.Row> rows = compare(benchmark, openers, allocation);
				// the second target compares the template with spring-integration-zeromq
				Report.Row si = rows.get("spring-integration-zeromq 7.0.5 adapters");
				Report.Row template = rows.get(BYTES);
				Report.Row versus = this.report.row(benchmark, BYTES, "msgs/s (same samples)", si, false);
				template.samples.forEach(versus::add);
			}
		}
	}

	/** Case 2. */
	void sendingThreads() throws Exception {
		Map<String, Callable<Pipe>> openers = new LinkedHashMap<>();
		for (int threads : new int[] { 1, 4, 16 }) {
			openers.put(threads + " sending thread" + ((threads > 1) ? "s" : ""),
					() -> new TemplatePipe(Pattern.PUSH_PULL, 100, false).startSenders(threads));
		}
		compare("2. threads → one template PUSH socket → @ZmqListener (byte[], 100 B)", openers, false);
	}

	/**
	 * Opens every pipe, measures each once per round (order rotated), closes them; the first is the baseline.
	 * @return the rows by implementation
	 */
	private Map<String, Report.Row> compare(String benchmark, Map<String, Callable<Pipe>> openers, boolean allocation)
			throws Exception {
		List<String> names = new ArrayList<>(openers.keySet());
		List<Pipe> pipes = new ArrayList<>();
		Map<String, Report.Row> rows = new LinkedHashMap<>();
		Map<String, Report.Row> allocRows = new LinkedHashMap<>();
		try {
			Report.Row baseline = null;
			Report.Row allocBaseline = null;
			for (String name : names) {
				Benchmarks.progress("  " + benchmark + ": opening " + name);
				pipes.add(openers.get(name).call());
				Report.Row row = this.report.row(benchmark, name, "delivered msgs/s", baseline, false);
				rows.put(name, row);
				baseline = (baseline != null) ? baseline : row;
			}
			if (allocation) {
				for (String name : names) {
					Report.Row row = this.report.row("6. allocation on the hot path, PUSH→PULL 100 B", name,
							"bytes allocated (all threads) per delivered msg", allocBaseline, true);
					allocRows.put(name, row);
					allocBaseline = (allocBaseline != null) ? allocBaseline : row;
				}
				this.allocation.putAll(allocRows);
			}
			for (int round = 1; round <= this.settings.rounds(); round++) {
				for (int i = 0; i < pipes.size(); i++) {
					int index = (i + round - 1) % pipes.size();
					Pipe pipe = pipes.get(index);
					String name = names.get(index);
					Measurement measured = measure(pipe);
					rows.get(name).add(round, measured.rate);
					if (allocation) {
						allocRows.get(name).add(round, measured.bytesPerMessage);
					}
				}
			}
			return rows;
		}
		finally {
			for (Pipe pipe : pipes) {
				pipe.close();
			}
		}
	}

	record Measurement(double rate, double bytesPerMessage) {
	}

	private Measurement measure(Pipe pipe) {
		long before = pipe.delivered();
		pipe.activate();
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (pipe.delivered() == before) {
			pipe.checkSenders();
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(pipe.name + ": nothing delivered within 15 s");
			}
			Thread.onSpinWait();
			Benchmarks.sleep(Duration.ofMillis(1));
		}
		Benchmarks.sleep(this.settings.warmUp());
		long allocated0 = allocatedBytes();
		long count0 = pipe.delivered();
		long start = System.nanoTime();
		Benchmarks.sleep(this.settings.window());
		long count1 = pipe.delivered();
		long end = System.nanoTime();
		long allocated1 = allocatedBytes();
		pipe.pause();
		pipe.checkSenders();
		drain(pipe);
		long delivered = count1 - count0;
		double rate = delivered * 1e9 / (end - start);
		double perMessage = (delivered > 0) ? (double) (allocated1 - allocated0) / delivered : Double.NaN;
		return new Measurement(rate, perMessage);
	}

	/** Waits until the paused pipe delivered what was in flight, so that it does not load the next measurement. */
	private static void drain(Pipe pipe) {
		long last = -1;
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			long now = pipe.delivered();
			if (now == last) {
				return;
			}
			last = now;
			Benchmarks.sleep(Duration.ofMillis(30));
		}
	}

	/**
	 * The bytes allocated so far by all live threads (HotSpot's per-thread allocation counters).
	 * @return the sum
	 */
	static long allocatedBytes() {
		@Nullable Object bean = ManagementFactory.getThreadMXBean();
		if (bean instanceof com.sun.management.ThreadMXBean threads) {
			long[] ids = threads.getAllThreadIds();
			long sum = 0;
			for (long allocated : threads.getThreadAllocatedBytes(ids)) {
				sum += Math.max(0, allocated);
			}
			return sum;
		}
		return 0;
	}

}
