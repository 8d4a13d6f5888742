package io.github.zmqspring.benchmarks;

import java.nio.ByteBuffer;

/** A send time ({@link System#nanoTime()}) carried in the first 8 bytes of a payload. */
final class Stamps {

	private Stamps() {
	}

	static byte[] stamped(int size) {
		byte[] payload = new byte[Math.max(8, size)];
		ByteBuffer.wrap(payload).putLong(System.nanoTime());
		return payload;
	}

	static long read(byte[] payload) {
		return ByteBuffer.wrap(payload).getLong();
	}

}
