package io.github.zmqspring.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.zmqspring.core.ZmqMessage;

/**
 * A real pyzmq/libzmq peer running as a separate {@code /usr/bin/python3} process ({@code src/test/python/peer.py}),
 * driven one command at a time over its stdin/stdout. Every call is bounded by a timeout; {@link #close()} always
 * ends the process (gracefully, then forcibly). Not thread-safe: one test thread drives one peer.
 */
final class PyPeer implements AutoCloseable {

	/** Debian's python3, where python3-zmq installs pyzmq (override with -Dinterop.python=...). */
	static final String PYTHON = System.getProperty("interop.python", "/usr/bin/python3");

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

	private static final String EOF = "\u0000eof";

	private static final HexFormat HEX = HexFormat.of();

	private static volatile String pyzmqCheck;

	private final Process process;

	private final Writer stdin;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final StringBuffer stderr = new StringBuffer();

	private PyPeer(Process process) {
		this.process = process;
		this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
		daemon("py-stdout", () -> {
			try (BufferedReader reader = process.inputReader(StandardCharsets.US_ASCII)) {
				String line;
				while ((line = reader.readLine()) != null) {
					this.lines.add(line);
				}
			}
			catch (IOException ex) {
				// the process ended: the EOF marker below tells the caller
			}
			this.lines.add(EOF);
		});
		daemon("py-stderr", () -> {
			try (BufferedReader reader = process.errorReader(StandardCharsets.UTF_8)) {
				String line;
				while ((line = reader.readLine()) != null) {
					this.stderr.append(line).append('\n');
				}
			}
			catch (IOException ex) {
				// the process ended
			}
		});
	}

	/**
	 * Starts a peer process. Fails (never skips) with the install command when pyzmq is missing.
	 * @return the running peer
	 */
	static PyPeer start() {
		requirePyzmq();
		Path script = Path.of(System.getProperty("interop.peer", "src/test/python/peer.py"));
		if (!Files.isRegularFile(script)) {
			throw new AssertionError("The Python peer script " + script.toAbsolutePath() + " is missing");
		}
		try {
			Process process = new ProcessBuilder(PYTHON, "-u", script.toString()).start();
			return new PyPeer(process);
		}
		catch (IOException ex) {
			throw new AssertionError("Could not start " + PYTHON + " " + script + ": " + ex, ex);
		}
	}

	/**
	 * Checks once per JVM that {@code /usr/bin/python3} can import pyzmq, and fails with the install command otherwise.
	 */
	static void requirePyzmq() {
		String check = pyzmqCheck;
		if (check == null) {
			check = checkPyzmq();
			pyzmqCheck = check;
		}
		if (!check.isEmpty()) {
			throw new AssertionError("The interoperability suite (-Pinterop) needs real pyzmq/libzmq peers, but " + check
					+ ". Install Debian's pyzmq with: sudo apt-get install python3-zmq  (it is for /usr/bin/python3; a "
					+ "pyenv or virtualenv python3 on the PATH is not used), or run the build without -Pinterop.");
		}
	}

	private static String checkPyzmq() {
		if (!Files.isExecutable(Path.of(PYTHON))) {
			return PYTHON + " does not exist";
		}
		try {
			Process probe = new ProcessBuilder(PYTHON, "-c", "import zmq").redirectErrorStream(true).start();
			try {
				if (!probe.waitFor(30, TimeUnit.SECONDS)) {
					return PYTHON + " -c 'import zmq' did not finish within 30 s";
				}
				String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
				return (probe.exitValue() == 0) ? "" : PYTHON + " cannot import zmq (" + output + ")";
			}
			finally {
				probe.destroyForcibly();
			}
		}
		catch (IOException ex) {
			return PYTHON + " could not run (" + ex.getMessage() + ")";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "the pyzmq check was interrupted";
		}
	}

	// ---- ZeroMQ sockets -------------------------------------------------------------------------------------------

	/** Creates a libzmq socket; options like {@code identity=HEX}, {@code subscribe=HEX}. */
	PyPeer socket(String name, String type, String... options) {
		List<String> words = new ArrayList<>(List.of("socket", name, type));
		words.addAll(List.of(options));
		call(words.toArray(String[]::new));
		return this;
	}

	/** Binds to a random free port on 127.0.0.1 and returns it. */
	int bind(String name) {
		String endpoint = call("bind", name, "tcp://127.0.0.1:*");
		return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
	}

	/** Binds to an endpoint ({@code tcp://127.0.0.1:*}, {@code ipc:///path}) and returns the actual endpoint. */
	String bindEndpoint(String name, String endpoint) {
		return call("bind", name, endpoint);
	}

