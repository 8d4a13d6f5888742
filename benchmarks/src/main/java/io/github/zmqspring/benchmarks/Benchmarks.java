package io.github.zmqspring.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs the benchmarks side by side and prints one markdown table.
 * <p>
 * {@code mvn -B -q -pl benchmarks -am compile exec:java} runs everything (under 10 minutes on 2 cores);
 * {@code -Dexec.args="quick"} runs every case briefly (under a minute); {@code cases=1,3} runs some cases only.
 * Implementations are interleaved round by round and every ratio is computed within a round.
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	/**
	 * Runs the benchmarks.
	 * @param args {@code quick} for the short mode, {@code cases=1,2,...} to select cases
	 * @throws Exception when a benchmark fails
	 */
	public static void main(String[] args) throws Exception {
		Settings settings = settings(args);
		long start = System.nanoTime();
		Report report = run(settings);
		System.out.println();
		System.out.println(header(settings, Duration.ofNanos(System.nanoTime() - start)));
		System.out.println();
		System.out.println(report.toMarkdown());
		System.out.flush();
		// spring-integration-zeromq 7.0.5 leaves a non-daemon 'zeroMqMessageProducerScheduler' thread behind after
		// its inbound adapter is stopped and destroyed; it would keep exec:java (and the JVM) waiting forever
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.isAlive() && !thread.isDaemon() && thread.getThreadGroup() == Thread.currentThread().getThreadGroup()
					&& thread != Thread.currentThread()) {
				progress("left behind: non-daemon thread '" + thread.getName() + "'; exiting");
				System.exit(0);
			}
		}
	}

	static Settings settings(String[] args) {
		boolean quick = Boolean.getBoolean("quick") || System.getProperty("quick") != null
				&& !"false".equals(System.getProperty("quick"));
		Set<Integer> cases = Settings.ALL;
		for (String arg : args) {
			for (String part : arg.trim().split("\\s+")) {
				if (part.equals("quick")) {
					quick = true;
				}
				else if (part.startsWith("cases=")) {
					cases = Arrays.stream(part.substring(6).split(","))
						.map(String::trim)
						.map(Integer::valueOf)
						.collect(Collectors.toCollection(LinkedHashSet::new));
				}
				else if (!part.isEmpty()) {
					throw new IllegalArgumentException("unknown argument '" + part
							+ "': expected 'quick' and/or 'cases=1,2,...' (cases 1 to 8)");
				}
			}
		}
		return quick ? Settings.quick(cases) : Settings.full(cases);
	}

	/**
	 * Runs the selected cases.
	 * @param settings the settings
	 * @return the report
	 * @throws Exception when a benchmark fails
	 */
	static Report run(Settings settings) throws Exception {
		Report report = new Report();
		ThroughputCases throughput = new ThroughputCases(settings, report);
		if (settings.runs(1)) {
			progress("case 1: PUSH→PULL and PUB→SUB throughput");
			throughput.patterns();
		}
		if (settings.runs(2)) {
			progress("case 2: sending threads into one template socket");
			throughput.sendingThreads();
		}
		if (settings.runs(3)) {
			progress("case 3: request/reply");
			new RequestReplyCase(settings, report).run();
		}
		if (settings.runs(4)) {
			progress("case 4: idle-to-first-message latency");
			new IdleLatencyCase(settings, report).run();
		}
		if (settings.runs(5)) {
			progress("case 5: fresh connection set-up");
			new ConnectionSetupCase(settings, report).run();
		}
		if (settings.runs(6)) {
			progress("case 6: memory");
			new MemoryCase(settings, report, throughput).run();
		}
		if (settings.runs(7)) {
			progress("case 7: like for like with libzmq (set-up, PUSH→PULL, REQ/REP)");
			new LikeForLikeCase(settings, report).run();
		}
		if (settings.runs(8)) {
			progress("case 8: CURVE PUSH→PULL, like for like with libzmq");
			new LikeForLikeCase(settings, report).curve();
		}
		return report;
	}

	static void progress(String message) {
		System.err.println("[bench " + OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toLocalTime() + "] "
				+ message);
	}

	static String header(Settings settings, Duration took) {
		Runtime runtime = Runtime.getRuntime();
		double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		return String.format(Locale.ROOT,
				"Run %s (%s mode, %d rounds, cases %s) on %d cores, %s %s (%s), %s %s; load average at the end %.2f; "
						+ "max heap %d MiB; took %d s.",
				OffsetDateTime.now().truncatedTo(ChronoUnit.MINUTES), settings.quick() ? "quick" : "full",
				settings.rounds(), settings.cases().stream().sorted().map(String::valueOf).collect(Collectors.joining(",")),
				runtime.availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
				System.getProperty("java.vendor"), System.getProperty("os.name"), System.getProperty("os.arch"), load,
				runtime.maxMemory() / (1024 * 1024), took.toSeconds());
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
