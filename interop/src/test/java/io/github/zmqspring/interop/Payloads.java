package io.github.zmqspring.interop;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import io.github.zmqspring.core.ZmqMessage;

/**
 * The payloads every pattern must carry exactly: an empty frame, one byte, 64 KiB, 1 MiB, bytes that are not UTF-8,
 * a 100-frame multipart message (with empty and binary frames inside) and the 256 byte values 0x00 to 0xff.
 */
final class Payloads {

	private Payloads() {
	}

	static Map<String, ZmqMessage> all() {
		Map<String, ZmqMessage> payloads = new LinkedHashMap<>();
		payloads.put("empty frame", ZmqMessage.of(new byte[0]));
		payloads.put("1 byte", ZmqMessage.of(new byte[] { 0x2a }));
		payloads.put("64 KiB", ZmqMessage.of(random(64 * 1024, 1)));
		payloads.put("1 MiB", ZmqMessage.of(random(1024 * 1024, 2)));
		payloads.put("non-UTF-8", ZmqMessage.of(new byte[] { (byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3, 0x28,
				(byte) 0x80, (byte) 0xed, (byte) 0xa0, (byte) 0x80 }));
		payloads.put("100 frames", hundredFrames());
		payloads.put("bytes 0x00-0xff", ZmqMessage.of(everyByte()));
		return payloads;
	}

	static ZmqMessage hundredFrames() {
		byte[][] frames = new byte[100][];
		for (int i = 0; i < frames.length; i++) {
			frames[i] = switch (i % 10) {
				case 3 -> new byte[0];
				case 7 -> random(i, i);
				default -> ("frame-" + i).getBytes(StandardCharsets.UTF_8);
			};
		}
		return ZmqMessage.of(frames);
	}

	/** The 256 byte values 0x00 to 0xff, in order. */
	static byte[] everyByte() {
		byte[] bytes = new byte[256];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) i;
		}
		return bytes;
	}

	static byte[] random(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
