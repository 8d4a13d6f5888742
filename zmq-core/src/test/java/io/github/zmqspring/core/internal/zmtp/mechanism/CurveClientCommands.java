package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.util.Arrays;
import java.util.Objects;

import io.github.zmqspring.core.Z85;
import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.internal.zmtp.ZmtpCommand;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;

/**
 * Test-only: the commands of a CURVE client (RFC 26) built octet by octet with every field under the test's control,
 * so that hostile tests outside this package can send valid commands, and exactly the corruption they want, over a
 * raw socket. One instance is one connection's client: fresh short-term keys, the server's cookie once
 * {@link #welcome(byte[])} opened it, and the message key after that. Nothing here checks what the test asks for.
 */
public final class CurveClientCommands {

	/** A Curve25519 point of small order (all zeros): every shared secret with it is zero. */
	public static final byte[] LOW_ORDER_KEY = new byte[CurveCrypto.KEY_SIZE];

	/** The size of a HELLO command body (RFC 26). */
	public static final int HELLO_SIZE = 200;

	/** The size of an INITIATE command body without metadata (RFC 26). */
	public static final int INITIATE_MIN_SIZE = 257;

	private final byte[] publicKey;

	private final byte[] secretKey;

	private final byte[] serverKey;

	private final byte[] shortPublic;

	private final byte[] shortSecret;

	private byte[] serverShort = new byte[0];

	private byte[] cookie = new byte[0];

	private byte[] messageKey = new byte[0];

	/**
	 * A client with the given permanent keys for a server with the given permanent public key.
	 * @param keys the client's permanent key pair
	 * @param serverPublicKey the server's permanent public key, Z85
	 */
	public CurveClientCommands(ZmqKeyPair keys, String serverPublicKey) {
		this.publicKey = Z85.decode(keys.publicKey());
		this.secretKey = Z85.decode(keys.secretKey());
		this.serverKey = Z85.decode(Objects.requireNonNull(serverPublicKey));
		byte[][] shortTerm = CurveCrypto.keyPair();
		this.shortPublic = shortTerm[0];
		this.shortSecret = shortTerm[1];
	}

	/** @return this connection's short-term public key C' */
	public byte[] shortPublicKey() {
		return this.shortPublic.clone();
	}

	/** @return the cookie from the server's WELCOME (empty before it) */
	public byte[] cookie() {
		return this.cookie.clone();
	}

	/** @return a valid HELLO body with short nonce 1 */
	public byte[] hello() {
		return hello(1);
	}

	/**
	 * @param nonce the short nonce
	 * @return a valid HELLO body: name, version 1.0, 72 octets of padding, C', the short nonce and Box[64 zeros](C'->S)
	 */
	public byte[] hello(long nonce) {
		return hello(nonce, this.shortPublic, this.serverKey);
	}

	/**
	 * @param nonce the short nonce
	 * @param clientShortKey the C' to present
	 * @param boxedForServerKey the server key the box is sealed for (another than the real one makes a box the server
	 * cannot open)
	 * @return a HELLO body of 200 octets
	 */
	public byte[] hello(long nonce, byte[] clientShortKey, byte[] boxedForServerKey) {
		byte[] key = CurveCrypto.beforenm(boxedForServerKey, this.shortSecret);
		byte[] box = CurveCrypto.seal(Objects.requireNonNull(key), CurveCrypto.nonce("CurveZMQHELLO---", nonce),
				new byte[64]);
		return ZmtpCommand.body("HELLO", CurveBase.concat(new byte[] { 1, 0 }, new byte[72], clientShortKey,
				CurveBase.longBytes(nonce), box));
	}

	/**
	 * Opens the server's WELCOME and keeps its short-term key and cookie.
	 * @param welcomeBody the WELCOME command body as received
	 * @throws AssertionError when it is not a WELCOME of 168 octets that opens
	 */
	public void welcome(byte[] welcomeBody) {
		ZmtpCommand command = ZmtpCommand.parse(welcomeBody);
		byte[] data = command.data();
		if (!command.is("WELCOME") || welcomeBody.length != 168) {
			throw new AssertionError("expected a WELCOME of 168 octets but got '" + command.name() + "' of "
					+ welcomeBody.length);
		}
		byte[] key = Objects.requireNonNull(CurveCrypto.beforenm(this.serverKey, this.shortSecret));
		byte[] plain = CurveCrypto.open(key, CurveCrypto.nonce("WELCOME-", data, 0), data, 16, 144);
		if (plain == null) {
			throw new AssertionError("the WELCOME box does not open");
		}
		this.serverShort = Arrays.copyOfRange(plain, 0, 32);
		this.cookie = Arrays.copyOfRange(plain, 32, 128);
		this.messageKey = Objects.requireNonNull(CurveCrypto.beforenm(this.serverShort, this.shortSecret));
	}

