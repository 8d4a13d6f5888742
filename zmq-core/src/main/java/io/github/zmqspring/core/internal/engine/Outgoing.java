package io.github.zmqspring.core.internal.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.internal.zmtp.ZmtpCommand;
import io.github.zmqspring.core.internal.zmtp.ZmtpMessageWriter;

/**
 * The write side of one {@link Connection}: what goes out next (the greeting, then commands, then the link's queued
 * messages and subscriptions), encoded back to back into one output buffer so that one {@code write} carries as
 * much as fits. The buffer is small while the connection is in its handshake (idle or hostile connections cost
 * little) and 64 KiB once it is active. Confined to the connection's I/O thread.
 */
final class Outgoing {

	private static final int ACTIVE_BUFFER = 64 * 1024;

	private static final int HANDSHAKE_BUFFER = 512;

	private final boolean raw;

	private final ZmtpMessageWriter writer = new ZmtpMessageWriter();

	/** Commands to send before any message (READY, PONG, PING, ...). */
	private final ArrayDeque<byte[]> commands = new ArrayDeque<>();

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

	/** @param body a command body to send before any message */
	void command(byte[] body) {
		this.commands.add(body);
	}

	/**
	 * The output buffer, in write mode (position = bytes waiting), grown to its full size once the connection is active.
	 * @param active whether the handshake completed
	 * @return the buffer
	 */
	ByteBuffer buffer(boolean active) {
		ByteBuffer current = this.buffer;
		if (current == null || (active && current.capacity() < ACTIVE_BUFFER)) {
			ByteBuffer grown = ByteBuffer.allocate(active ? ACTIVE_BUFFER : HANDSHAKE_BUFFER);
			if (current != null) {
				current.flip();
				grown.put(current);
			}
			this.buffer = grown;
			return grown;
		}
		return current;
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
			byte[] command = this.commands.poll();
			if (command != null) {
				this.writer.startCommand(command);
				continue;
			}
			Object item = (source != null) ? source.outbound.poll() : null;
			if (item == null) {
				return false;
			}
			if (item instanceof byte[][] frames) {
				this.writer.start(frames);
			}
			else if (item instanceof SubscriptionItem subscription) {
				startSubscription(subscription, zmtp31);
			}
		}
		return true;
	}

	private void startSubscription(SubscriptionItem subscription, boolean zmtp31) {
		byte[] topic = subscription.topic();
		if (zmtp31) {
			this.writer.startCommand(subscription.subscribe() ? ZmtpCommand.subscribe(topic) : ZmtpCommand.cancel(topic));
		}
		else {
			byte[] frame = new byte[topic.length + 1];
			frame[0] = (byte) (subscription.subscribe() ? 1 : 0);
			System.arraycopy(topic, 0, frame, 1, topic.length);
			this.writer.start(new byte[][] { frame });
		}
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
		return this.writer.idle() && this.commands.isEmpty() && this.greeting == null
				&& (current == null || current.position() == 0) && (chunk == null || !chunk.hasRemaining())
				&& (source == null || source.outbound.isEmpty());
	}

}
