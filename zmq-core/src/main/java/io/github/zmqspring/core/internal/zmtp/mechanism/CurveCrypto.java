package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.jspecify.annotations.Nullable;

/**
 * NaCl's {@code crypto_box} and {@code crypto_secretbox} (Curve25519-XSalsa20-Poly1305), composed from Bouncy
 * Castle's X25519, Salsa20, XSalsa20 and Poly1305; the box format is libsodium's "easy" one: the 16-octet
 * authenticator, then the ciphertext, as CurveZMQ puts it on the wire.
 * <p>
 * {@code crypto_box} is {@code crypto_secretbox} under the key {@link #beforenm(byte[], byte[])} derives once per
 * key pair (NaCl's {@code crypto_box_beforenm}); a connection keeps that key and calls {@link #seal} and
 * {@link #open} per message. Stateless and thread-safe.
 */
final class CurveCrypto {

	/** The size of a Curve25519 key, public or secret, and of a secretbox key. */
	static final int KEY_SIZE = 32;

	/** The size of an XSalsa20 nonce. */
	static final int NONCE_SIZE = 24;

	/** The size of the Poly1305 authenticator in front of every box. */
	static final int MAC_SIZE = 16;

	private static final SecureRandom RANDOM = new SecureRandom();

	// "expand 32-byte k" as little-endian words: the Salsa20 constants at positions 0, 5, 10 and 15.
	private static final int[] SIGMA = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };

	private CurveCrypto() {
	}

	/**
	 * Returns fresh random octets from a strong source.
	 * @param size how many
	 * @return a new array
	 */
	static byte[] random(int size) {
		byte[] octets = new byte[size];
		RANDOM.nextBytes(octets);
		return octets;
	}

	/**
	 * Generates a Curve25519 key pair.
	 * @return the public key at index 0, the secret key at index 1
	 */
	static byte[][] keyPair() {
		byte[] secret = new byte[KEY_SIZE];
		X25519.generatePrivateKey(RANDOM, secret);
		return new byte[][] { publicKey(secret), secret };
	}

	/**
	 * Derives the public key of a secret key ({@code crypto_scalarmult_base}).
	 * @param secretKey 32 octets
	 * @return the public key
	 */
	static byte[] publicKey(byte[] secretKey) {
		checkKey(secretKey, "secretKey");
		byte[] publicKey = new byte[KEY_SIZE];
		X25519.scalarMultBase(secretKey, 0, publicKey, 0);
		return publicKey;
	}

	/**
	 * NaCl's {@code crypto_box_beforenm}: HSalsa20 of the X25519 shared secret under a zero nonce, the secretbox key of
	 * every box between the two key pairs.
	 * @param publicKey the other side's public key
	 * @param secretKey our secret key
	 * @return the 32-octet key, or {@code null} when the public key is a low-order point (the shared secret would be
	 * all zeros, which libsodium refuses too)
	 */
	static byte @Nullable [] beforenm(byte[] publicKey, byte[] secretKey) {
		checkKey(publicKey, "publicKey");
		checkKey(secretKey, "secretKey");
		byte[] shared = new byte[KEY_SIZE];
		if (!X25519.calculateAgreement(secretKey, 0, publicKey, 0, shared, 0)) {
			return null;
		}
		byte[] key = hsalsa20(shared, new byte[16]);
		Arrays.fill(shared, (byte) 0);
		return key;
	}

	/**
	 * HSalsa20: the 20-round Salsa20 core (Bouncy Castle's {@link Salsa20Engine#salsaCore}) of the constants, the key
	 * and a 16-octet input, without the core's final addition of its input, read at words 0, 5, 10, 15, 6, 7, 8 and 9.
	 * It derives XSalsa20's subkey from the key and the nonce's first 16 octets (and NaCl's {@code beforenm} key from
	 * the shared secret, with a zero input), as Bouncy Castle's {@code XSalsa20Engine} does on every {@code init}.
	 * @param key 32 octets
	 * @param input 16 octets
	 * @return the 32-octet subkey
	 */
	static byte[] hsalsa20(byte[] key, byte[] input) {
		checkKey(key, "key");
		if (input.length != 16) {
			throw new IllegalArgumentException("'input' must have 16 octets but had " + input.length);
		}
		int[] state = { SIGMA[0], word(key, 0), word(key, 1), word(key, 2), word(key, 3), SIGMA[1], word(input, 0),
				word(input, 1), word(input, 2), word(input, 3), SIGMA[2], word(key, 4), word(key, 5), word(key, 6),
				word(key, 7), SIGMA[3] };
		int[] core = new int[16];
		Salsa20Engine.salsaCore(20, state, core);
		int[] picked = { 0, 5, 10, 15, 6, 7, 8, 9 };
		byte[] out = new byte[KEY_SIZE];
		for (int i = 0; i < picked.length; i++) {
			int w = core[picked[i]] - state[picked[i]];
			out[4 * i] = (byte) w;
			out[4 * i + 1] = (byte) (w >>> 8);
			out[4 * i + 2] = (byte) (w >>> 16);
			out[4 * i + 3] = (byte) (w >>> 24);
		}
		Arrays.fill(state, 0);
		Arrays.fill(core, 0);
		return out;
	}

	private static int word(byte[] octets, int index) {
		int i = 4 * index;
		return (octets[i] & 0xFF) | ((octets[i + 1] & 0xFF) << 8) | ((octets[i + 2] & 0xFF) << 16)
				| ((octets[i + 3] & 0xFF) << 24);
	}

	/**
	 * NaCl's {@code crypto_secretbox} ({@code crypto_box_afternm} with a {@link #beforenm} key), in place: XSalsa20's
	 * first 32 keystream octets are the one-time Poly1305 key, the rest encrypts the message.
	 * @param key 32 octets
	 * @param nonce 24 octets, never used twice with the same key
	 * @param buffer holds the plaintext at {@code offset + 16}; receives the authenticator at {@code offset} and the
	 * ciphertext in place of the plaintext
	 * @param offset where the authenticator goes
	 * @param length the plaintext's length
	 */
	static void sealInPlace(byte[] key, byte[] nonce, byte[] buffer, int offset, int length) {
		Objects.checkFromIndexSize(offset, MAC_SIZE + length, buffer.length);
		XSalsa20Engine stream = stream(key, nonce);
		byte[] macKey = macKey(stream);
		stream.processBytes(buffer, offset + MAC_SIZE, length, buffer, offset + MAC_SIZE);
		Poly1305 mac = new Poly1305();
		mac.init(new KeyParameter(macKey));
		mac.update(buffer, offset + MAC_SIZE, length);
		mac.doFinal(buffer, offset);
		Arrays.fill(macKey, (byte) 0);
	}

	/**
	 * Seals a message into a new array.
	 * @param key 32 octets
	 * @param nonce 24 octets, never used twice with the same key
	 * @param message the plaintext
	 * @return the authenticator, then the ciphertext ({@value #MAC_SIZE} + length octets)
	 */
	static byte[] seal(byte[] key, byte[] nonce, byte[] message) {
		byte[] box = new byte[MAC_SIZE + message.length];
		System.arraycopy(message, 0, box, MAC_SIZE, message.length);
		sealInPlace(key, nonce, box, 0, message.length);
		return box;
	}

	/**
	 * NaCl's {@code crypto_secretbox_open}, in place: checks the authenticator (in constant time) before decrypting
	 * anything.
	 * @param key 32 octets
	 * @param nonce 24 octets
	 * @param buffer holds the authenticator at {@code offset} and the ciphertext after it; receives the plaintext in
	 * place of the ciphertext when the box verifies, and is left as it was otherwise
	 * @param offset where the authenticator starts
	 * @param length the authenticator and the ciphertext together
	 * @return {@code true} when the box verifies and was decrypted, {@code false} when it is shorter than an
	 * authenticator or does not verify
	 */
	static boolean openInPlace(byte[] key, byte[] nonce, byte[] buffer, int offset, int length) {
		Objects.checkFromIndexSize(offset, length, buffer.length);
		if (length < MAC_SIZE) {
			return false;
		}
		XSalsa20Engine stream = stream(key, nonce);
		byte[] macKey = macKey(stream);
		Poly1305 mac = new Poly1305();
		mac.init(new KeyParameter(macKey));
		mac.update(buffer, offset + MAC_SIZE, length - MAC_SIZE);
		byte[] tag = new byte[MAC_SIZE];
		mac.doFinal(tag, 0);
		Arrays.fill(macKey, (byte) 0);
		if (!MessageDigest.isEqual(tag, Arrays.copyOfRange(buffer, offset, offset + MAC_SIZE))) {
			return false;
		}
		stream.processBytes(buffer, offset + MAC_SIZE, length - MAC_SIZE, buffer, offset + MAC_SIZE);
		return true;
	}

	/**
	 * Opens a box held in a region of an array, into a new array; the region is not modified.
	 * @param key 32 octets
	 * @param nonce 24 octets
	 * @param box the array holding the authenticator followed by the ciphertext
	 * @param offset where the authenticator starts
	 * @param length the authenticator and ciphertext together
	 * @return the plaintext ({@code length - 16} octets), or {@code null} when the box does not verify
	 */
	static byte @Nullable [] open(byte[] key, byte[] nonce, byte[] box, int offset, int length) {
		Objects.checkFromIndexSize(offset, length, box.length);
		if (length < MAC_SIZE) {
			return null;
		}
		byte[] copy = Arrays.copyOfRange(box, offset, offset + length);
		return openInPlace(key, nonce, copy, 0, length) ? Arrays.copyOfRange(copy, MAC_SIZE, length) : null;
	}

	/**
	 * Opens a whole array.
	 * @param key 32 octets
	 * @param nonce 24 octets
	 * @param box the authenticator, then the ciphertext
	 * @return the plaintext, or {@code null} when the box does not verify
	 */
	static byte @Nullable [] open(byte[] key, byte[] nonce, byte[] box) {
		return open(key, nonce, box, 0, box.length);
	}

	private static XSalsa20Engine stream(byte[] key, byte[] nonce) {
		checkKey(key, "key");
		if (nonce.length != NONCE_SIZE) {
			throw new IllegalArgumentException("'nonce' must have " + NONCE_SIZE + " octets but had " + nonce.length);
		}
		XSalsa20Engine stream = new XSalsa20Engine();
		stream.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
		return stream;
	}

	private static byte[] macKey(XSalsa20Engine stream) {
		byte[] macKey = new byte[KEY_SIZE];
		stream.processBytes(new byte[KEY_SIZE], 0, KEY_SIZE, macKey, 0);
		return macKey;
	}

	/**
	 * Builds a 24-octet nonce from an ASCII prefix and the octets that follow it.
	 * @param prefix 8 or 16 ASCII characters, such as {@code CurveZMQHELLO---}
	 * @param suffix the array holding the rest
	 * @param offset where the rest starts in it
	 * @return a new array
	 */
	static byte[] nonce(String prefix, byte[] suffix, int offset) {
		byte[] nonce = new byte[NONCE_SIZE];
		for (int i = 0; i < prefix.length(); i++) {
			nonce[i] = (byte) prefix.charAt(i);
		}
		System.arraycopy(suffix, offset, nonce, prefix.length(), NONCE_SIZE - prefix.length());
		return nonce;
	}

	/**
	 * Builds a 24-octet nonce from a 16-character prefix and an 8-octet big-endian short nonce.
	 * @param prefix 16 ASCII characters, such as {@code CurveZMQMESSAGEC}
	 * @param shortNonce the counter
	 * @return a new array
	 */
	static byte[] nonce(String prefix, long shortNonce) {
		byte[] nonce = new byte[NONCE_SIZE];
		for (int i = 0; i < prefix.length(); i++) {
			nonce[i] = (byte) prefix.charAt(i);
		}
		for (int i = 0; i < 8; i++) {
			nonce[16 + i] = (byte) (shortNonce >>> (56 - 8 * i));
		}
		return nonce;
	}

	private static void checkKey(byte[] key, String name) {
		Objects.requireNonNull(key, () -> "'" + name + "' must not be null");
		if (key.length != KEY_SIZE) {
			throw new IllegalArgumentException("'" + name + "' must have " + KEY_SIZE + " octets but had " + key.length);
		}
	}

}
