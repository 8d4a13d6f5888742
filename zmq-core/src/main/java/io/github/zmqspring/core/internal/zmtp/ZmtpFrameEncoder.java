package io.github.zmqspring.core.internal.zmtp;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Encodes ZMTP frame headers and frames, strictly: the short form whenever the size fits in one octet, no reserved
 * bits, and never MORE on a command. Stateless.
 */
public final class ZmtpFrameEncoder {

	/** The size of a header with a one-octet size. */
	public static final int SHORT_HEADER_SIZE = 2;

	/** The size of a header with an eight-octet size. */
	public static final int LONG_HEADER_SIZE = 9;

	private static final int FLAG_MORE = 0x01;

	private static final int FLAG_LONG = 0x02;

	private static final int FLAG_COMMAND = 0x04;

	private ZmtpFrameEncoder() {
	}

	/**
	 * Returns the size of the header for a body of the given size.
	 * @param size the body size in octets
	 * @return {@value #SHORT_HEADER_SIZE} up to 255, else {@value #LONG_HEADER_SIZE}
	 * @throws IllegalArgumentException if the size is negative
	 */
	public static int headerSize(long size) {
		checkSize(size);
		return (size <= 255) ? SHORT_HEADER_SIZE : LONG_HEADER_SIZE;
	}

	/**
	 * Writes a frame header at {@code out}'s position, in network byte order whatever {@code out}'s order is.
	 * @param out the buffer, with at least {@link #headerSize(long)} octets remaining
	 * @param more whether another frame of the same message follows
	 * @param command whether the frame is a command
	 * @param size the body size in octets
	 * @throws IllegalArgumentException if the size is negative or a command is marked MORE
	 * @throws BufferOverflowException if the header does not fit (nothing is written then)
	 */
	public static void putHeader(ByteBuffer out, boolean more, boolean command, long size) {
		Objects.requireNonNull(out, "'out' must not be null");
		if (more && command) {
			throw new IllegalArgumentException("A command frame cannot have the MORE flag");
		}
		int flags = (more ? FLAG_MORE : 0) | (command ? FLAG_COMMAND : 0);
		if (headerSize(size) == SHORT_HEADER_SIZE) {
			if (out.remaining() < SHORT_HEADER_SIZE) {
				throw new BufferOverflowException();
			}
			out.put((byte) flags).put((byte) size);
		}
		else {
			if (out.remaining() < LONG_HEADER_SIZE) {
				throw new BufferOverflowException();
			}
			out.put((byte) (flags | FLAG_LONG));
			for (int shift = 56; shift >= 0; shift -= 8) {
				out.put((byte) (size >>> shift));
			}
		}
	}

	/**
	 * Returns a new array holding the header and the body of one frame.
	 * @param body the frame's body
	 * @param more whether another frame of the same message follows
	 * @param command whether the frame is a command
	 * @return the encoded frame
	 * @throws IllegalArgumentException if a command is marked MORE
	 */
	public static byte[] frame(byte[] body, boolean more, boolean command) {
		Objects.requireNonNull(body, "'body' must not be null");
		int headerSize = headerSize(body.length);
		ByteBuffer frame = ByteBuffer.allocate(headerSize + body.length);
		putHeader(frame, more, command, body.length);
		frame.put(body);
		return frame.array();
	}

	private static void checkSize(long size) {
		if (size < 0) {
			throw new IllegalArgumentException("'size' must not be negative but was " + size);
		}
	}

}
