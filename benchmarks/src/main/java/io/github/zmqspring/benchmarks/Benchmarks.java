package io.github.zmqspring.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs the benchmarks side by side, prints one markdown table and writes it, a CSV and charts to a directory
 * ({@link ResultFiles}).
 * <p>
 * {@code mvn -B -q -pl benchmarks -am compile exec:java} runs everything (about 14 minutes on 2 cores);
 * {@code -Dexec.args="quick"} runs every case briefly (under a minute); {@code cases=1,3} runs some cases only;
 * {@code out=DIR} names the directory of the result files (relative to the benchmarks module; by default
 * {@code target/results/<timestamp>}). Implementations are interleaved round by round and every ratio is computed
 * within a round.
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	/**
	 * What a run was asked for.
	 * @param settings how long and how often each case runs
	 * @param out the directory of the result files
	 */
	record Options(Settings settings, Path out) {
	}

	/**
	 * Runs the benchmarks.
	 * @param args {@code quick} for the short mode, {@code cases=1,2,...} to select cases, {@code out=DIR} for the
	 * directory of the result files
	 * @throws Exception when a benchmark fails
	 */
	public static void main(String[] args) throws Exception {
		// the charts are drawn into images, never on a screen; exec:java runs in Maven's JVM, so it is set here
		System.setProperty("java.awt.headless", "true");
		Options options = options(args);
		Settings settings = options.settings();
		long start = System.nanoTime();
		Report report = run(settings);
		String header = header(settings, Duration.ofNanos(System.nanoTime() - start));
		System.out.println();
		System.out.println(header);
		System.out.println();
		System.out.println(report.toMarkdown());
		System.out.flush();
		List<Path> files = ResultFiles.write(options.out(), header, report);
		System.err.println("Results:");
		files.forEach((file) -> System.err.println("  " + file));
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
		return options(args).settings();
	}

	static Options options(String[] args) {
		Path out = null;
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
				else if (part.startsWith("out=") && part.length() > 4) {
					out = ResultFiles.directory(part.substring(4));
				}
				else if (!part.isEmpty()) {
					throw new IllegalArgumentException("unknown argument '" + part
							+ "': expected 'quick', 'cases=1,2,...' (cases 1 to 9) and/or 'out=DIR'");
				}
			}
		}
		return new Options(quick ? Settings.quick(cases) : Settings.full(cases),
				(out != null) ? out : ResultFiles.defaultDirectory());
	}

	/**
	 * The title of a case, as progress and the charts show it.
	 * @param number the case (1 to 9)
	 * @return its title
	 */
	static String title(int number) {
		return switch (number) {
			case 1 -> "PUSH→PULL and PUB→SUB throughput";
			case 2 -> "sending threads into one template socket";
			case 3 -> "request/reply";
			case 4 -> "idle-to-first-message latency";
			case 5 -> "fresh connection set-up";
			case 6 -> "memory";
			case 7 -> "like for like with libzmq (set-up, PUSH→PULL, REQ/REP)";
			case 8 -> "CURVE PUSH→PULL, like for like with libzmq";
			case 9 -> "scale: connections to one ROUTER, idle receivers";
			default -> throw new IllegalArgumentException("no case " + number + " (cases 1 to 9)");
		};
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
			progress("case 1: " + title(1));
			throughput.patterns();
		}
		if (settings.runs(2)) {
			progress("case 2: " + title(2));
			throughput.sendingThreads();
		}
		if (settings.runs(3)) {
			progress("case 3: " + title(3));
			new RequestReplyCase(settings, report).run();
		}
		if (settings.runs(4)) {
			progress("case 4: " + title(4));
			new IdleLatencyCase(settings, report).run();
		}
		if (settings.runs(5)) {
			progress("case 5: " + title(5));
			new ConnectionSetupCase(settings, report).run();
		}
		if (settings.runs(6)) {
			progress("case 6: " + title(6));
			new MemoryCase(settings, report, throughput).run();
		}
		if (settings.runs(7)) {
			progress("case 7: " + title(7));
			new LikeForLikeCase(settings, report).run();
		}
		if (settings.runs(8)) {
			progress("case 8: " + title(8));
			new LikeForLikeCase(settings, report).curve();
		}
		if (settings.runs(9)) {
			progress("case 9: " + title(9));
			new ScaleCase(settings, report).run();
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
