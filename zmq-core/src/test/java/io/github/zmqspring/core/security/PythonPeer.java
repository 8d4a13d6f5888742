package io.github.zmqspring.core.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * A pyzmq process running one of the scripts in {@code src/test/python}: its output read line by line on a thread of
 * its own, every wait bounded, the process destroyed on {@link #close()}.
 */
final class PythonPeer implements AutoCloseable {

	static final String PYTHON = "/usr/bin/python3";

	private final Process process;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final StringBuilder output = new StringBuilder();

	private PythonPeer(Process process) {
		this.process = process;
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = in.readLine(); line != null; line = in.readLine()) {
					synchronized (this.output) {
						this.output.append(line).append('\n');
					}
					if (!line.contains("Warning")) {
						this.lines.add(line);
					}
				}
			}
			catch (IOException ex) {
				// the process was destroyed: nothing more to read
			}
		}, "python-peer-output");
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Starts a script.
	 * @param script the script, relative to the module
	 * @param environment variables added to the process's environment
	 * @param args the script's arguments
	 * @return the running peer
	 */
	static PythonPeer start(Path script, Map<String, String> environment, String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of(PYTHON, "-u", script.toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(environment);
		return new PythonPeer(builder.start());
	}

	/**
	 * Fails with an actionable message unless {@link #PYTHON} can import pyzmq with CURVE support: interop tests are
	 * never skipped.
	 * @param timeout how long the check may take
	 */
	static void requirePyzmqWithCurve(Duration timeout) throws InterruptedException, IOException {
		Process check;
		try {
			check = new ProcessBuilder(PYTHON, "-c", "import zmq, zmq.auth.thread; assert zmq.has('curve')")
				.redirectErrorStream(true)
				.start();
		}
		catch (IOException ex) {
			fail(PYTHON + " cannot be started (" + ex.getMessage() + "): install python3-zmq (apt-get install -y "
					+ "python3-zmq) to run the interop tests");
			return;
		}
		try {
			if (!check.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || check.exitValue() != 0) {
				fail(PYTHON + " cannot import zmq with CURVE support: install python3-zmq (apt-get install -y "
						+ "python3-zmq); output: " + new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
			}
		}
		finally {
			check.destroyForcibly();
		}
	}

	/** Returns the next output line that is not a Python warning, failing after the timeout. */
	String line(Duration timeout) throws InterruptedException {
		String line = this.lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (line == null) {
			fail("the Python peer printed nothing within " + timeout + "; output so far:\n" + output());
		}
		return line;
	}

	/** Reads the "PORT n" line of a server. */
	int port(Duration timeout) throws InterruptedException {
		String line = line(timeout);
		if (!line.startsWith("PORT ")) {
			fail("expected 'PORT <n>' from the Python peer but got '" + line + "'; output:\n" + output());
		}
		return Integer.parseInt(line.substring("PORT ".length()).trim());
	}

	/** Waits for the process to end and returns its exit code. */
	int exit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			fail("the Python peer did not exit within " + timeout + "; output:\n" + output());
		}
		return this.process.exitValue();
	}

	/** @return everything printed so far, warnings included */
	String output() {
		synchronized (this.output) {
			return this.output.toString();
		}
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

}
