package io.github.zmqspring.core.internal.zmtp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds byte sequences for the ZMTP tests from hex and text, and decodes streams into frames.
 */
final class ZmtpBytes {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private ZmtpBytes() {
	}

	static ZmtpBytes bytes() {
		return new ZmtpBytes();
	}

	/** Hex octets, spaces ignored: {@code "FF 00 7F"}. */
	static byte[] hex(String hex) {
		String digits = hex.replace(" ", "");
		byte[] bytes = new byte[digits.length() / 2];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
		}
		return bytes;
	}

	static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	static byte[] filled(int size, int seed) {
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) (i * 31 + seed);
		}
		return bytes;
	}

	ZmtpBytes hexs(String hex) {
		this.out.writeBytes(hex(hex));
		return this;
	}

	ZmtpBytes text(String text) {
		this.out.writeBytes(ascii(text));
		return this;
	}

	ZmtpBytes raw(byte[] bytes) {
		this.out.writeBytes(bytes);
		return this;
	}

	ZmtpBytes zeros(int count) {
		this.out.writeBytes(new byte[count]);
		return this;
	}

	byte[] toArray() {
		return this.out.toByteArray();
	}

	/** A decoded frame, compared by content. */
	record Frame(boolean more, boolean command, byte[] body) {

		@Override
		public boolean equals(Object other) {
			return other instanceof Frame frame && frame.more == this.more && frame.command == this.command
					&& Arrays.equals(frame.body, this.body);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(this.body) * 4 + (this.more ? 2 : 0) + (this.command ? 1 : 0);
		}

		@Override
		public String toString() {
			String flags = (this.more ? "MORE " : "") + (this.command ? "COMMAND " : "");
			return flags + this.body.length + " bytes";
		}

	}

	/** Decodes every complete frame of {@code in} with {@code decoder}. */
	static List<Frame> drain(ZmtpFrameDecoder decoder, ByteBuffer in) {
		List<Frame> frames = new ArrayList<>();
		while (decoder.next(in)) {
			frames.add(new Frame(decoder.more(), decoder.command(), decoder.body()));
		}
		return frames;
	}

}