	PyPeer unbind(String name, String endpoint) {
		call("unbind", name, endpoint);
		return this;
	}

	PyPeer connect(String name, int port) {
		return connect(name, "tcp://127.0.0.1:" + port);
	}

	PyPeer connect(String name, String endpoint) {
		call("connect", name, endpoint);
		return this;
	}

	/** Adds a subscription to a SUB socket (libzmq counts them: subscribing twice needs two unsubscribes). */
	PyPeer subscribe(String name, byte[] prefix) {
		call("subscribe", name, (prefix.length == 0) ? "-" : hex(prefix));
		return this;
	}

	PyPeer unsubscribe(String name, byte[] prefix) {
		call("unsubscribe", name, (prefix.length == 0) ? "-" : hex(prefix));
		return this;
	}

	/** Closes a socket (its 1 s linger applies). */
	PyPeer closeSocket(String name) {
		call("close", name);
		return this;
	}

	/**
	 * Sends {@code size}-byte messages (the first 4 bytes a big-endian sequence number) with a send timeout until one
	 * times out or {@code max} were sent, and returns how many were sent.
	 */
	int fill(String name, int size, Duration sendTimeout, int max) {
		return Integer.parseInt(call(CALL_TIMEOUT.plus(sendTimeout.multipliedBy(2)), "fill", name, Integer.toString(size),
				Long.toString(sendTimeout.toMillis()), Integer.toString(max)));
	}

	/** Receives every message until none arrives for {@code quiet}, every frame truncated to {@code head} bytes. */
	List<ZmqMessage> drain(String name, Duration quiet, int head) {
		return callMessages(CALL_TIMEOUT.plus(Duration.ofSeconds(60)), "drain", name, Long.toString(quiet.toMillis()),
				"head=" + head);
	}

	/** Like {@link #collect(String, int, Duration, String...)}, every frame truncated to its first {@code head} bytes. */
	List<ZmqMessage> collectHeads(String name, int count, Duration timeout, int head) {
		return callMessages(CALL_TIMEOUT.plus(timeout), "collect", name, Integer.toString(count),
				Long.toString(timeout.toMillis()), "head=" + head);
	}

	PyPeer send(String name, ZmqMessage message) {
		List<String> words = new ArrayList<>(List.of("send", name));
		words.addAll(hexFrames(message));
		call(words.toArray(String[]::new));
		return this;
	}

	ZmqMessage recv(String name, Duration timeout) {
		return parseFrames(call(CALL_TIMEOUT.plus(timeout), "recv", name, Long.toString(timeout.toMillis())));
	}

	/** Receives one message, or returns {@code null} when none arrives in time. */
	ZmqMessage poll(String name, Duration timeout) {
		String[] words = { "recv", name, Long.toString(timeout.toMillis()) };
		write(words);
		String line = next(CALL_TIMEOUT.plus(timeout), "recv");
		if (line.equals("err timeout")) {
			return null;
		}
		if (line.startsWith("ok ")) {
			return parseFrames(line.substring(3));
		}
		throw failure("'recv " + name + "' failed: " + line);
	}

	/** Receives {@code count} messages, ignoring those whose first frame starts with one of the prefixes. */
	List<ZmqMessage> collect(String name, int count, Duration timeout, String... skipPrefixes) {
		List<String> words = new ArrayList<>(List.of("collect", name, Integer.toString(count),
				Long.toString(timeout.toMillis())));
		for (String prefix : skipPrefixes) {
			words.add("skip=" + hex(prefix.getBytes(StandardCharsets.UTF_8)));
		}
		return callMessages(CALL_TIMEOUT.plus(timeout), words.toArray(String[]::new));
	}

	/** Sends the message every interval on a peer thread until {@link #stop(String)}. */
	PyPeer repeat(String name, Duration interval, ZmqMessage message) {
		List<String> words = new ArrayList<>(List.of("repeat", name, Long.toString(interval.toMillis())));
		words.addAll(hexFrames(message));
		call(words.toArray(String[]::new));
		return this;
	}

	/**
	 * Serves {@code count} messages (-1: until stopped) on a peer thread: each received message is sent on
	 * {@code out} with its first {@code strip} frames removed and the {@code suffix} frame appended (when not null).
	 */
	PyPeer serve(String name, int count, String out, int strip, byte[] suffix) {
		List<String> words = new ArrayList<>(List.of("serve", name, Integer.toString(count), "out=" + out,
				"strip=" + strip));
		if (suffix != null) {
			words.add("suffix=" + hex(suffix));
		}
		call(words.toArray(String[]::new));
		return this;
	}

