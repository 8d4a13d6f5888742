package io.github.zmqspring.core.internal.zmtp;

import java.util.Arrays;
import java.util.Objects;

import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException.Reason;
import org.jspecify.annotations.Nullable;

/**
 * Collects the data frames of one multipart message and bounds the whole message, not only each frame: a peer that
 * sets MORE forever is refused once the sum of the frame sizes or the frame count passes its limit, so it cannot grow
 * memory without end. A single-frame message costs one array of one element; longer messages are collected in an
 * internal array that is reused from message to message.
 * <p>
 * After a {@link ZmtpProtocolException} the assembler is dead: the connection must be closed, and further calls of
 * {@link #add(byte[], boolean)} throw {@link IllegalStateException}. Not thread-safe.
 */
public final class ZmtpMessageAssembler {

	private static final byte[][] NO_FRAMES = new byte[0][];

	private final long maxMessageSize;

	private final int maxFrames;

	private byte[][] frames = NO_FRAMES;

	private int count;

	private long messageSize;

	private boolean dead;

	/**
	 * Creates an assembler with the given limits.
	 * @param maxMessageSize the largest sum of the frame sizes of one message, in octets
	 * @param maxFrames the largest number of frames of one message, at least 1
	 * @throws IllegalArgumentException if {@code maxMessageSize} is negative or {@code maxFrames} below 1
	 */
	public ZmtpMessageAssembler(long maxMessageSize, int maxFrames) {
		if (maxMessageSize < 0) {
			throw new IllegalArgumentException("'maxMessageSize' must not be negative but was " + maxMessageSize);
		}
		if (maxFrames < 1) {
			throw new IllegalArgumentException("'maxFrames' must be at least 1 but was " + maxFrames);
		}
		this.maxMessageSize = maxMessageSize;
		this.maxFrames = maxFrames;
	}

	/**
	 * Adds one data frame.
	 * @param body the frame's body, kept as it is (not copied)
	 * @param more whether more frames of the same message follow
	 * @return the whole message, frame 0 first, when {@code more} is {@code false}; {@code null} while more frames
	 * are to come
	 * @throws ZmtpProtocolException {@link Reason#MESSAGE_TOO_LARGE} when the frames add up to more than the limit,
	 * {@link Reason#TOO_MANY_FRAMES} when the message has more frames than the limit; the assembler is dead
	 * afterwards
	 * @throws IllegalStateException if the assembler is dead
	 */
	public byte @Nullable [][] add(byte[] body, boolean more) {
		Objects.requireNonNull(body, "'body' must not be null");
		if (this.dead) {
			throw new IllegalStateException("The assembler failed on an earlier message; the connection must be closed");
		}
		long total = this.messageSize + body.length;
		if (total > this.maxMessageSize) {
			throw fail(Reason.MESSAGE_TOO_LARGE, "message of at least " + total + " bytes exceeds the maximum of "
					+ this.maxMessageSize + " for a whole message");
		}
		if (this.count == 0 && !more) {
			return new byte[][] { body };
		}
		if (this.count == this.maxFrames) {
			throw fail(Reason.TOO_MANY_FRAMES,
					"message has more than " + this.maxFrames + " frames, the maximum per message");
		}
		if (this.count == this.frames.length) {
			this.frames = Arrays.copyOf(this.frames, Math.min(this.maxFrames, Math.max(8, this.count * 2)));
		}
		this.frames[this.count++] = body;
		this.messageSize = total;
		if (more) {
			return null;
		}
		byte[][] message = Arrays.copyOf(this.frames, this.count);
		// Drop the references so that the bodies of a delivered message are not kept alive by the assembler.
		Arrays.fill(this.frames, 0, this.count, null);
		this.count = 0;
		this.messageSize = 0;
		return message;
	}

	private ZmtpProtocolException fail(Reason reason, String message) {
		this.dead = true;
		// The frames held so far are garbage now: let them go before the connection is torn down.
		Arrays.fill(this.frames, 0, this.count, null);
		this.count = 0;
		return new ZmtpProtocolException(reason, message);
	}

	/**
	 * Returns whether frames of an unfinished message are held.
	 * @return {@code true} between a frame with MORE and the message's last frame
	 */
	public boolean inProgress() {
		return this.count > 0;
	}

}
