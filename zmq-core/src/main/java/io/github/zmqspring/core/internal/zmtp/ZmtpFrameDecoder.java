package io.github.zmqspring.core.internal.zmtp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException.Reason;
import org.jspecify.annotations.Nullable;

/**
 * Decodes the ZMTP frames that follow the greeting, incrementally: bytes are fed as they arrive, in pieces of any
 * size, and each call of {@link #next(ByteBuffer)} stops at the end of one frame. Lenient where RFC 37 allows it:
 * reserved flag bits are ignored, a long size of 255 or less is accepted, and MORE on a command is ignored.
 * <p>
 * A frame size is read as an unsigned number and checked against the limit as soon as the header is complete, before
 * anything is allocated; a size with the top bit set is always refused. Memory for a body grows with the bytes that
 * actually arrive, never with the declared size: a header announcing 4 MiB followed by one byte costs at most
 * {@value #MIN_CHUNK} octets ({@link #bufferedCapacity()} is never more than the body octets received plus that). A
 * body that arrives in pieces is held in pieces sized by what arrived and copied into one array once complete; a
 * frame whose body is already in the buffer costs one array of the body's size and nothing else.
 * <p>
 * After a {@link ZmtpProtocolException} the decoder is dead: the connection must be closed, and further calls of
 * {@link #next(ByteBuffer)} throw {@link IllegalStateException}. Not thread-safe.
 */
public final class ZmtpFrameDecoder {

	/**
	 * The smallest piece allocated for a body that arrives in several pieces (smaller only when the rest of the body
	 * is smaller): the most the decoder holds beyond the octets a peer has actually sent.
	 */
	public static final int MIN_CHUNK = 8192;

	// The JDK cannot allocate arrays quite as large as Integer.MAX_VALUE.
	private static final int MAX_ARRAY_SIZE = Integer.MAX_VALUE - 8;

	private static final byte[] EMPTY = new byte[0];

	private static final int FLAG_MORE = 0x01;

	private static final int FLAG_LONG = 0x02;

	private static final int FLAG_COMMAND = 0x04;

	private final long maxFrameSize;

	private final int maxCommandSize;

	// The frame being read: header octets read so far (0 = waiting for the flags), its flags and size.
	private int headerFill;

	private int flags;

	private long size;

	private boolean inBody;

	private int bodySize;

	// A body arriving in pieces: full chunks, then the chunk being filled. Sized by what arrived, so a peer pays in
	// bytes sent for every byte we hold.
	private byte @Nullable [] chunk;

	private int chunkFill;

	private byte[][] chunks = new byte[0][];

	private int chunkCount;

	private int chunksFilled;

	private int bufferedCapacity;

	// The last complete frame.
	private boolean more;

	private boolean command;

	private byte[] body = EMPTY;

	private boolean dead;

	/**
	 * Creates a decoder with the given limits.
	 * @param maxFrameSize the largest data frame body accepted, in octets; values above what a Java array can hold
	 * are capped there
	 * @param maxCommandSize the largest command frame body accepted, in octets
	 * @throws IllegalArgumentException if a limit is negative
	 */
	public ZmtpFrameDecoder(long maxFrameSize, int maxCommandSize) {
		if (maxFrameSize < 0) {
			throw new IllegalArgumentException("'maxFrameSize' must not be negative but was " + maxFrameSize);
		}
		if (maxCommandSize < 0) {
			throw new IllegalArgumentException("'maxCommandSize' must not be negative but was " + maxCommandSize);
		}
		this.maxFrameSize = maxFrameSize;
		this.maxCommandSize = maxCommandSize;
	}

	/**
	 * Consumes bytes from {@code in} until one frame is complete or {@code in} is exhausted. Bytes of an incomplete
	 * frame are kept, and the next call continues with them. After {@code true}, {@link #more()}, {@link #command()}
	 * and {@link #body()} describe the frame until the next call; {@code in}'s position is just after it, so a loop
	 * calling this method while it returns {@code true} decodes every frame of a buffer.
	 * @param in the bytes received, read from its position to its limit, in either byte order
	 * @return {@code true} if a frame is complete, {@code false} if {@code in} was exhausted before
	 * @throws ZmtpProtocolException {@link Reason#FRAME_TOO_LARGE} or {@link Reason#COMMAND_TOO_LARGE} when a header
	 * declares more than the limit (or a size with the top bit set); the decoder is dead afterwards
	 * @throws IllegalStateException if the decoder is dead
	 */
	public boolean next(ByteBuffer in) {
		if (this.dead) {
			throw new IllegalStateException("The decoder failed on an earlier frame; the connection must be closed");
		}
		if (!this.inBody && !readHeader(in)) {
			return false;
		}
		return readBody(in);
	}

	private boolean readHeader(ByteBuffer in) {
		if (this.headerFill == 0) {
			if (!in.hasRemaining()) {
				return false;
			}
			this.flags = in.get();
			this.headerFill = 1;
			this.size = 0;
		}
		if ((this.flags & FLAG_LONG) == 0) {
			if (!in.hasRemaining()) {
				return false;
			}
			this.size = in.get() & 0xFF;
		}
		else if (this.headerFill == 1 && in.remaining() >= Long.BYTES && in.order() == ByteOrder.BIG_ENDIAN) {
			this.size = in.getLong();
		}
		else {
			while (this.headerFill < 1 + Long.BYTES) {
				if (!in.hasRemaining()) {
					return false;
				}
				this.size = (this.size << 8) | (in.get() & 0xFF);
				this.headerFill++;
			}
		}
		this.headerFill = 0;
		checkSize();
		this.bodySize = (int) this.size;
		this.inBody = true;
		return true;
	}

