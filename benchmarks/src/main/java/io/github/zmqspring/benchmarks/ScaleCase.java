package io.github.zmqspring.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * Case 9: scale. (a) N TCP connections to one engine ROUTER server in this JVM: the N DEALER clients live in a child
 * JVM (same class path; {@code ulimit -n} is per process, and both ends of 10,000 connections in one process would
 * need more than 20,000 descriptors); each client sends one request, the server answers it by routing id, and the
 * child reports the replies it got and how long that took. This JVM reports its retained heap and direct memory per
 * connection (after full GCs, before the clients start and once they are all served) and its live threads. It runs
 * with the spec's defaults, with room for every handshake at once, and against libzmq's ROUTER ({@code zmq_bench
 * router}) as the reference. (b) Idle receivers at scale: case 6's measurement ({@link MemoryCase.Receiver}) with more
 * of them, each kind in a child JVM of its own.
 */
final class ScaleCase {

	/** The benchmark of (a); the connection count is appended. */
	static final String CONNECTIONS = "9. TCP connections to one engine ROUTER (DEALER clients in a child JVM)";

	/** The implementation of the server-side rows of (a). */
	static final String SERVER = "engine server(ROUTER) in this JVM";

	/** The implementation of the client-side rows of (a). */
	static final String CLIENTS = "engine DEALER clients (child JVM)";

	/** The metric of the served count; " of N" follows. */
	static final String SERVED = "connections served (a reply received)";

	/** The benchmark of (a) against libzmq's ROUTER; the connection count is appended. */
	static final String LIBZMQ_CONNECTIONS = "9. TCP connections to one libzmq ROUTER (engine DEALER clients in a child JVM)";

	/** The benchmark of (b); the count is appended. */
	static final String IDLE = "9. idle receivers at scale";

	/** Whatever the child needs beyond its connections: JVM start, class loading, closing. */
	private static final Duration CHILD_OVERHEAD = Duration.ofSeconds(60);

	private final Settings settings;

	private final Report report;

	ScaleCase(Settings settings, Report report) {
		this.settings = settings;
		this.report = report;
	}

	void run() throws Exception {
		int connections = this.settings.scaleConnections();
		// the spec's defaults first, then with room for every connection's handshake at once (see the README)
		connections(connections, ZmqSocketSpec.DEFAULT_MAX_PENDING_HANDSHAKES);
		if (connections > ZmqSocketSpec.DEFAULT_MAX_PENDING_HANDSHAKES) {
			connections(connections, connections);
		}
		libzmq(connections);
		int n = this.settings.scaleListeners();
		String benchmark = IDLE + " (" + n + " PULL sockets bound on tcp, each kind in a JVM of its own)";
		for (MemoryCase.Receiver receiver : List.of(MemoryCase.Receiver.ENGINE, MemoryCase.Receiver.LISTENER,
				MemoryCase.Receiver.RAW)) {
			idle(benchmark, receiver, n);
		}
	}

