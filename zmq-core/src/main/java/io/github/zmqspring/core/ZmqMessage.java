package io.github.zmqspring.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable ZeroMQ message: one or more frames, sent and received atomically.
 * <p>
 * Frames travel as they are: no header, magic bytes or wrapper is added. A {@code String} frame is UTF-8. For
 * ROUTER/DEALER traffic the {@linkplain #envelope() envelope} is the frames before the first empty delimiter frame
 * and the {@linkplain #body() body} the frames after it.
 * <p>
 * To stay cheap on the hot path the frame arrays are neither copied in nor out: the arrays given to the factory
 * methods must not be changed afterwards, and the arrays returned by {@link #frame(int)} must not be changed. Instances
 * are thread-safe under that rule.
 */
public final class ZmqMessage {

	private static final byte[] EMPTY = new byte[0];

	private static final int DUMP_LIMIT = 64;

	private final byte[][] frames;

	private ZmqMessage(byte[][] frames) {
		if (frames.length == 0) {
			throw new IllegalArgumentException("a message must have at least one frame");
		}
		for (int i = 0; i < frames.length; i++) {
			if (frames[i] == null) {
				throw new NullPointerException("frame " + i + " must not be null");
			}
		}
		this.frames = frames;
	}

	/**
	 * Creates a message from binary frames (not copied).
	 * @param frames one or more frames
	 * @return the message
	 */
	public static ZmqMessage of(byte[]... frames) {
		Objects.requireNonNull(frames, "'frames' must not be null");
		return new ZmqMessage(frames.clone());
	}

	/**
	 * Creates a message whose frames are the UTF-8 bytes of the given strings.
	 * @param frames one or more frames
	 * @return the message
	 */
	public static ZmqMessage of(String... frames) {
		Objects.requireNonNull(frames, "'frames' must not be null");
		byte[][] bytes = new byte[frames.length][];
		for (int i = 0; i < frames.length; i++) {
			bytes[i] = Objects.requireNonNull(frames[i], "frame " + i + " must not be null")
				.getBytes(StandardCharsets.UTF_8);
		}
		return new ZmqMessage(bytes);
	}

	/**
	 * Creates a message from a list of binary frames (the arrays are not copied).
	 * @param frames one or more frames
	 * @return the message
	 */
	public static ZmqMessage of(List<byte[]> frames) {
		Objects.requireNonNull(frames, "'frames' must not be null");
		return new ZmqMessage(frames.toArray(new byte[0][]));
	}

	/**
	 * The number of frames.
	 * @return at least 1
	 */
	public int size() {
		return this.frames.length;
	}

	/**
	 * One frame, not copied: do not modify it.
	 * @param index the frame index
	 * @return the frame's bytes
	 */
	public byte[] frame(int index) {
		return this.frames[index];
	}

	/**
	 * One frame decoded as UTF-8.
	 * @param index the frame index
	 * @return the frame as a string
	 */
	public String frameAsString(int index) {
		return new String(this.frames[index], StandardCharsets.UTF_8);
	}

	/**
	 * The first frame: the topic of a {@code [topic][payload]} PUB/SUB message, the routing id on a ROUTER.
	 * @return the first frame
	 */
	public byte[] first() {
		return this.frames[0];
	}

	/**
	 * The last frame: the payload of most single-part and {@code [topic][payload]} messages.
	 * @return the last frame
	 */
	public byte[] last() {
		return this.frames[this.frames.length - 1];
	}

	/**
	 * All frames as an unmodifiable list (the arrays are not copied).
	 * @return the frames
	 */
	public List<byte[]> frames() {
		return Collections.unmodifiableList(Arrays.asList(this.frames));
	}

	/**
	 * The frames in a new array (the frame arrays themselves are not copied: do not modify them).
	 * @return the frames
	 */
	public byte[][] toFrameArray() {
		return this.frames.clone();
	}

	/**
	 * The total number of payload bytes over all frames.
	 * @return the byte count
	 */
	public long byteCount() {
		long total = 0;
		for (byte[] frame : this.frames) {
			total += frame.length;
		}
		return total;
	}

	/**
	 * The index of the first empty frame (the envelope delimiter), or -1 when there is none.
	 * @return the delimiter index or -1
	 */
	public int delimiterIndex() {
		for (int i = 0; i < this.frames.length; i++) {
			if (this.frames[i].length == 0) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * The routing envelope: the frames before the first empty delimiter frame; an empty list when there is no
	 * delimiter.
	 * @return the envelope frames
	 */
	public List<byte[]> envelope() {
		int delimiter = delimiterIndex();
		return (delimiter < 0) ? List.of() : frames().subList(0, delimiter);
	}

	/**
	 * The body: the frames after the first empty delimiter frame, or the whole message when there is no delimiter.
	 * When the delimiter is the last frame the body is one empty frame.
	 * @return the body as a message
	 */
	public ZmqMessage body() {
		int delimiter = delimiterIndex();
		if (delimiter < 0) {
			return this;
		}
		if (delimiter == this.frames.length - 1) {
			return new ZmqMessage(new byte[][] { EMPTY });
		}
		return new ZmqMessage(Arrays.copyOfRange(this.frames, delimiter + 1, this.frames.length));
	}

	/**
	 * A new message made of the given frames followed by this message's frames.
	 * @param prefix the frames to put first
	 * @return the new message
	 */
	public ZmqMessage prepend(List<byte[]> prefix) {
		byte[][] all = new byte[prefix.size() + this.frames.length][];
		int i = 0;
		for (byte[] frame : prefix) {
			all[i++] = Objects.requireNonNull(frame, "prefix frame must not be null");
		}
		System.arraycopy(this.frames, 0, all, i, this.frames.length);
		return new ZmqMessage(all);
	}

	/**
	 * A new message {@code [envelope...][empty delimiter][this message's frames]}.
	 * @param envelope the routing frames
	 * @return the new message
	 */
	public ZmqMessage withEnvelope(List<byte[]> envelope) {
		List<byte[]> prefix = new ArrayList<>(envelope.size() + 1);
		prefix.addAll(envelope);
		prefix.add(EMPTY);
		return prepend(prefix);
	}

	/**
	 * A new message with the given frames appended.
	 * @param more the frames to put last
	 * @return the new message
	 */
	public ZmqMessage append(byte[]... more) {
		byte[][] all = Arrays.copyOf(this.frames, this.frames.length + more.length);
		System.arraycopy(more, 0, all, this.frames.length, more.length);
		return new ZmqMessage(all);
	}

	/**
	 * A readable one-line dump for logs: each frame as {@code [size] text} when printable, {@code [size] 0x..hex}
	 * otherwise, long frames shortened.
	 * @return the dump
	 */
	public String dump() {
		StringBuilder out = new StringBuilder(32 * this.frames.length);
		out.append(this.frames.length).append(this.frames.length == 1 ? " frame: " : " frames: ");
		for (int i = 0; i < this.frames.length; i++) {
			if (i > 0) {
				out.append(" | ");
			}
			dumpFrame(this.frames[i], out);
		}
		return out.toString();
	}

	/**
	 * Appends a readable dump of one frame to a builder.
	 * @param frame the frame
	 * @param out where to write
	 */
	public static void dumpFrame(byte[] frame, StringBuilder out) {
		out.append('[').append(frame.length).append("] ");
		int shown = Math.min(frame.length, DUMP_LIMIT);
		if (isPrintable(frame, shown)) {
			out.append(new String(frame, 0, shown, StandardCharsets.UTF_8));
		}
		else {
			out.append("0x");
			for (int i = 0; i < shown; i++) {
				out.append(Character.forDigit((frame[i] >> 4) & 0xF, 16)).append(Character.forDigit(frame[i] & 0xF, 16));
			}
		}
		if (shown < frame.length) {
			out.append("...");
		}
	}

	private static boolean isPrintable(byte[] frame, int length) {
		for (int i = 0; i < length; i++) {
			int b = frame[i] & 0xFF;
			if (b < 0x20 || b == 0x7F || b >= 0x80) {
				return false;
			}
		}
		return true;
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof ZmqMessage that) || that.frames.length != this.frames.length) {
			return false;
		}
		for (int i = 0; i < this.frames.length; i++) {
			if (!Arrays.equals(this.frames[i], that.frames[i])) {
				return false;
			}
		}
		return true;
	}

	@Override
	public int hashCode() {
		int hash = 1;
		for (byte[] frame : this.frames) {
			hash = 31 * hash + Arrays.hashCode(frame);
		}
		return hash;
	}

	@Override
	public String toString() {
		return dump();
	}

}
