package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A pyzmq process running {@code src/test/python/mechanism_peer.py}: its output read line by line on a thread of
 * its own, every wait bounded, the process destroyed on {@link #close()}.
 */
final class PyzmqPeer implements AutoCloseable {

	static final String PYTHON = "/usr/bin/python3";

	private static final Path SCRIPT = Path.of("src/test/python/mechanism_peer.py");

	private final Process process;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final List<String> output = new ArrayList<>();

	private PyzmqPeer(Process process) {
		this.process = process;
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = in.readLine(); line != null; line = in.readLine()) {
					this.lines.add(line);
				}
			}
			catch (IOException ex) {
				this.lines.add("READ FAILED " + ex.getMessage());
			}
		}, "pyzmq-peer-output");
		reader.setDaemon(true);
		reader.start();
	}

	static PyzmqPeer start(String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of(PYTHON, SCRIPT.toString()));
		command.addAll(List.of(args));
		return new PyzmqPeer(new ProcessBuilder(command).redirectErrorStream(true).start());
	}

	/** Returns the next line that is not a Python warning, failing after the timeout. */
	String line(Duration timeout) throws InterruptedException {
		long end = System.nanoTime() + timeout.toNanos();
		while (true) {
			String line = this.lines.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
			if (line == null) {
				throw new AssertionError("pyzmq printed nothing within " + timeout.toMillis() + " ms; so far: "
						+ this.output + (this.process.isAlive() ? "" : " (exited " + this.process.exitValue() + ")"));
			}
			this.output.add(line);
			if (!line.contains("Warning")) {
				return line;
			}
		}
	}

	/** Reads the "PORT n" line of a server. */
	int port(Duration timeout) throws InterruptedException {
		String line = line(timeout);
		if (!line.startsWith("PORT ")) {
			throw new AssertionError("expected 'PORT <n>' from pyzmq but got '" + line + "'");
		}
		return Integer.parseInt(line.substring(5).trim());
	}

	/** Waits for the process to end and returns its exit code. */
	int exit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("pyzmq did not exit within " + timeout.toMillis() + " ms; output: " + this.output);
		}
		return this.process.exitValue();
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

}
