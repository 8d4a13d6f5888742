package io.github.zmqspring.core.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds ZMTP octets by hand, exactly as RFC 23 (3.0) and RFC 37 (3.1) lay them out, so that a test can send both
 * what a conforming peer sends and any deliberate corruption of it. Nothing here validates: that is the engine's job.
 */
final class ZmtpBytes {

	static final int MORE = 0x01;

	static final int LONG = 0x02;

	static final int COMMAND = 0x04;

	private ZmtpBytes() {
	}

	/** The 64-octet greeting of a NULL client speaking ZMTP 3.1. */
	static byte[] greeting() {
		return greeting(3, 1, "NULL", false, (byte) 0);
	}

	/**
	 * A 64-octet greeting.
	 * @param major octet 10
	 * @param minor octet 11
	 * @param mechanism the mechanism name (NUL padded to 20 octets, truncated beyond)
	 * @param asServer octet 32
	 * @param padding the value of octets 1 to 8 (not significant on the wire)
	 */
	static byte[] greeting(int major, int minor, String mechanism, boolean asServer, byte padding) {
		byte[] greeting = new byte[64];
		greeting[0] = (byte) 0xFF;
		for (int i = 1; i <= 8; i++) {
			greeting[i] = padding;
		}
		greeting[9] = 0x7F;
		greeting[10] = (byte) major;
		greeting[11] = (byte) minor;
		byte[] name = ascii(mechanism);
		System.arraycopy(name, 0, greeting, 12, Math.min(20, name.length));
		greeting[32] = (byte) (asServer ? 1 : 0);
		return greeting;
	}

	/** One frame with the given flags, short or long as the body's size needs (LONG is added when it is over 255). */
	static byte[] frame(int flags, byte[] body) {
		boolean isLong = body.length > 255;
		ByteBuffer buffer = ByteBuffer.allocate(body.length + (isLong ? 9 : 2));
		buffer.put((byte) (flags | (isLong ? LONG : 0)));
		if (isLong) {
			buffer.putLong(body.length);
		}
		else {
			buffer.put((byte) body.length);
		}
		return buffer.put(body).array();
	}

	/** A data frame, MORE set or not. */
	static byte[] dataFrame(boolean more, byte[] body) {
		return frame(more ? MORE : 0, body);
	}

	/** One message of short or long data frames, MORE on all but the last. */
	static byte[] message(byte[]... frames) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int i = 0; i < frames.length; i++) {
			out.writeBytes(dataFrame(i < frames.length - 1, frames[i]));
		}
		return out.toByteArray();
	}

	/** One message of UTF-8 frames. */
	static byte[] message(String... frames) {
		byte[][] bytes = new byte[frames.length][];
		for (int i = 0; i < frames.length; i++) {
			bytes[i] = utf8(frames[i]);
		}
		return message(bytes);
	}

	/** A command frame: 1-octet name length, name, data. */
	static byte[] command(String name, byte[] data) {
		return frame(COMMAND, commandBody(name, data));
	}

	/** The body of a command frame. */
	static byte[] commandBody(String name, byte[] data) {
		byte[] nameBytes = ascii(name);
		return ByteBuffer.allocate(1 + nameBytes.length + data.length)
			.put((byte) nameBytes.length)
			.put(nameBytes)
			.put(data)
			.array();
	}

	/** Metadata properties: each 1-octet name length, name, 4-octet big-endian value length, value. */
	static byte[] properties(String... namesAndValues) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			out.writeBytes(property(namesAndValues[i], utf8(namesAndValues[i + 1])));
		}
		return out.toByteArray();
	}

	static byte[] property(String name, byte[] value) {
		byte[] nameBytes = ascii(name);
		return ByteBuffer.allocate(1 + nameBytes.length + 4 + value.length)
			.put((byte) nameBytes.length)
			.put(nameBytes)
			.putInt(value.length)
			.put(value)
			.array();
	}

	/** A NULL mechanism READY command declaring a socket type. */
	static byte[] ready(String socketType) {
		return command("READY", properties("Socket-Type", socketType));
	}

	/** A PING command: TTL in deciseconds and 0 to 16 octets of context. */
	static byte[] ping(int ttlDeciseconds, byte[] context) {
		return command("PING", ByteBuffer.allocate(2 + context.length).putShort((short) ttlDeciseconds).put(context).array());
	}

	/** A 3.1 SUBSCRIBE command. */
	static byte[] subscribeCommand(byte[] topic) {
		return command("SUBSCRIBE", topic);
	}

	/** A 3.1 CANCEL command. */
	static byte[] cancelCommand(byte[] topic) {
		return command("CANCEL", topic);
	}

	/** A 3.0 subscription: a data frame {@code 01}+topic. */
	static byte[] subscribeFrame(byte[] topic) {
		return dataFrame(false, ByteBuffer.allocate(topic.length + 1).put((byte) 1).put(topic).array());
	}

	/** A 3.0 cancellation: a data frame {@code 00}+topic. */
	static byte[] cancelFrame(byte[] topic) {
		return dataFrame(false, ByteBuffer.allocate(topic.length + 1).put((byte) 0).put(topic).array());
	}

	/** A frame header with the LONG flag added to {@code flags} and the given 8 size octets, no body. */
	static byte[] longHeader(int flags, long size) {
		return ByteBuffer.allocate(9).put((byte) (flags | LONG)).putLong(size).array();
	}

	/** {@code count} bytes of {@code value}. */
	static byte[] filled(int count, int value) {
		byte[] bytes = new byte[count];
		java.util.Arrays.fill(bytes, (byte) value);
		return bytes;
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
