package io.github.zmqspring.core.internal.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism;

/**
 * What one {@link Connection} writes to its peer: the greeting, the handshake's commands and those of the data phase
 * (PING, PONG), then the link's messages once the handshake is complete, encoded by its {@link Outgoing} as many at a
 * time as fit into the I/O thread's write buffer and written in one go; what the peer's window does not take waits,
 * with write interest on, until the channel is writable again. A connection that is closing closes once all is
 * written.
 * <p>
 * Confined to the connection's I/O thread, except {@link #scheduleFlush()}.
 */
final class Outbound {

	private final Connection connection;

	private final SocketChannel channel;

	private final IoThread io;

	/** The connecter that made the connection, whose persistent link queues before the handshake; or {@code null}. */
	private final @Nullable Connecter connecter;

	private final Outgoing outgoing;

	private final AtomicBoolean flushScheduled = new AtomicBoolean();

	Outbound(Connection connection, SocketChannel channel, IoThread io, @Nullable Connecter connecter, boolean raw) {
		this.connection = connection;
		this.channel = channel;
		this.io = io;
		this.connecter = connecter;
		this.outgoing = new Outgoing(raw);
	}

	void greeting(byte[] greeting) {
		this.outgoing.greeting(greeting);
	}

	void handshakeCommand(byte[] command) {
		this.outgoing.handshakeCommand(command);
	}

	void command(byte[] command) {
		this.outgoing.command(command);
	}

	/**
	 * Seals every frame after the commands queued so far in a box (CURVE, once its handshake is complete).
	 * @param boxes the mechanism
	 */
	void seal(ZmtpMechanism boxes) {
		this.outgoing.seal(boxes);
	}

	/**
	 * Asks the I/O thread to write what is queued (thread-safe; coalesces).
	 */
	void scheduleFlush() {
		if (this.flushScheduled.compareAndSet(false, true)) {
			this.io.execute(this::flushTask);
		}
	}

	private void flushTask() {
		this.flushScheduled.set(false);
		if (!this.connection.closed()) {
			try {
				flush();
			}
			catch (IOException ex) {
				this.connection.close(SocketEventType.DISCONNECTED, 0, "connection lost: " + ex.getMessage());
			}
		}
	}

	/** @return {@code false} when the write failed and the connection closed */
	boolean flushOrClose() {
		try {
			flush();
			return true;
		}
		catch (IOException ex) {
			this.connection.close(SocketEventType.DISCONNECTED, 0, "connection lost: " + ex.getMessage());
			return false;
		}
	}

	/**
	 * Writes what is queued, as far as the peer's window takes it.
	 * @throws IOException when writing fails
	 */
	void flush() throws IOException {
		Connection owner = this.connection;
		if (owner.closed()) {
			return;
		}
		Link link = owner.active() ? owner.link() : null;
		boolean zmtp31 = owner.zmtp31();
		ByteBuffer shared = this.io.writeBuffer;
		ByteBuffer buffer = this.outgoing.buffer(shared);
		while (true) {
			boolean more = this.outgoing.fill(buffer, link, zmtp31);
			buffer.flip();
			if (buffer.hasRemaining()) {
				this.channel.write(buffer);
			}
			if (buffer.hasRemaining()) {
				// The peer's window is full: what is left waits in a buffer of this connection's own.
				this.outgoing.keep(buffer);
				interest(SelectionKey.OP_WRITE, true);
				return;
			}
			buffer = this.outgoing.written(buffer, shared);
			if (!more) {
				break;
			}
		}
		interest(SelectionKey.OP_WRITE, false);
		if (owner.closing() && drained()) {
			owner.close(SocketEventType.DISCONNECTED, 0, "closed by the socket");
		}
	}

	/**
	 * @return whether nothing is left to write: buffers, commands and the link's queue (the connecter's before the
	 * handshake)
	 */
	boolean drained() {
		Link link = this.connection.link();
		Link source = (link != null) ? link : (this.connecter != null) ? this.connecter.persistentLink() : null;
		return this.outgoing.drained(source);
	}

	private void interest(int op, boolean on) {
		SelectionKey current = this.connection.key();
		if (current != null && current.isValid()) {
			int ops = current.interestOps();
			int wanted = on ? (ops | op) : (ops & ~op);
			if (wanted != ops) {
				current.interestOps(wanted);
			}
		}
	}

}
