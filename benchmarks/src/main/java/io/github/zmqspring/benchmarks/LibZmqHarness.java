package io.github.zmqspring.benchmarks;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * libzmq in cases 7, 8 and 9: {@code src/main/c/zmq_bench.c}, compiled at run time into {@code target/zmq_bench} (when missing
 * or older than its source) against Debian's libzmq, and run once per measurement as a child process that prints
 * {@code result case=... key=value ...} on stdout.
 */
final class LibZmqHarness implements Contender {

	/** What to install when the harness cannot be built. */
	static final String INSTALL = "sudo apt-get install libzmq3-dev gcc";

	/** The compiler, {@code gcc} unless the {@code bench.cc} system property names another. */
	static final String COMPILER_PROPERTY = "bench.cc";

	private static final long RUN_TIMEOUT_SECONDS = 300;

	private final Path binary;

	private final String version;

	private LibZmqHarness(Path binary, String version) {
		this.binary = binary;
		this.version = version;
	}

	/** The harness, or why there is none. */
	record Availability(@Nullable LibZmqHarness harness, String reason) {
	}

	/**
	 * Finds or builds the harness with the compiler that {@value #COMPILER_PROPERTY} names (default {@code gcc}).
	 * @return the harness, or the reason it is missing (naming what to install)
	 */
	static Availability locate() {
		return locate(System.getProperty(COMPILER_PROPERTY, "gcc"));
	}

	/**
	 * Finds or builds {@code target/zmq_bench} from {@code src/main/c/zmq_bench.c}.
	 * @param compiler the C compiler command
	 * @return the harness, or the reason it is missing (naming what to install)
	 */
	static Availability locate(String compiler) {
		Path target;
		try {
			Path classes = Path.of(LibZmqHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			target = classes.getParent();
		}
		catch (URISyntaxException | RuntimeException ex) {
			return new Availability(null, "cannot find the benchmarks' target directory: " + ex);
		}
		return locate(compiler, source(), target.resolve("zmq_bench"));
	}

	/** @return {@code src/main/c/zmq_bench.c} of the benchmarks module */
	static Path source() {
		try {
			Path classes = Path.of(LibZmqHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			return classes.getParent().getParent().resolve("src/main/c/zmq_bench.c");
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Finds the binary, or builds it when it is missing or older than the source.
	 * @param compiler the C compiler command
	 * @param source the C source
	 * @param binary the binary
	 * @return the harness, or the reason it is missing (naming what to install)
	 */
	static Availability locate(String compiler, Path source, Path binary) {
		try {
			boolean stale = Files.exists(source)
					&& (!Files.exists(binary) || Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) < 0);
			if (!Files.exists(binary) && !Files.exists(source)) {
				return new Availability(null, "neither " + binary + " nor its source " + source + " exists");
			}
			if (stale) {
				String failure = compile(compiler, source, binary);
				if (failure != null) {
					return new Availability(null, failure);
				}
			}
			Map<String, String> result = run(binary, List.of("version"));
			return new Availability(new LibZmqHarness(binary, result.getOrDefault("version", "?")), "");
		}
		catch (IOException | RuntimeException ex) {
			return new Availability(null, "libzmq harness " + binary + " does not run: " + ex.getMessage()
					+ " (install libzmq with: " + INSTALL + ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Availability(null, "interrupted while building the libzmq harness");
		}
	}

	/** @return null when compiled, else why not */
	private static @Nullable String compile(String compiler, Path source, Path binary)
			throws IOException, InterruptedException {
		Path temporary = binary.resolveSibling(binary.getFileName() + ".tmp-" + ProcessHandle.current().pid());
		List<String> command = List.of(compiler, "-O2", "-Wall", "-o", temporary.toString(), source.toString(), "-lzmq",
				"-lpthread");
		Benchmarks.progress("  building the libzmq harness: " + String.join(" ", command));
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			return "no C compiler ('" + compiler + "' cannot be started: " + ex.getMessage() + "); install it with: "
					+ INSTALL;
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			return "the C compiler did not finish within 120 s";
		}
		if (process.exitValue() != 0) {
			Files.deleteIfExists(temporary);
			String what = (output.contains("zmq.h")) ? "libzmq's header zmq.h is missing"
					: (output.contains("lzmq")) ? "libzmq (-lzmq) is missing" : "compiling " + source + " failed";
			return what + "; install it with: " + INSTALL + "\n" + output;
		}
		Files.move(temporary, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		return null;
	}

	private static Map<String, String> run(Path binary, List<String> arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(binary.toString());
		command.addAll(arguments);
		// output to a file, so that a harness that hangs cannot hang the benchmark past the time-out
		Path out = Files.createTempFile("zmq_bench-", ".out");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
			if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + ": no result within " + RUN_TIMEOUT_SECONDS
						+ " s");
			}
			return parse(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8).trim());
		}
		finally {
			Files.deleteIfExists(out);
		}
	}

