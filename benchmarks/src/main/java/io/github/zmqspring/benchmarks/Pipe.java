package io.github.zmqspring.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * One sender → receiver path under test. Sender threads send as fast as the implementation lets them while the pipe
 * is active and wait while it is paused; the receiving side counts every delivered message in {@link #delivered()}.
 * Pipes stay open across rounds so that the rounds interleave implementations without set-up costs in the figures.
 */
abstract class Pipe implements AutoCloseable {

	/** Sends one message; created and used on its own sender thread. */
	interface Sender {

		void send() throws Exception;

		default void close() {
		}

	}

	/** The patterns of case 1. */
	enum Pattern {

		PUSH_PULL("PUSH→PULL"), PUB_SUB("PUB→SUB");

		final String label;

		Pattern(String label) {
			this.label = label;
		}

	}

	/** The prefix every payload starts with; SUB sockets subscribe to it. */
	static final String TOPIC = "bench.";

	final String name;

	final AtomicLong delivered = new AtomicLong();

	private final List<Thread> threads = new ArrayList<>();

	private final Object lock = new Object();

	private volatile boolean active;

	private volatile boolean closed;

	private volatile @Nullable Throwable senderFailure;

	Pipe(String name) {
		this.name = name;
	}

	/**
	 * Creates a sender; called on the sender thread.
	 * @param index the sender's index
	 * @return the sender
	 * @throws Exception when it cannot be created
	 */
	protected abstract Sender sender(int index) throws Exception;

	/** Closes the receiving side and whatever else the pipe opened, after the senders ended. */
	protected abstract void closeResources() throws Exception;

	/**
	 * Starts the sender threads (paused).
	 * @param count how many
	 * @return this pipe
	 */
	Pipe startSenders(int count) {
		CountDownLatch ready = new CountDownLatch(count);
		for (int i = 0; i < count; i++) {
			int index = i;
			Thread thread = new Thread(() -> runSender(index, ready), "bench-" + this.name + "-sender-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
		try {
			if (!ready.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException(this.name + ": senders not ready within 30 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		checkSenders();
		return this;
	}

	private void runSender(int index, CountDownLatch ready) {
		Sender sender;
		try {
			sender = sender(index);
		}
		catch (Throwable ex) {
			this.senderFailure = ex;
			ready.countDown();
			return;
		}
		ready.countDown();
		try {
			while (!this.closed) {
				if (!this.active) {
					synchronized (this.lock) {
						while (!this.active && !this.closed) {
							this.lock.wait();
						}
					}
					continue;
				}
				sender.send();
			}
		}
		catch (Throwable ex) {
			if (!this.closed) {
				this.senderFailure = ex;
			}
		}
		finally {
			sender.close();
		}
	}

	void checkSenders() {
		Throwable failure = this.senderFailure;
		if (failure != null) {
			throw new IllegalStateException(this.name + ": a sender failed: " + failure, failure);
		}
	}

	void activate() {
		synchronized (this.lock) {
			this.active = true;
			this.lock.notifyAll();
		}
	}

	void pause() {
		this.active = false;
	}

	long delivered() {
		return this.delivered.get();
	}

	List<Thread> senderThreads() {
		return this.threads;
	}

	@Override
	public void close() throws Exception {
		synchronized (this.lock) {
			this.closed = true;
			this.active = false;
			this.lock.notifyAll();
		}
		for (Thread thread : this.threads) {
			thread.join(10_000);
		}
		closeResources();
	}

	/**
	 * A payload of the given size that starts with {@link #TOPIC}.
	 * @param size the size in bytes
	 * @return the payload
	 */
	static byte[] payload(int size) {
		byte[] payload = new byte[size];
		for (int i = 0; i < size; i++) {
			payload[i] = (byte) ('a' + (i % 26));
		}
		byte[] topic = TOPIC.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		System.arraycopy(topic, 0, payload, 0, Math.min(topic.length, size));
		return payload;
	}

	/**
	 * A free TCP port on the loopback interface, for the few set-ups (Spring contexts, spring-integration-zeromq)
	 * that need the port before the socket exists.
	 * @return the port
	 */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