	/**
	 * Case 6's measurement of one kind of idle receiver, in a child JVM: measured one after the other in one JVM, what
	 * the kind before left for later collection (a closed context, a closed engine) was collected while the next kind
	 * was measured, and came out as negative heap per socket.
	 */
	private void idle(String benchmark, MemoryCase.Receiver receiver, int n) throws Exception {
		Benchmarks.progress("  " + n + " idle receivers (" + receiver.name().toLowerCase(Locale.ROOT) + ") in a child JVM");
		Duration deadline = Duration.ofSeconds(60 + n / 10);
		Process child = start(List.of("idle", receiver.name(), String.valueOf(n)));
		try {
			BlockingQueue<String> lines = lines(child);
			int rows = 0;
			for (Map<String, String> row = await(lines, "row", deadline); !row.containsKey("done");
					row = await(lines, "row", deadline)) {
				this.report.row(benchmark, row.get("implementation").replace('_', ' '), row.get("metric").replace('_', ' '))
					.add(0, Double.parseDouble(row.get("value")));
				rows++;
			}
			if (rows == 0 || !child.waitFor(CHILD_OVERHEAD.toSeconds(), TimeUnit.SECONDS)) {
				throw new IllegalStateException("the " + receiver + " child JVM reported no rows or did not end");
			}
		}
		finally {
			if (child.isAlive()) {
				child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	private void connections(int n, int maxPendingHandshakes) throws Exception {
		boolean defaults = maxPendingHandshakes == ZmqSocketSpec.DEFAULT_MAX_PENDING_HANDSHAKES;
		String benchmark = CONNECTIONS + ", " + n + ", " + (defaults ? "spec defaults"
				: "maxPendingHandshakes(" + maxPendingHandshakes + ")");
		Duration deadline = Duration.ofSeconds(20 + n / 250);
		Set<String> open = ConcurrentHashMap.newKeySet();
		AtomicInteger dropped = new AtomicInteger();
		AtomicInteger handled = new AtomicInteger();
		try (ZmqEngine engine = ZmqEngine.builder().name("bench-scale").build()) {
			engine.addEventListener((event) -> {
				if (event.socketName().equals("scale-router")) {
					if (event.type() == SocketEventType.HANDSHAKE_SUCCEEDED) {
						open.add(event.endpoint());
					}
					else if (event.type() == SocketEventType.DISCONNECTED) {
						open.remove(event.endpoint());
					}
					else if (event.type() == SocketEventType.HANDSHAKE_FAILED
							&& event.reason() == SocketEventReason.LIMIT_EXCEEDED) {
						dropped.incrementAndGet();
					}
				}
			});
			ZmqServer server = engine.server(ZmqSocketSpec.builder("scale-router", SocketType.ROUTER)
				.bind("tcp://127.0.0.1:*")
				.maxPendingHandshakes(maxPendingHandshakes)
				.build(), (request) -> {
					handled.incrementAndGet();
					return request.body();
				});
			MemoryCase.Snapshot before = MemoryCase.Snapshot.take();
			Benchmarks.progress("  " + n + " DEALER clients in a child JVM → ROUTER on port " + server.boundPort()
					+ " (maxPendingHandshakes " + maxPendingHandshakes + ", deadline " + deadline.toSeconds() + " s)");
			Process child = start(List.of("clients", String.valueOf(server.boundPort()), String.valueOf(n),
					String.valueOf(deadline.toSeconds())));
			BlockingQueue<String> lines = lines(child);
			try {
				Map<String, String> served = await(lines, "served", deadline.plus(CHILD_OVERHEAD));
				MemoryCase.Snapshot during = MemoryCase.Snapshot.take();
				int connected = open.size();
				try (Writer stdin = child.outputWriter(StandardCharsets.UTF_8)) {
					stdin.write("close\n");
				}
				Map<String, String> closed = await(lines, "closed", CHILD_OVERHEAD);
				if (!child.waitFor(CHILD_OVERHEAD.toSeconds(), TimeUnit.SECONDS)) {
					throw new IllegalStateException("the client JVM did not end within " + CHILD_OVERHEAD);
				}
				record(benchmark, n, before, during, connected, served, closed);
				this.report.row(benchmark, SERVER, "requests handled").add(0, handled.get());
				this.report.row(benchmark, SERVER, "handshakes dropped (LIMIT_EXCEEDED)").add(0, dropped.get());
				this.report.note("9. served (" + (defaults ? "spec defaults" : "maxPendingHandshakes " + maxPendingHandshakes)
						+ "): " + served.get("replies") + "/" + n + " (requests handled by the ROUTER: " + handled.get()
						+ ", handshakes it dropped as LIMIT_EXCEEDED: " + dropped.get() + ")");
			}
			finally {
				if (child.isAlive()) {
					child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			awaitDisconnected(open);
			MemoryCase.Snapshot after = MemoryCase.Snapshot.take();
			this.report.row(benchmark, SERVER, "live threads after the clients closed").add(0, after.threads());
			this.report.row(benchmark, SERVER, "retained heap KiB after the clients closed (all, not per connection)")
				.add(0, (after.heap() - before.heap()) / 1024.0);
		}
	}

	/**
	 * (a) with libzmq's ROUTER as the reference: {@code zmq_bench router} (a child process, libzmq's defaults) serves
	 * the same child JVM of engine DEALER clients; its resident memory per connection is RSS, not heap.
	 */
	private void libzmq(int n) throws Exception {
		String benchmark = LIBZMQ_CONNECTIONS + ", " + n;
		LibZmqHarness.Availability libzmq = LibZmqHarness.locate();
		LibZmqHarness harness = libzmq.harness();
		if (harness == null) {
			this.report.note("9. libzmq skipped: " + libzmq.reason());
			return;
		}
		String server = harness.name() + " ROUTER (a child process)";
		Duration deadline = Duration.ofSeconds(20 + n / 250);
		Process router = new ProcessBuilder(harness.binary().toString(), "router", "count=" + n,
				"seconds=" + deadline.toSeconds()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		Process child = null;
		try {
			BlockingQueue<String> routerLines = lines(router);
			int port = Integer.parseInt(await(routerLines, "port", CHILD_OVERHEAD).get("port"));
			Benchmarks.progress("  " + n + " DEALER clients in a child JVM → libzmq ROUTER on port " + port);
			child = start(List.of("clients", String.valueOf(port), String.valueOf(n),
					String.valueOf(deadline.toSeconds())));
			BlockingQueue<String> lines = lines(child);
			Map<String, String> served = await(lines, "served", deadline.plus(CHILD_OVERHEAD));
			Map<String, String> result = await(routerLines, "result", deadline.plus(CHILD_OVERHEAD));
			try (Writer stdin = child.outputWriter(StandardCharsets.UTF_8)) {
				stdin.write("close\n");
			}
			Map<String, String> closed = await(lines, "closed", CHILD_OVERHEAD);
			try (Writer stdin = router.outputWriter(StandardCharsets.UTF_8)) {
				stdin.write("exit\n");
			}
			if (!child.waitFor(CHILD_OVERHEAD.toSeconds(), TimeUnit.SECONDS)
					|| !router.waitFor(CHILD_OVERHEAD.toSeconds(), TimeUnit.SECONDS)) {
				throw new IllegalStateException("the client JVM or zmq_bench did not end within " + CHILD_OVERHEAD);
			}
			this.report.row(benchmark, server, SERVED + " of " + n).add(0, Integer.parseInt(served.get("replies")));
			this.report.row(benchmark, server, "requests answered").add(0, Long.parseLong(result.get("answered")));
			this.report.row(benchmark, server, "resident memory (VmRSS) KiB per connection")
				.add(0, (Long.parseLong(result.get("rss_kib")) - Long.parseLong(result.get("rss_kib_before"))) / (double) n);
			this.report.row(benchmark, server, "threads before").add(0, Long.parseLong(result.get("threads_before")));
			this.report.row(benchmark, server, "threads with all connected").add(0, Long.parseLong(result.get("threads")));
			clientRows(benchmark, n, served, closed);
			this.report.note("9. served (libzmq ROUTER): " + served.get("replies") + "/" + n + " (requests it answered: "
					+ result.get("answered") + ")");
		}
		finally {
			for (Process process : (child != null) ? List.of(child, router) : List.of(router)) {
				if (process.isAlive()) {
					process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
		}
	}

	private void record(String benchmark, int n, MemoryCase.Snapshot before, MemoryCase.Snapshot during, int open,
			Map<String, String> served, Map<String, String> closed) {
		int replies = Integer.parseInt(served.get("replies"));
		this.report.row(benchmark, SERVER, SERVED + " of " + n).add(0, replies);
		this.report.row(benchmark, SERVER, "connections open when served").add(0, open);
		this.report.row(benchmark, SERVER, "retained heap KiB per connection")
			.add(0, (during.heap() - before.heap()) / 1024.0 / n);
		this.report.row(benchmark, SERVER, "direct memory KiB per connection")
			.add(0, (during.direct() - before.direct()) / 1024.0 / n);
		this.report.row(benchmark, SERVER, "live threads before").add(0, before.threads());
		this.report.row(benchmark, SERVER, "live threads with all connected").add(0, during.threads());
		clientRows(benchmark, n, served, closed);
	}

	private void clientRows(String benchmark, int n, Map<String, String> served, Map<String, String> closed) {
		this.report.row(benchmark, CLIENTS, "ms from the first connect to the last reply")
			.add(0, Double.parseDouble(served.get("ms")));
		this.report.row(benchmark, CLIENTS, "ms to open (and send on) every socket")
			.add(0, Double.parseDouble(served.get("openMs")));
		this.report.row(benchmark, CLIENTS, "replies not as sent").add(0, Integer.parseInt(served.get("wrong")));
		this.report.row(benchmark, CLIENTS, "retained heap KiB per socket")
			.add(0, Long.parseLong(served.get("heap")) / 1024.0 / n);
		this.report.row(benchmark, CLIENTS, "live threads with all open").add(0, Integer.parseInt(served.get("threads")));
		this.report.row(benchmark, CLIENTS, "peak live threads").add(0, Integer.parseInt(served.get("peakThreads")));
		this.report.row(benchmark, CLIENTS, "ms to close every socket").add(0, Double.parseDouble(closed.get("ms")));
	}

	/** Waits (bounded) until the server saw every connection go, so that "after" measures what they left behind. */
	private static void awaitDisconnected(Set<String> open) {
		long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!open.isEmpty() && System.nanoTime() < end) {
			Benchmarks.sleep(Duration.ofMillis(20));
		}
	}

	/** Starts {@link #main} in a child JVM with this JVM's class path; its stderr goes to ours. */
	private static Process start(List<String> arguments) throws IOException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", classPath(), ScaleCase.class.getName()));
		command.addAll(arguments);
		return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
	}

	/**
	 * The class path of this JVM's benchmark classes: {@code java.class.path}, plus the URLs of the loader that loaded
	 * this class when that is not the application class loader ({@code exec:java} runs the benchmarks in Maven's JVM,
	 * in a class loader of their own).
	 */
	static String classPath() {
		Set<String> entries = new LinkedHashSet<>();
		ClassLoader loader = ScaleCase.class.getClassLoader();
		if (loader instanceof URLClassLoader urls && loader != ClassLoader.getSystemClassLoader()) {
			for (URL url : urls.getURLs()) {
				try {
					entries.add(Path.of(url.toURI()).toString());
				}
				catch (URISyntaxException | IllegalArgumentException ex) {
					// not a file: nothing a child JVM could load from
				}
			}
		}
		if (entries.isEmpty()) {
			entries.addAll(Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator)));
		}
		return String.join(File.pathSeparator, entries);
	}

	/** The child's stdout, line by line, read on a daemon thread so that every wait on it has a deadline. */
	private static BlockingQueue<String> lines(Process child) {
		BlockingQueue<String> lines = new LinkedBlockingQueue<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader in = child.inputReader(StandardCharsets.UTF_8)) {
				for (String line = in.readLine(); line != null; line = in.readLine()) {
					lines.add(line);
				}
			}
			catch (IOException ex) {
				lines.add("error " + ex);
			}
			lines.add("error the child process's output ended");
		}, "bench-scale-child-output");
		reader.setDaemon(true);
		reader.start();
		return lines;
	}

	/** @return the {@code key=value} pairs of the child's next line starting with {@code kind} */
	private static Map<String, String> await(BlockingQueue<String> lines, String kind, Duration timeout)
			throws InterruptedException {
		long end = System.nanoTime() + timeout.toNanos();
		while (true) {
			String line = lines.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
			if (line == null) {
				throw new IllegalStateException("no '" + kind + "' line from the child process within " + timeout);
			}
			if (line.startsWith("error ")) {
				throw new IllegalStateException("child process: " + line.substring(6));
			}
			if (line.startsWith(kind + " ")) {
				Map<String, String> values = new HashMap<>();
				for (String pair : line.substring(kind.length() + 1).trim().split(" ")) {
					int equals = pair.indexOf('=');
					values.put(pair.substring(0, equals), pair.substring(equals + 1));
				}
				return values;
			}
		}
	}

	/**
	 * A child JVM of this case. {@code clients PORT N SECONDS}: opens N DEALER sockets connecting to the ROUTER, sends
	 * one request on each, waits (up to SECONDS) for every reply, prints
	 * {@code served replies=.. wrong=.. ms=.. openMs=.. heap=.. threads=.. peakThreads=..}, keeps every connection open
	 * until a line arrives on stdin (or stdin ends), closes everything and prints {@code closed ms=..}.
	 * {@code idle KIND N}: case 6's measurement of N idle receivers of one {@link MemoryCase.Receiver} kind, printed as
	 * {@code row implementation=.. metric=.. value=..} lines (spaces as {@code _}), then {@code row done=1}.
	 * @param args the mode and its arguments
	 * @throws Exception when the clients or receivers cannot run
	 */
	public static void main(String[] args) throws Exception {
		if (args[0].equals("idle")) {
			Report report = new Report();
			MemoryCase.Receiver.valueOf(args[1]).measure(report, IDLE, Integer.parseInt(args[2]));
			for (Report.Row row : report.rows()) {
				System.out.printf(Locale.ROOT, "row implementation=%s metric=%s value=%s%n", row.implementation.replace(' ', '_'),
						row.metric.replace(' ', '_'), Report.number(row.median()));
			}
			System.out.println("row done=1");
		}
		else {
			clients(Arrays.copyOfRange(args, 1, args.length));
		}
		System.out.flush();
		// everything is closed; a thread a library left behind (a Spring context's) must not keep the child alive
		System.exit(0);
	}

	private static void clients(String[] args) throws Exception {
		PrintStream out = System.out;
		int port = Integer.parseInt(args[0]);
		int n = Integer.parseInt(args[1]);
		Duration deadline = Duration.ofSeconds(Long.parseLong(args[2]));
		CountDownLatch replies = new CountDownLatch(n);
		AtomicInteger received = new AtomicInteger();
		AtomicInteger wrong = new AtomicInteger();
		MemoryCase.Snapshot before = MemoryCase.Snapshot.take();
		long closing;
		try (ZmqEngine engine = ZmqEngine.builder().name("scale-clients").build()) {
			List<ZmqSocket> sockets = new ArrayList<>(n);
			long start = System.nanoTime();
			for (int i = 0; i < n; i++) {
				byte[] request = ("request " + i).getBytes(StandardCharsets.US_ASCII);
				ZmqSocket socket = engine.open(ZmqSocketSpec.builder("client-" + i, SocketType.DEALER)
					.connect("tcp://127.0.0.1:" + port)
					.linger(Duration.ZERO)
					.build(), (reply) -> {
						if (reply.size() != 1 || !Arrays.equals(reply.first(), request)) {
							wrong.incrementAndGet();
						}
						received.incrementAndGet();
						replies.countDown();
					});
				socket.send(ZmqMessage.of(request));
				sockets.add(socket);
			}
			long opened = System.nanoTime();
			replies.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
			long done = System.nanoTime();
			int peak = ManagementFactory.getThreadMXBean().getPeakThreadCount();
			MemoryCase.Snapshot after = MemoryCase.Snapshot.take();
			out.printf(Locale.ROOT, "served replies=%d wrong=%d ms=%.1f openMs=%.1f heap=%d threads=%d peakThreads=%d%n",
					received.get(), wrong.get(), (done - start) / 1e6, (opened - start) / 1e6, after.heap() - before.heap(),
					after.threads(), peak);
			out.flush();
			try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
				in.readLine();
			}
			closing = System.nanoTime();
			sockets.forEach(ZmqSocket::close);
		}
		out.printf(Locale.ROOT, "closed ms=%.1f%n", (System.nanoTime() - closing) / 1e6);
		out.flush();
	}

}