	/** Waits for a serve thread to finish and returns what it received. */
	List<ZmqMessage> join(String name, Duration timeout) {
		return callMessages(CALL_TIMEOUT.plus(timeout), "join", name, Long.toString(timeout.toMillis()));
	}

	/** Stops a repeat or serve thread and returns what it sent or received. */
	List<ZmqMessage> stop(String name) {
		return callMessages(CALL_TIMEOUT, "stop", name);
	}

	/** Sends the generated messages 0..count-1 ({@code peer.py}'s {@code generated}, {@code VolumeInteropTests}). */
	PyPeer blast(String name, int count, Duration timeout) {
		call(CALL_TIMEOUT.plus(timeout), "blast", name, Integer.toString(count));
		return this;
	}

	/** Receives {@code count} messages and returns the SHA-256 (hex) over their frames ({@code VolumeInteropTests}). */
	String digest(String name, int count, Duration timeout) {
		return call(CALL_TIMEOUT.plus(timeout), "digest", name, Integer.toString(count), Long.toString(timeout.toMillis()));
	}

	/** Stops a repeat or serve thread and returns how many messages it sent or received. */
	int stopCounting(String name) {
		return Integer.parseInt(call("stop", name, "count"));
	}

	PyPeer proxy(String frontend, String backend) {
		call("proxy", frontend, backend);
		return this;
	}

	// ---- plain TCP ------------------------------------------------------------------------------------------------

	PyPeer tcpConnect(String name, int port) {
		call("tcp_connect", name, Integer.toString(port));
		return this;
	}

	PyPeer tcpSend(String name, byte[] data) {
		call("tcp_send", name, hex(data));
		return this;
	}

	byte[] tcpRecv(String name, int bytes, Duration timeout) {
		return HEX.parseHex(call(CALL_TIMEOUT.plus(timeout), "tcp_recv", name, Integer.toString(bytes),
				Long.toString(timeout.toMillis())));
	}

	PyPeer tcpClose(String name) {
		call("tcp_close", name);
		return this;
	}

	String version() {
		return call("version");
	}

	// ---- protocol -------------------------------------------------------------------------------------------------

	String call(String... words) {
		return call(CALL_TIMEOUT, words);
	}

	private String call(Duration timeout, String... words) {
		write(words);
		String line = next(timeout, words[0]);
		if (line.equals("ok")) {
			return "";
		}
		if (line.startsWith("ok ")) {
			return line.substring(3);
		}
		throw failure("'" + words[0] + " " + (words.length > 1 ? words[1] : "") + "' failed: " + line);
	}

	private List<ZmqMessage> callMessages(Duration timeout, String... words) {
		call(timeout, words);
		List<ZmqMessage> messages = new ArrayList<>();
		String line;
		while (!(line = next(timeout, words[0])).equals("end")) {
			if (!line.startsWith("msg ")) {
				throw failure("unexpected line from the peer: " + line);
			}
			messages.add(parseFrames(line.substring(4)));
		}
		return messages;
	}

	private void write(String... words) {
		try {
			this.stdin.write(String.join(" ", words));
			this.stdin.write('\n');
			this.stdin.flush();
		}
		catch (IOException ex) {
			throw failure("could not write to the peer (" + ex.getMessage() + ")");
		}
	}

	private String next(Duration timeout, String command) {
		try {
			String line = this.lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (line == null) {
				throw failure("no answer to '" + command + "' within " + timeout.toMillis() + " ms");
			}
			if (line.equals(EOF)) {
				throw failure("the peer exited while answering '" + command + "'");
			}
			return line;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw failure("interrupted");
		}
	}

	private AssertionError failure(String message) {
		return new AssertionError("Python peer: " + message
				+ (this.stderr.length() > 0 ? "\n--- peer stderr ---\n" + this.stderr : ""));
	}

	static List<String> hexFrames(ZmqMessage message) {
		List<String> words = new ArrayList<>(message.size());
		for (byte[] frame : message.frames()) {
			words.add((frame.length == 0) ? "-" : hex(frame));
		}
		return words;
	}

	static ZmqMessage parseFrames(String line) {
		String[] words = line.isEmpty() ? new String[] { "-" } : line.split(" ");
		byte[][] frames = new byte[words.length][];
		for (int i = 0; i < words.length; i++) {
			frames[i] = words[i].equals("-") ? new byte[0] : HEX.parseHex(words[i]);
		}
		return ZmqMessage.of(frames);
	}

	static String hex(byte[] bytes) {
		return HEX.formatHex(bytes);
	}

	private static void daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	/** Asks the peer to quit (closing its sockets with a 1 s linger) and ends the process in any case. */
	@Override
	public void close() {
		try {
			write("quit");
		}
		catch (AssertionError ex) {
			// already gone
		}
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