	/** @return a builder of INITIATE, valid unless told otherwise */
	public Initiate initiate() {
		return new Initiate();
	}

	/**
	 * A MESSAGE body: name, short nonce and Box[flags + body](C'->S') under the message key.
	 * @param nonce the short nonce
	 * @param flags the flags octet inside the box ({@code 01} MORE, {@code 02} COMMAND)
	 * @param body the frame's body
	 * @return the body of a MESSAGE frame (a data frame on the wire, as libzmq sends it)
	 */
	public byte[] message(long nonce, int flags, byte[] body) {
		byte[] box = CurveCrypto.seal(this.messageKey, CurveCrypto.nonce("CurveZMQMESSAGEC", nonce),
				CurveBase.concat(new byte[] { (byte) flags }, body));
		return ZmtpCommand.body("MESSAGE", CurveBase.concat(CurveBase.longBytes(nonce), box));
	}

	/**
	 * Opens the server's READY.
	 * @param readyBody the READY command body as received
	 * @return the server's metadata
	 * @throws AssertionError when it is not a READY that opens
	 */
	public ZmtpMetadata ready(byte[] readyBody) {
		ZmtpCommand command = ZmtpCommand.parse(readyBody);
		if (!command.is("READY")) {
			throw new AssertionError("expected READY but got '" + command.name() + "'");
		}
		byte[] data = command.data();
		byte[] plain = CurveCrypto.open(this.messageKey,
				CurveCrypto.nonce("CurveZMQREADY---", CurveBase.readLong(data, 0)), data, 8, data.length - 8);
		if (plain == null) {
			throw new AssertionError("the READY box does not open");
		}
		return ZmtpMetadata.parse(plain, 0, plain.length);
	}

	/** Flips one bit of an octet of a copy: a box with it no longer verifies. */
	public static byte[] flip(byte[] bytes, int index) {
		byte[] copy = bytes.clone();
		copy[index] ^= 0x01;
		return copy;
	}

	/**
	 * INITIATE, valid unless a corruption is asked for: cookie, short nonce, Box[C + vouch nonce + vouch +
	 * metadata](C'->S').
	 */
	public final class Initiate {

		private long nonce = 2;

		private byte[] cookie = CurveClientCommands.this.cookie;

		private byte[] metadata = new byte[0];

		private byte[] presentedKey = CurveClientCommands.this.publicKey;

		private byte[] vouchedShortKey = CurveClientCommands.this.shortPublic;

		private boolean corruptVouch;

		private boolean corruptBox;

		private Initiate() {
		}

		/** The short nonce (2 by default: HELLO took 1). */
		public Initiate nonce(long value) {
			this.nonce = value;
			return this;
		}

		/** Another cookie than the server's (from another connection, or tampered). */
		public Initiate cookie(byte[] value) {
			this.cookie = value.clone();
			return this;
		}

		/** The metadata octets inside the box, as they are (valid or not). */
		public Initiate metadata(byte[] value) {
			this.metadata = value.clone();
			return this;
		}

		/** Presents another permanent key than ours (the vouch is still sealed with our secret key). */
		public Initiate presentedKey(byte[] value) {
			this.presentedKey = value.clone();
			return this;
		}

		/** A vouch that names another short-term key than this connection's. */
		public Initiate vouchFor(byte[] shortKey) {
			this.vouchedShortKey = shortKey.clone();
			return this;
		}

		/** A vouch whose authenticator does not verify. */
		public Initiate corruptVouch() {
			this.corruptVouch = true;
			return this;
		}

		/** An INITIATE box whose authenticator does not verify. */
		public Initiate corruptBox() {
			this.corruptBox = true;
			return this;
		}

		/** @return the INITIATE command body */
		public byte[] build() {
			CurveClientCommands client = CurveClientCommands.this;
			byte[] vouchNonce = CurveCrypto.random(16);
			byte[] vouchKey = Objects.requireNonNull(CurveCrypto.beforenm(client.serverShort, client.secretKey));
			byte[] vouch = CurveCrypto.seal(vouchKey, CurveCrypto.nonce("VOUCH---", vouchNonce, 0),
					CurveBase.concat(this.vouchedShortKey, client.serverKey));
			if (this.corruptVouch) {
				vouch = flip(vouch, 3);
			}
			byte[] box = CurveCrypto.seal(client.messageKey, CurveCrypto.nonce("CurveZMQINITIATE", this.nonce),
					CurveBase.concat(this.presentedKey, vouchNonce, vouch, this.metadata));
			if (this.corruptBox) {
				box = flip(box, 5);
			}
			return ZmtpCommand.body("INITIATE", CurveBase.concat(this.cookie, CurveBase.longBytes(this.nonce), box));
		}

	}

}
