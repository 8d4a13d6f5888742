package io.github.zmqspring.core.internal.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.internal.zmtp.ZmtpCommand;
import io.github.zmqspring.core.internal.zmtp.ZmtpMessageWriter;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism;

/**
 * The write side of one {@link Connection}: what goes out next (the greeting, then commands, then the link's queued
 * messages and subscriptions), encoded back to back into one output buffer so that one {@code write} carries as
 * much as fits. The buffer is the I/O thread's shared one ({@link IoThread#writeBuffer}, 64 KiB, direct, so the
 * channel writes it without a copy); only the bytes a write left behind (the peer's TCP window is full) are kept in a
 * buffer of the connection's own until they are written, so an idle or blocked-free connection holds no output
 * buffer. Once a mechanism that encrypts (CURVE) completes its handshake, every frame
 * after the handshake commands, commands included, is sealed here, at the moment it is put in wire order (each box
 * takes the next nonce); the NULL and PLAIN path never seals. Confined to the connection's I/O thread.
 */
final class Outgoing {

	/** The smallest buffer of its own a connection keeps leftovers in (more is appended while the peer is slow). */
	private static final int LEFTOVER_MIN = 16 * 1024;

	private final boolean raw;

	private final ZmtpMessageWriter writer = new ZmtpMessageWriter();

	/** Handshake commands (greeting mechanism's commands, READY), never sealed, sent before anything else. */
	private final ArrayDeque<byte[]> handshake = new ArrayDeque<>();

	/** Data-phase commands to send before any further message (PONG, PING, ...). */
	private final ArrayDeque<byte[]> commands = new ArrayDeque<>();

	/** The boxes of the message being sealed, one standalone frame each, in nonce order. */
	private final ArrayDeque<ZmtpMechanism.Frame> sealed = new ArrayDeque<>();

	/** The mechanism that seals frames once the handshake is complete, or {@code null} (NULL, PLAIN, handshake). */
	private @Nullable ZmtpMechanism sealer;

	private byte @Nullable [] greeting;

	private @Nullable ByteBuffer buffer;

	/** STREAM: the rest of the chunk being written. */
	private @Nullable ByteBuffer rawChunk;

	/**
	 * @param raw whether the connection is a STREAM one (raw bytes, no ZMTP)
	 */
	Outgoing(boolean raw) {
		this.raw = raw;
	}

	/** @param greeting the 64 octets to send first */
	void greeting(byte[] greeting) {
		this.greeting = greeting;
	}

	/** @param body a handshake command body, sent as it is (never sealed), before any other command or message */
	void handshakeCommand(byte[] body) {
		this.handshake.add(body);
	}

	/** @param body a data-phase command body (PING, PONG) to send before any further message */
	void command(byte[] body) {
		this.commands.add(body);
	}

	/**
	 * Seals every later data-phase frame with the mechanism: called when a mechanism that encrypts completes, after
	 * its last handshake commands were queued.
	 * @param mechanism the complete mechanism
	 */
	void seal(ZmtpMechanism mechanism) {
		this.sealer = mechanism;
	}

	/**
	 * The buffer to encode into, in write mode: the connection's own while it holds bytes a write left behind (they go
	 * first), otherwise the I/O thread's shared one, cleared.
	 * @param shared the I/O thread's write buffer
	 * @return the buffer
	 */
	ByteBuffer buffer(ByteBuffer shared) {
		ByteBuffer own = this.buffer;
		return (own != null) ? own : shared.clear();
	}

	/**
	 * After a write that left bytes behind: keeps them (in read mode in {@code written}) for the next write, in the
	 * connection's own buffer.
	 * @param written the buffer just written, flipped
	 */
	void keep(ByteBuffer written) {
		if (written == this.buffer) {
			written.compact();
			return;
		}
		ByteBuffer own = ByteBuffer.allocate(Math.max(LEFTOVER_MIN, written.remaining()));
		own.put(written);
		this.buffer = own;
	}

	/**
	 * After a write that took everything: the connection's own buffer, if any, is dropped.
	 * @param written the buffer just written
	 * @param shared the I/O thread's write buffer
	 * @return the buffer to encode into next, in write mode
	 */
	ByteBuffer written(ByteBuffer written, ByteBuffer shared) {
		this.buffer = null;
		return shared.clear();
	}

