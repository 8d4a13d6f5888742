package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

import io.github.zmqspring.core.internal.zmtp.ZmtpFrameEncoder;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException.Reason;
import org.jspecify.annotations.Nullable;

/**
 * What the CURVE client and server share: the short nonces of each direction and the data phase, where every frame
 * travels as one MESSAGE: {@code 07 "MESSAGE"}, the 8-octet short nonce, then the box of a flags octet ({@code 01}
 * MORE, {@code 02} COMMAND) and the body, under the key both sides derived from their short-term keys.
 */
abstract class CurveBase extends MechanismBase {

	static final int KEY_SIZE = CurveCrypto.KEY_SIZE;

	private static final byte[] MESSAGE = { 7, 'M', 'E', 'S', 'S', 'A', 'G', 'E' };

	private static final int MESSAGE_HEADER = MESSAGE.length + Long.BYTES;

	private static final int FLAG_MORE = 0x01;

	private static final int FLAG_COMMAND = 0x02;

	private final String encodePrefix;

	private final String decodePrefix;

	// The short nonce of our next command or message: HELLO (or READY) takes 1, as libzmq.
	private long nextNonce = 1;

	// The peer's last short nonce, compared unsigned; the next must be greater.
	private long peerNonce;

	private boolean peerNonceSeen;

	/** The key of INITIATE, READY and every MESSAGE ({@code crypto_box_beforenm} of the short-term keys). */
	byte @Nullable [] messageKey;

	/** The largest MESSAGE sealed through {@link #scratch} for a direct buffer; larger ones go through encode(). */
	private static final int MAX_SCRATCH = 64 * 1024;

	/** Where boxes for a direct buffer are sealed before they are copied into it (ciphertext only), grown on use. */
	private byte[] scratch = new byte[0];

	/** Our MESSAGE boxes, once the first is sealed. */
	private @Nullable CurveMessageBox sealBox;

	/** The peer's MESSAGE boxes, once the first is opened. */
	private @Nullable CurveMessageBox openBox;

	CurveBase(boolean asServer, ZmtpMetadata local, int maxMetadataSize) {
		super("CURVE", asServer, local, maxMetadataSize);
		this.encodePrefix = asServer ? "CurveZMQMESSAGES" : "CurveZMQMESSAGEC";
		this.decodePrefix = asServer ? "CurveZMQMESSAGEC" : "CurveZMQMESSAGES";
	}

	@Override
	public final boolean encrypts() {
		return true;
	}

	/** Takes our next short nonce. */
	final long nextNonce() {
		long nonce = this.nextNonce;
		if (nonce == 0) {
			// 2^64 nonces later: the counter wrapped, and a nonce must never be reused with the same key.
			throw new IllegalStateException("CURVE short nonces are exhausted on this connection");
		}
		this.nextNonce++;
		return nonce;
	}

	/**
	 * Reads a short nonce from the peer and checks that it exceeds the previous one (unsigned), before anything is
	 * decrypted with it; {@link #acceptNonce(long)} records it once the box opened.
	 */
	final long peerNonce(byte[] data, int offset, String command) {
		long nonce = readLong(data, offset);
		if (this.peerNonceSeen && Long.compareUnsigned(nonce, this.peerNonce) <= 0) {
			throw new ZmtpProtocolException(Reason.REPLAYED_NONCE, "CURVE " + command + ": short nonce "
					+ Long.toUnsignedString(nonce) + " does not exceed the previous one ("
					+ Long.toUnsignedString(this.peerNonce) + "): a replayed or reordered command");
		}
		return nonce;
	}

	final void acceptNonce(long nonce) {
		this.peerNonce = nonce;
		this.peerNonceSeen = true;
	}

	@Override
	final Frame seal(boolean more, boolean command, byte[] body) {
		long nonce = nextNonce();
		byte[] wire = new byte[MESSAGE_HEADER + CurveCrypto.MAC_SIZE + 1 + body.length];
		writeMessage(nonce, more, command, body, wire, 0);
		// A data frame without MORE, as libzmq 4.3 sends it: the flags are inside the box.
		return new Frame(false, false, wire);
	}

	@Override
	final boolean sealInto(boolean more, boolean command, byte[] body, ByteBuffer out) {
		int size = MESSAGE_HEADER + CurveCrypto.MAC_SIZE + 1 + body.length;
		if (out.remaining() < ZmtpFrameEncoder.headerSize(size) + (long) size
				|| (!out.hasArray() && size > MAX_SCRATCH)) {
			return false;
		}
		// Only now the nonce: a frame that is not written takes none, and the caller's encode() takes the same one.
		long nonce = nextNonce();
		ZmtpFrameEncoder.putHeader(out, false, false, size);
		if (out.hasArray()) {
			writeMessage(nonce, more, command, body, out.array(), out.arrayOffset() + out.position());
			out.position(out.position() + size);
		}
		else {
			// A direct buffer (the I/O thread's): Bouncy Castle works on arrays, so seal into one kept for this.
			byte[] wire = this.scratch;
			if (wire.length < size) {
				wire = new byte[Math.max(size, Math.min(MAX_SCRATCH, 2 * wire.length))];
				this.scratch = wire;
			}
			writeMessage(nonce, more, command, body, wire, 0);
			out.put(wire, 0, size);
		}
		return true;
	}

