package io.github.zmqspring.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.test.TcpFaultProxy.Direction;

/**
 * One proxied connection: a client socket accepted by the {@link TcpFaultProxy} and the socket it opened to the
 * target, with one {@link Pump} per direction. Each pump has a reader thread (stops reading while its direction is
 * paused, or while its bounded queue is full, which keeps TCP back-pressure end to end) and a writer thread (writes each
 * chunk once its delay has passed, in order). Both threads wait on a condition, never by sleeping; closing the sockets
 * ends them.
 */
final class ProxyConnection {

	/** Bytes read at once. */
	private static final int CHUNK = 16 * 1024;

	/** Chunks a direction holds between its reader and its writer. */
	private static final int MAX_QUEUED = 8;

	private final TcpFaultProxy proxy;

	private final int id;

	private final Socket client;

	private final Socket target;

	private final Pump upstream;

	private final Pump downstream;

	private final AtomicBoolean closed = new AtomicBoolean();

	ProxyConnection(TcpFaultProxy proxy, int id, Socket client, Socket target) throws IOException {
		this.proxy = proxy;
		this.id = id;
		this.client = client;
		this.target = target;
		this.upstream = new Pump(Direction.UPSTREAM, client.getInputStream(), target.getOutputStream());
		this.downstream = new Pump(Direction.DOWNSTREAM, target.getInputStream(), client.getOutputStream());
	}

	void start() {
		for (Pump pump : new Pump[] { this.upstream, this.downstream }) {
			String name = "tcp-fault-proxy-" + this.proxy.port() + "-" + this.id + "-"
					+ pump.direction.name().toLowerCase(Locale.ROOT);
			startThread(name + "-reader", pump::readLoop);
			startThread(name + "-writer", pump::writeLoop);
		}
	}

	private static void startThread(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	/** Lets the readers and writers look at the proxy's settings again (resumed, delay changed). */
	void wake() {
		this.upstream.wake();
		this.downstream.wake();
	}

	/**
	 * Closes both sockets; with {@code reset}, abruptly (an RST instead of a FIN, unsent bytes discarded). Idempotent.
	 */
	void close(boolean reset) {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.upstream.wake();
		this.downstream.wake();
		close(this.client, reset);
		close(this.target, reset);
		this.proxy.connectionClosed(this);
	}

	boolean isClosed() {
		return this.closed.get();
	}

	private static void close(Socket socket, boolean reset) {
		try {
			if (reset) {
				socket.setSoLinger(true, 0);
			}
			socket.close();
		}
		catch (IOException ex) {
			// already closed or broken: nothing more to do
		}
	}

	@Override
	public String toString() {
		return "connection " + this.id + " " + this.client.getRemoteSocketAddress() + " -> "
				+ this.target.getRemoteSocketAddress();
	}

	/** A chunk read and not written yet; {@code data == null} marks the end of the stream. */
	private record Chunk(byte @Nullable [] data, long due) {

	}

	/** One direction of the connection. */
	private final class Pump {

		private final Direction direction;

		private final InputStream in;

		private final OutputStream out;

		private final ReentrantLock lock = new ReentrantLock();

		private final Condition changed = this.lock.newCondition();

		private final ArrayDeque<Chunk> queue = new ArrayDeque<>();

		private long lastDue;

		Pump(Direction direction, InputStream in, OutputStream out) {
			this.direction = direction;
			this.in = in;
			this.out = out;
		}

		void wake() {
			this.lock.lock();
			try {
				this.changed.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}

		void readLoop() {
			byte[] buffer = new byte[CHUNK];
			try {
				while (awaitReadable()) {
					int read = this.in.read(buffer);
					if (read < 0) {
						enqueue(null);
						return;
					}
					enqueue(Arrays.copyOf(buffer, read));
				}
			}
			catch (IOException ex) {
				// the connection was cut or closed by a peer
				close(false);
			}
		}

		/** Waits while the direction is paused or the queue is full. @return false once the connection is closed */
		private boolean awaitReadable() {
			this.lock.lock();
			try {
				while (!isClosed() && (ProxyConnection.this.proxy.isPaused(this.direction)
						|| this.queue.size() >= MAX_QUEUED)) {
					this.changed.awaitUninterruptibly();
				}
				return !isClosed();
			}
			finally {
				this.lock.unlock();
			}
		}

		private void enqueue(byte @Nullable [] data) {
			long due = System.nanoTime() + ProxyConnection.this.proxy.nextDelayNanos();
			this.lock.lock();
			try {
				// jitter never reorders: a chunk is never due before the one read before it
				due = Math.max(due, this.lastDue);
				this.lastDue = due;
				this.queue.add(new Chunk(data, due));
				this.changed.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}

		void writeLoop() {
			try {
				while (true) {
					Chunk chunk = takeDue();
					if (chunk == null) {
						return;
					}
					byte[] data = chunk.data();
					if (data == null) {
						close(false);
						return;
					}
					this.out.write(data);
					this.out.flush();
					ProxyConnection.this.proxy.forwarded(this.direction, data.length);
				}
			}
			catch (IOException ex) {
				close(false);
			}
		}

		/** @return the next chunk once it is due, or {@code null} once the connection is closed */
		private @Nullable Chunk takeDue() {
			this.lock.lock();
			try {
				while (!isClosed()) {
					Chunk head = this.queue.peek();
					if (head == null) {
						this.changed.awaitUninterruptibly();
						continue;
					}
					long wait = head.due() - System.nanoTime();
					if (wait <= 0) {
						this.queue.poll();
						this.changed.signalAll();
						return head;
					}
					awaitNanos(wait);
				}
				return null;
			}
			finally {
				this.lock.unlock();
			}
		}

		private void awaitNanos(long nanos) {
			try {
				this.changed.await(nanos, TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				// nothing here interrupts these threads: whoever did wants them gone
				Thread.currentThread().interrupt();
				close(true);
			}
		}

	}

}