	/**
	 * Encodes into the buffer what fits: the greeting, commands, then (once active) the link's queue.
	 * @param buffer the buffer from {@link #buffer(boolean)}
	 * @param source the link whose queue to send, or {@code null} (not active yet)
	 * @param zmtp31 whether subscriptions go as commands (3.1) or messages (3.0)
	 * @return whether more is waiting after the buffer filled up
	 */
	boolean fill(ByteBuffer buffer, @Nullable Link source, boolean zmtp31) {
		byte[] first = this.greeting;
		if (first != null) {
			buffer.put(first);
			this.greeting = null;
		}
		if (this.raw) {
			return fillRaw(buffer, source);
		}
		while (buffer.remaining() >= 16) {
			if (!this.writer.idle()) {
				if (!this.writer.writeTo(buffer)) {
					return true;
				}
				continue;
			}
			byte[] handshakeCommand = this.handshake.poll();
			if (handshakeCommand != null) {
				this.writer.startCommand(handshakeCommand);
				continue;
			}
			ZmtpMechanism seal = this.sealer;
			ZmtpMechanism.Frame box = (seal != null) ? this.sealed.poll() : null;
			if (box != null) {
				startSealed(box);
				continue;
			}
			byte[] command = this.commands.poll();
			if (command != null) {
				if (seal != null) {
					startSealed(seal.encode(false, true, command));
				}
				else {
					this.writer.startCommand(command);
				}
				continue;
			}
			Object item = (source != null) ? source.outbound.poll() : null;
			if (item == null) {
				return false;
			}
			if (item instanceof byte[][] frames) {
				if (seal != null) {
					// Sealed straight into the buffer while the boxes fit (no frame array, no copy), the rest queued
					// as boxes behind them: both in nonce order, which is wire order.
					int last = frames.length - 1;
					int i = 0;
					while (i <= last && seal.encodeInto(i < last, false, frames[i], buffer)) {
						i++;
					}
					for (; i <= last; i++) {
						this.sealed.add(seal.encode(i < last, false, frames[i]));
					}
				}
				else {
					this.writer.start(frames);
				}
			}
			else if (item instanceof SubscriptionItem subscription) {
				startSubscription(subscription, zmtp31);
			}
		}
		return true;
	}

	private void startSealed(ZmtpMechanism.Frame box) {
		this.writer.startFrame(box.body(), box.more(), box.command());
	}

	private void startSubscription(SubscriptionItem subscription, boolean zmtp31) {
		byte[] topic = subscription.topic();
		ZmtpMechanism seal = this.sealer;
		if (seal != null) {
			// Inside boxes as libzmq: the command form to a 3.1 peer, the 01/00 data form to a 3.0 one.
			startSealed(zmtp31 ? seal.encode(false, true, subscription.subscribe() ? ZmtpCommand.subscribe(topic)
					: ZmtpCommand.cancel(topic)) : seal.encode(false, false, legacySubscription(subscription)));
			return;
		}
		if (zmtp31) {
			this.writer.startCommand(subscription.subscribe() ? ZmtpCommand.subscribe(topic) : ZmtpCommand.cancel(topic));
		}
		else {
			this.writer.start(new byte[][] { legacySubscription(subscription) });
		}
	}

	private static byte[] legacySubscription(SubscriptionItem subscription) {
		byte[] topic = subscription.topic();
		byte[] frame = new byte[topic.length + 1];
		frame[0] = (byte) (subscription.subscribe() ? 1 : 0);
		System.arraycopy(topic, 0, frame, 1, topic.length);
		return frame;
	}

	private boolean fillRaw(ByteBuffer buffer, @Nullable Link source) {
		while (buffer.hasRemaining()) {
			ByteBuffer chunk = this.rawChunk;
			if (chunk != null && chunk.hasRemaining()) {
				int count = Math.min(chunk.remaining(), buffer.remaining());
				int limit = chunk.limit();
				chunk.limit(chunk.position() + count);
				buffer.put(chunk);
				chunk.limit(limit);
				continue;
			}
			this.rawChunk = null;
			Object item = (source != null) ? source.outbound.poll() : null;
			if (!(item instanceof byte[][] frames)) {
				return false;
			}
			int size = 0;
			for (byte[] frame : frames) {
				size += frame.length;
			}
			ByteBuffer next = ByteBuffer.allocate(size);
			for (byte[] frame : frames) {
				next.put(frame);
			}
			next.flip();
			this.rawChunk = next;
		}
		return true;
	}

	/**
	 * Whether nothing is left to write.
	 * @param source the link whose queue counts too, or {@code null}
	 * @return {@code true} when buffers, commands and the queue are empty
	 */
	boolean drained(@Nullable Link source) {
		ByteBuffer current = this.buffer;
		ByteBuffer chunk = this.rawChunk;
		return this.writer.idle() && this.handshake.isEmpty() && this.sealed.isEmpty() && this.commands.isEmpty()
				&& this.greeting == null
				&& (current == null || current.position() == 0) && (chunk == null || !chunk.hasRemaining())
				&& (source == null || source.outbound.isEmpty());
	}

}