	/** Writes {@code 07 "MESSAGE"}, the short nonce and the box of the flags and the body at {@code start}. */
	private void writeMessage(long nonce, boolean more, boolean command, byte[] body, byte[] wire, int start) {
		System.arraycopy(MESSAGE, 0, wire, start, MESSAGE.length);
		writeLong(wire, start + MESSAGE.length, nonce);
		sealer().seal(nonce, flags(more, command), body, wire, start + MESSAGE_HEADER);
	}

	@Override
	final Frame open(boolean more, boolean command, byte[] body) {
		// libzmq checks the body, not the COMMAND flag (it sends MESSAGE as a data frame): accept either.
		if (body.length < MESSAGE.length || !Arrays.equals(body, 0, MESSAGE.length, MESSAGE, 0, MESSAGE.length)) {
			throw new ZmtpProtocolException(Reason.UNEXPECTED_COMMAND,
					"CURVE: a frame of " + body.length + " octets that is not a MESSAGE after the handshake");
		}
		if (body.length < MESSAGE_HEADER + CurveCrypto.MAC_SIZE + 1) {
			throw new ZmtpProtocolException(Reason.MALFORMED_COMMAND, "CURVE: a MESSAGE of " + body.length
					+ " octets, shorter than the " + (MESSAGE_HEADER + CurveCrypto.MAC_SIZE + 1) + " of an empty one");
		}
		long nonce = peerNonce(body, MESSAGE.length, "MESSAGE");
		// The body belongs to us (the frame decoder hands it over): decrypt in place, copy the inner body once.
		int length = body.length - MESSAGE_HEADER;
		if (!opener().open(nonce, body, MESSAGE_HEADER, length)) {
			throw new ZmtpProtocolException(Reason.CRYPTO_FAILED, "CURVE: a MESSAGE box does not open (short nonce "
					+ Long.toUnsignedString(nonce) + "): tampered, or not from this connection's peer");
		}
		acceptNonce(nonce);
		int plaintext = MESSAGE_HEADER + CurveCrypto.MAC_SIZE;
		int flags = body[plaintext];
		boolean isCommand = (flags & FLAG_COMMAND) != 0;
		byte[] inner = Arrays.copyOfRange(body, plaintext + 1, body.length);
		return new Frame(!isCommand && (flags & FLAG_MORE) != 0, isCommand, inner);
	}

	private static int flags(boolean more, boolean command) {
		return (more ? FLAG_MORE : 0) | (command ? FLAG_COMMAND : 0);
	}

	private byte[] key() {
		return Objects.requireNonNull(this.messageKey, "no message key before the handshake");
	}

	// The message key is set once, by the handshake, before the first MESSAGE in either direction.
	private CurveMessageBox sealer() {
		CurveMessageBox box = this.sealBox;
		if (box == null) {
			box = new CurveMessageBox(key(), this.encodePrefix);
			this.sealBox = box;
		}
		return box;
	}

	private CurveMessageBox opener() {
		CurveMessageBox box = this.openBox;
		if (box == null) {
			box = new CurveMessageBox(key(), this.decodePrefix);
			this.openBox = box;
		}
		return box;
	}

	/** {@link CurveCrypto#beforenm}, failing as the peer's fault when its key is unusable. */
	static byte[] sharedKey(byte[] publicKey, byte[] secretKey, String whose) {
		byte[] key = CurveCrypto.beforenm(publicKey, secretKey);
		if (key == null) {
			throw new ZmtpProtocolException(Reason.CRYPTO_FAILED,
					"CURVE: " + whose + " is a low-order point, not a usable Curve25519 key");
		}
		return key;
	}

	static ZmtpProtocolException cannotOpen(String what) {
		return new ZmtpProtocolException(Reason.CRYPTO_FAILED, "CURVE: " + what);
	}

	/** Checks a permanent key pair given by the application. */
	static void checkKeyPair(byte[] publicKey, byte[] secretKey) {
		checkKey(publicKey, "publicKey");
		checkKey(secretKey, "secretKey");
		if (!MessageDigest.isEqual(CurveCrypto.publicKey(secretKey), publicKey)) {
			throw new IllegalArgumentException("'publicKey' is not the public key of 'secretKey'");
		}
	}

	static byte[] checkKey(byte[] key, String name) {
		Objects.requireNonNull(key, () -> "'" + name + "' must not be null");
		if (key.length != KEY_SIZE) {
			throw new IllegalArgumentException(
					"'" + name + "' must be a " + KEY_SIZE + "-octet Curve25519 key but had " + key.length + " octets");
		}
		return key.clone();
	}

	static byte[] concat(byte[]... parts) {
		int size = 0;
		for (byte[] part : parts) {
			size += part.length;
		}
		byte[] out = new byte[size];
		int position = 0;
		for (byte[] part : parts) {
			System.arraycopy(part, 0, out, position, part.length);
			position += part.length;
		}
		return out;
	}

	static long readLong(byte[] data, int offset) {
		long value = 0;
		for (int i = 0; i < Long.BYTES; i++) {
			value = (value << 8) | (data[offset + i] & 0xFF);
		}
		return value;
	}

	static void writeLong(byte[] data, int offset, long value) {
		for (int i = 0; i < Long.BYTES; i++) {
			data[offset + i] = (byte) (value >>> (56 - 8 * i));
		}
	}

	static byte[] longBytes(long value) {
		byte[] out = new byte[Long.BYTES];
		writeLong(out, 0, value);
		return out;
	}

}