	private static Map<String, String> parse(List<String> command, int exit, String output) {
		for (String line : output.split("\n")) {
			if (line.startsWith("result ") && exit == 0) {
				Map<String, String> values = new LinkedHashMap<>();
				for (String pair : line.substring(7).trim().split("\\s+")) {
					int equals = pair.indexOf('=');
					if (equals > 0) {
						values.put(pair.substring(0, equals), pair.substring(equals + 1));
					}
				}
				return values;
			}
		}
		throw new IllegalStateException(String.join(" ", command) + " exited with " + exit + ": " + output);
	}

	private Map<String, String> run(String... arguments) throws IOException, InterruptedException {
		return run(this.binary, List.of(arguments));
	}

	private static double number(Map<String, String> values, String key) {
		String value = values.get(key);
		if (value == null) {
			throw new IllegalStateException("zmq_bench printed no '" + key + "' in " + values);
		}
		return Double.parseDouble(value);
	}

	/** @return the harness binary, for a case that talks to it while it runs (case 9's {@code router} mode) */
	Path binary() {
		return this.binary;
	}

	/** @return libzmq's version, as the harness reports it */
	String version() {
		return this.version;
	}

	@Override
	public String name() {
		return "libzmq " + this.version + " (C)";
	}

	@Override
	public Sample setup(int cycles) throws IOException, InterruptedException {
		Map<String, String> values = run("setup", "count=" + cycles);
		return new Sample(number(values, "rate"), number(values, "p50_us"), number(values, "p99_us"),
				(long) number(values, "lost"), number(values, "open_p50_us"), number(values, "deliver_p50_us"));
	}

	@Override
	public Sample throughput(int size, int warmUp, int count, @Nullable Curve curve)
			throws IOException, InterruptedException {
		List<String> arguments = new ArrayList<>(List.of("throughput", "size=" + size, "warmup=" + warmUp,
				"count=" + count));
		if (curve != null) {
			// the run's throw-away keys, on the command line of a child that lives for one measurement
			arguments.addAll(List.of("curve=1", "server_public=" + curve.server().publicKey(),
					"server_secret=" + curve.server().secretKey(), "client_public=" + curve.client().publicKey(),
					"client_secret=" + curve.client().secretKey()));
		}
		Map<String, String> values = run(this.binary, arguments);
		String mechanism = (curve != null) ? "CURVE" : "NULL";
		// zmq_bench checks these itself; a stale binary or a changed harness must not pass for a CURVE run
		if (!mechanism.equals(values.get("mechanism")) || number(values, "received") != warmUp + count
				|| (curve != null && number(values, "handshakes") < 1)) {
			throw new IllegalStateException("zmq_bench throughput: expected mechanism=" + mechanism + ", received="
					+ (warmUp + count) + (curve != null ? " and a handshake" : "") + " but printed " + values);
		}
		return Sample.stream(number(values, "rate"), (long) number(values, "mismatched"));
	}

	@Override
	public Sample publish(int size, int warmUp, int count) throws IOException, InterruptedException {
		Map<String, String> values = run("pubsub", "size=" + size, "warmup=" + warmUp, "count=" + count);
		if (number(values, "received") != warmUp + count) {
			throw new IllegalStateException("zmq_bench pubsub: expected received=" + (warmUp + count) + " but printed "
					+ values);
		}
		return Sample.stream(number(values, "rate"), (long) number(values, "mismatched"));
	}

	@Override
	public Sample requestReply(int size, int warmUp, int count) throws IOException, InterruptedException {
		Map<String, String> values = run("reqrep", "size=" + size, "warmup=" + warmUp, "count=" + count);
		return new Sample(number(values, "rate"), number(values, "p50_us"), number(values, "p99_us"), 0);
	}

}
