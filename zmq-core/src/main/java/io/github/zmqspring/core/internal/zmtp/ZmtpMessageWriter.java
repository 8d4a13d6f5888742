package io.github.zmqspring.core.internal.zmtp;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Streams one message, or one command, into output buffers that may be smaller than it. The I/O layer calls
 * {@link #start(byte[][])} (or {@link #startCommand(byte[])}) and then {@link #writeTo(ByteBuffer)} until it returns
 * {@code true}, and can go on with the next message in the same buffer while there is room, so that many small
 * messages travel in one write. A header is never split across buffers: it is started only when it fits whole.
 * Bodies are copied, not kept beyond the message: the writer drops its references once the message is written.
 * <p>
 * Not thread-safe.
 */
public final class ZmtpMessageWriter {

	private static final byte[][] NO_FRAMES = new byte[0][];

	private byte[][] frames = NO_FRAMES;

	private boolean command;

	/** Whether the last frame has MORE too ({@link #startFrame}). */
	private boolean lastMore;

	private int index;

	private boolean headerWritten;

	private int bodyOffset;

	private long remaining;

	/**
	 * Starts writing a message of data frames, MORE set on every frame but the last.
	 * @param frames the message's frames, at least one; the array and the bodies must not change until the message
	 * is written
	 * @throws IllegalStateException if the previous message is not completely written
	 * @throws IllegalArgumentException if there are no frames
	 */
	public void start(byte[][] frames) {
		Objects.requireNonNull(frames, "'frames' must not be null");
		if (frames.length == 0) {
			throw new IllegalArgumentException("A message must have at least one frame");
		}
		long size = encodedSize(frames);
		begin(frames, false, size);
	}

	/**
	 * Starts writing one command frame.
	 * @param commandBody the command's body, as {@link ZmtpCommand}'s builders return it: name length, name, data
	 * @throws IllegalStateException if the previous message is not completely written
	 */
	public void startCommand(byte[] commandBody) {
		Objects.requireNonNull(commandBody, "'commandBody' must not be null");
		begin(new byte[][] { commandBody }, true,
				ZmtpFrameEncoder.headerSize(commandBody.length) + (long) commandBody.length);
	}

	/**
	 * Starts writing one frame with the given flags, such as a CURVE MESSAGE box (each frame of a message is a
	 * standalone box, so {@link #start(byte[][])}'s MORE on all but the last would be wrong).
	 * @param body the frame's body; it must not change until the frame is written
	 * @param more the MORE flag
	 * @param command the COMMAND flag
	 * @throws IllegalStateException if the previous message is not completely written
	 */
	public void startFrame(byte[] body, boolean more, boolean command) {
		Objects.requireNonNull(body, "'body' must not be null");
		begin(new byte[][] { body }, command, ZmtpFrameEncoder.headerSize(body.length) + (long) body.length);
		this.lastMore = more && !command;
	}

	private void begin(byte[][] frames, boolean command, long size) {
		if (!idle()) {
			throw new IllegalStateException("The previous message is not completely written yet");
		}
		this.frames = frames;
		this.command = command;
		this.lastMore = false;
		this.index = 0;
		this.headerWritten = false;
		this.bodyOffset = 0;
		this.remaining = size;
	}

	/**
	 * Copies as much of the current message into {@code out} as fits, from its position on.
	 * @param out the output buffer
	 * @return {@code true} when the message is completely written (or none was started), {@code false} when
	 * {@code out} is full and the rest waits for the next call
	 */
	public boolean writeTo(ByteBuffer out) {
		Objects.requireNonNull(out, "'out' must not be null");
		byte[][] message = this.frames;
		int last = message.length - 1;
		while (this.index <= last) {
			byte[] body = message[this.index];
			if (!this.headerWritten) {
				int headerSize = ZmtpFrameEncoder.headerSize(body.length);
				if (out.remaining() < headerSize) {
					return false;
				}
				ZmtpFrameEncoder.putHeader(out, !this.command && (this.index < last || this.lastMore), this.command,
						body.length);
				this.headerWritten = true;
				this.bodyOffset = 0;
				this.remaining -= headerSize;
			}
			int n = Math.min(out.remaining(), body.length - this.bodyOffset);
			out.put(body, this.bodyOffset, n);
			this.bodyOffset += n;
			this.remaining -= n;
			if (this.bodyOffset < body.length) {
				return false;
			}
			this.index++;
			this.headerWritten = false;
		}
		this.frames = NO_FRAMES;
		this.index = 0;
		return true;
	}

	/**
	 * Returns whether no message is being written: none was started, or the last one is completely written.
	 * @return {@code true} when {@link #start(byte[][])} may be called
	 */
	public boolean idle() {
		return this.index >= this.frames.length;
	}

	/**
	 * Returns how many octets of the current message are still to be written.
	 * @return the octets left, 0 when idle
	 */
	public long remaining() {
		return this.remaining;
	}

	/**
	 * Returns the encoded size of a message of data frames: headers and bodies.
	 * @param frames the message's frames
	 * @return the octets the message takes on the wire
	 */
	public static long encodedSize(byte[][] frames) {
		Objects.requireNonNull(frames, "'frames' must not be null");
		long size = 0;
		for (byte[] frame : frames) {
			Objects.requireNonNull(frame, "'frames' must not contain null");
			size += ZmtpFrameEncoder.headerSize(frame.length) + (long) frame.length;
		}
		return size;
	}

}