	private void checkSize() {
		// A negative long is a size with the top bit set: above any limit once read as unsigned.
		if ((this.flags & FLAG_COMMAND) != 0) {
			if (this.size < 0 || this.size > this.maxCommandSize) {
				throw fail(Reason.COMMAND_TOO_LARGE, "command of " + Long.toUnsignedString(this.size)
						+ " bytes exceeds the maximum of " + this.maxCommandSize + " for commands");
			}
		}
		else if (this.size < 0 || this.size > this.maxFrameSize) {
			throw fail(Reason.FRAME_TOO_LARGE, "frame of " + Long.toUnsignedString(this.size)
					+ " bytes exceeds the maximum of " + this.maxFrameSize + " (zmq max-message-size)");
		}
		else if (this.size > MAX_ARRAY_SIZE) {
			throw fail(Reason.FRAME_TOO_LARGE, "frame of " + this.size + " bytes exceeds " + MAX_ARRAY_SIZE
					+ ", the largest array the JVM can hold");
		}
	}

	private ZmtpProtocolException fail(Reason reason, String message) {
		this.dead = true;
		return new ZmtpProtocolException(reason, message);
	}

	private boolean readBody(ByteBuffer in) {
		int remaining = in.remaining();
		byte[] current = this.chunk;
		if (current == null && this.chunkCount == 0) {
			if (remaining >= this.bodySize) {
				// The hot path: the whole body is there, so it costs exactly one array.
				byte[] whole = (this.bodySize == 0) ? EMPTY : new byte[this.bodySize];
				in.get(whole);
				complete(whole);
				return true;
			}
			if (remaining == 0) {
				return false;
			}
		}
		while (remaining > 0) {
			if (current == null) {
				current = newChunk(remaining);
			}
			int n = Math.min(remaining, current.length - this.chunkFill);
			in.get(current, this.chunkFill, n);
			this.chunkFill += n;
			remaining -= n;
			if (this.chunkFill == current.length) {
				if (this.chunksFilled + this.chunkFill == this.bodySize) {
					complete(assemble(current));
					return true;
				}
				pushChunk(current);
				current = null;
			}
		}
		return false;
	}

	private byte[] newChunk(int arrived) {
		int left = this.bodySize - this.chunksFilled;
		byte[] fresh = new byte[Math.min(left, Math.max(arrived, MIN_CHUNK))];
		this.chunk = fresh;
		this.chunkFill = 0;
		this.bufferedCapacity += fresh.length;
		return fresh;
	}

	private void pushChunk(byte[] full) {
		if (this.chunkCount == this.chunks.length) {
			this.chunks = Arrays.copyOf(this.chunks, Math.max(8, this.chunkCount * 2));
		}
		this.chunks[this.chunkCount++] = full;
		this.chunksFilled += full.length;
		this.chunk = null;
		this.chunkFill = 0;
	}

	private byte[] assemble(byte[] last) {
		if (this.chunkCount == 0) {
			return last;
		}
		byte[] whole = new byte[this.bodySize];
		int position = 0;
		for (int i = 0; i < this.chunkCount; i++) {
			byte[] piece = this.chunks[i];
			System.arraycopy(piece, 0, whole, position, piece.length);
			position += piece.length;
			this.chunks[i] = null;
		}
		System.arraycopy(last, 0, whole, position, last.length);
		return whole;
	}

	private void complete(byte[] whole) {
		boolean isCommand = (this.flags & FLAG_COMMAND) != 0;
		this.command = isCommand;
		this.more = !isCommand && (this.flags & FLAG_MORE) != 0;
		this.body = whole;
		this.inBody = false;
		this.chunk = null;
		this.chunkFill = 0;
		this.chunkCount = 0;
		this.chunksFilled = 0;
		this.bufferedCapacity = 0;
	}

	/**
	 * Returns whether the last complete frame has the MORE flag: another frame of the same message follows. Always
	 * {@code false} for a command.
	 * @return the MORE flag of the last frame
	 */
	public boolean more() {
		return this.more;
	}

	/**
	 * Returns whether the last complete frame is a command.
	 * @return the COMMAND flag of the last frame
	 */
	public boolean command() {
		return this.command;
	}

	/**
	 * Returns the body of the last complete frame. The array belongs to the caller from then on (the decoder never
	 * touches it again); empty bodies share one empty array, which must not be modified.
	 * @return the body, empty before the first frame
	 */
	public byte[] body() {
		return this.body;
	}

	/**
	 * Returns whether part of a frame has been consumed but the frame is not complete yet, such as when the peer
	 * closes the connection in the middle of a frame.
	 * @return {@code true} while a header or body is incomplete
	 */
	public boolean hasPartialFrame() {
		return this.headerFill > 0 || this.inBody;
	}

	/**
	 * Returns how many octets are allocated for the body of the incomplete frame: never more than the body octets
	 * received plus {@value #MIN_CHUNK}, and never more than the declared size. Zero between frames.
	 * @return the octets held for an incomplete body
	 */
	public int bufferedCapacity() {
		return this.bufferedCapacity;
	}

}
