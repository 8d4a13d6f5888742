package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.util.Arrays;
import java.util.Objects;

import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The boxes of one direction of CURVE's data phase: {@code crypto_secretbox} (XSalsa20-Poly1305) under the
 * connection's message key, with a nonce of a fixed 16-octet prefix ({@code CurveZMQMESSAGEC} or
 * {@code CurveZMQMESSAGES}) and the 8-octet short nonce. The result is byte for byte {@link CurveCrypto#sealInPlace}'s,
 * with less work per message:
 * <ul>
 * <li>XSalsa20 is HSalsa20 of the key and the nonce's first 16 octets (the subkey), then Salsa20 under the subkey with
 * the last 8 as its IV. The prefix never changes, so the subkey is derived once here, and each box only re-initialises
 * one Salsa20 with the short nonce (Bouncy Castle's re-init with a {@code null} key keeps the key).</li>
 * <li>One Poly1305 is re-keyed per box with the keystream's first 32 octets, into a buffer kept here.</li>
 * <li>Sealing reads the plaintext from the caller's array and writes the box into the frame that goes on the wire;
 * opening works in place and compares the authenticator without copying it.</li>
 * </ul>
 * The primitives are Bouncy Castle's; nothing here is a cipher of its own. One instance per connection and direction;
 * not thread-safe (a connection's boxes are sealed and opened on its I/O thread).
 */
final class CurveMessageBox {

	/** The size of the authenticator in front of every box. */
	static final int MAC_SIZE = CurveCrypto.MAC_SIZE;

	private static final byte[] ZEROS = new byte[CurveCrypto.KEY_SIZE];

	private final Salsa20Engine salsa = new Salsa20Engine();

	private final Poly1305 mac = new Poly1305();

	/** The Salsa20 IV: the short nonce, big-endian (the nonce's last 8 octets). */
	private final byte[] iv = new byte[Long.BYTES];

	/** The one-time Poly1305 key of the current box, cleared once the MAC has it. */
	private final byte[] macKey = new byte[CurveCrypto.KEY_SIZE];

	private final byte[] tag = new byte[MAC_SIZE];

	/**
	 * @param key the 32-octet message key ({@code crypto_box_beforenm} of the short-term keys)
	 * @param prefix the direction's 16 ASCII characters, {@code CurveZMQMESSAGEC} or {@code CurveZMQMESSAGES}
	 */
	CurveMessageBox(byte[] key, String prefix) {
		Objects.requireNonNull(key, "'key' must not be null");
		if (prefix.length() != 16) {
			throw new IllegalArgumentException("'prefix' must have 16 characters but had " + prefix.length());
		}
		byte[] prefixOctets = new byte[16];
		for (int i = 0; i < prefixOctets.length; i++) {
			prefixOctets[i] = (byte) prefix.charAt(i);
		}
		byte[] subkey = CurveCrypto.hsalsa20(key, prefixOctets);
		this.salsa.init(true, new ParametersWithIV(new KeyParameter(subkey), this.iv));
		Arrays.fill(subkey, (byte) 0);
	}

	/**
	 * Seals one octet followed by a body (CURVE's flags octet and a frame's body) into an array, without copying the
	 * plaintext first.
	 * @param shortNonce the box's short nonce, never used twice in this direction
	 * @param first the plaintext's first octet
	 * @param body the rest of the plaintext
	 * @param out receives the authenticator at {@code offset}, then the {@code 1 + body.length} octets of ciphertext
	 * @param offset where the authenticator goes
	 */
	void seal(long shortNonce, int first, byte[] body, byte[] out, int offset) {
		Objects.checkFromIndexSize(offset, MAC_SIZE + 1 + body.length, out.length);
		start(shortNonce);
		int ciphertext = offset + MAC_SIZE;
		out[ciphertext] = this.salsa.returnByte((byte) first);
		this.salsa.processBytes(body, 0, body.length, out, ciphertext + 1);
		this.mac.update(out, ciphertext, 1 + body.length);
		this.mac.doFinal(out, offset);
	}

	/**
	 * Opens a box in place, checking the authenticator (in constant time) before decrypting anything.
	 * @param shortNonce the box's short nonce
	 * @param buffer holds the authenticator at {@code offset} and the ciphertext after it; receives the plaintext in
	 * place of the ciphertext when the box verifies, and is left as it was otherwise
	 * @param offset where the authenticator starts
	 * @param length the authenticator and the ciphertext together
	 * @return {@code true} when the box verified and was decrypted, {@code false} when it is shorter than an
	 * authenticator or does not verify
	 */
	boolean open(long shortNonce, byte[] buffer, int offset, int length) {
		Objects.checkFromIndexSize(offset, length, buffer.length);
		if (length < MAC_SIZE) {
			return false;
		}
		start(shortNonce);
		int ciphertext = offset + MAC_SIZE;
		this.mac.update(buffer, ciphertext, length - MAC_SIZE);
		this.mac.doFinal(this.tag, 0);
		if (!org.bouncycastle.util.Arrays.constantTimeAreEqual(MAC_SIZE, this.tag, 0, buffer, offset)) {
			return false;
		}
		this.salsa.processBytes(buffer, ciphertext, length - MAC_SIZE, buffer, ciphertext);
		return true;
	}

	/** Re-initialises the stream for a nonce and keys the MAC with its first 32 octets (NaCl's secretbox). */
	private void start(long shortNonce) {
		CurveBase.writeLong(this.iv, 0, shortNonce);
		// A null key: Salsa20 keeps the subkey and takes the new IV (and resets its counter and byte limit).
		this.salsa.init(true, new ParametersWithIV(null, this.iv));
		this.salsa.processBytes(ZEROS, 0, ZEROS.length, this.macKey, 0);
		this.mac.init(new KeyParameter(this.macKey));
		Arrays.fill(this.macKey, (byte) 0);
	}

}
