package io.github.zmqspring.core;

import java.util.Arrays;

/**
 * Z85 (ZeroMQ RFC 32) encoding of binary keys into printable text, and back.
 */
public final class Z85 {

	private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

	private static final int[] DECODE = new int[128];

	static {
		Arrays.fill(DECODE, -1);
		for (int i = 0; i < ALPHABET.length(); i++) {
			DECODE[ALPHABET.charAt(i)] = i;
		}
	}

	private Z85() {
	}

	/**
	 * Encodes bytes (a multiple of 4 long) as Z85.
	 * @param data the bytes
	 * @return the text
	 */
	public static String encode(byte[] data) {
		if (data.length % 4 != 0) {
			throw new IllegalArgumentException("Z85 encodes multiples of 4 bytes, got " + data.length);
		}
		StringBuilder out = new StringBuilder(data.length * 5 / 4);
		for (int i = 0; i < data.length; i += 4) {
			long value = ((data[i] & 0xFFL) << 24) | ((data[i + 1] & 0xFFL) << 16) | ((data[i + 2] & 0xFFL) << 8)
					| (data[i + 3] & 0xFFL);
			char[] chunk = new char[5];
			for (int j = 4; j >= 0; j--) {
				chunk[j] = ALPHABET.charAt((int) (value % 85));
				value /= 85;
			}
			out.append(chunk);
		}
		return out.toString();
	}

	/**
	 * Decodes Z85 text (a multiple of 5 characters long).
	 * @param text the text
	 * @return the bytes
	 * @throws IllegalArgumentException when the text is not valid Z85
	 */
	public static byte[] decode(String text) {
		if (text.length() % 5 != 0) {
			throw new IllegalArgumentException("Z85 text must be a multiple of 5 characters long, got " + text.length());
		}
		byte[] out = new byte[text.length() * 4 / 5];
		int o = 0;
		for (int i = 0; i < text.length(); i += 5) {
			long value = 0;
			for (int j = 0; j < 5; j++) {
				char c = text.charAt(i + j);
				int digit = (c < 128) ? DECODE[c] : -1;
				if (digit < 0) {
					throw new IllegalArgumentException("'" + c + "' at position " + (i + j) + " is not a Z85 character");
				}
				value = value * 85 + digit;
			}
			if (value > 0xFFFFFFFFL) {
				throw new IllegalArgumentException("Z85 group at position " + i + " overflows 32 bits");
			}
			out[o++] = (byte) (value >>> 24);
			out[o++] = (byte) (value >>> 16);
			out[o++] = (byte) (value >>> 8);
			out[o++] = (byte) value;
		}
		return out;
	}

	/**
	 * Decodes a secret key; unlike {@link #decodeKey}, the message never quotes the key's characters.
	 */
	static byte[] decodeSecretKey(String field, String key) {
		if (key == null || key.length() != 40) {
			throw new InvalidSocketSpecException(field, field + " must be a 40-character Z85 CURVE key, got "
					+ ((key == null) ? "null" : key.length() + " characters"));
		}
		try {
			return decode(key);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSocketSpecException(field, field + " is not a valid Z85 CURVE key (a character outside "
					+ "the Z85 alphabet or an out-of-range group; the value is not shown)");
		}
	}

	static byte[] decodeKey(String field, String key) {
		if (key == null || key.length() != 40) {
			throw new InvalidSocketSpecException(field, field + " must be a 40-character Z85 CURVE key, got "
					+ ((key == null) ? "null" : key.length() + " characters"));
		}
		try {
			return decode(key);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSocketSpecException(field, field + " is not a valid Z85 CURVE key: " + ex.getMessage());
		}
	}

}
