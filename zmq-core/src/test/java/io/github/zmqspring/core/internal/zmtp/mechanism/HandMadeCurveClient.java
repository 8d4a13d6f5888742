package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.util.Arrays;

import io.github.zmqspring.core.internal.zmtp.ZmtpCommand;

/**
 * A CURVE client written from RFC 26 alone, step by step, so that tests can send what an honest client never sends:
 * a vouch for other keys, a reused nonce, garbage metadata.
 */
final class HandMadeCurveClient {

	final byte[] shortPublic;

	final byte[] shortSecret;

	private final byte[] serverKey;

	byte[] serverShort = new byte[0];

	byte[] cookie = new byte[0];

	long nonce = 1;

	HandMadeCurveClient(byte[] serverKey) {
		byte[][] keys = CurveCrypto.keyPair();
		this.shortPublic = keys[0];
		this.shortSecret = keys[1];
		this.serverKey = serverKey;
	}

	byte[] hello() {
		byte[] key = CurveCrypto.beforenm(this.serverKey, this.shortSecret);
		byte[] box = CurveCrypto.seal(key, CurveCrypto.nonce("CurveZMQHELLO---", this.nonce), new byte[64]);
		return ZmtpCommand.body("HELLO", CurveBase.concat(new byte[] { 1, 0 }, new byte[72], this.shortPublic,
				CurveBase.longBytes(this.nonce), box));
	}

	void welcome(byte[] welcomeBody) {
		ZmtpCommand welcome = ZmtpCommand.parse(welcomeBody);
		byte[] data = welcome.data();
		byte[] key = CurveCrypto.beforenm(this.serverKey, this.shortSecret);
		byte[] plain = CurveCrypto.open(key, CurveCrypto.nonce("WELCOME-", data, 0), data, 16, 144);
		this.serverShort = Arrays.copyOfRange(plain, 0, 32);
		this.cookie = Arrays.copyOfRange(plain, 32, 128);
	}

	/**
	 * Builds an INITIATE presenting {@code presentedKey}, with a vouch of {@code vouchContents} sealed with
	 * {@code vouchSecret}, under short nonce {@code initiateNonce}.
	 */
	byte[] initiate(byte[] presentedKey, byte[] vouchSecret, byte[] vouchContents, byte[] metadata,
			long initiateNonce) {
		byte[] vouchNonce = CurveCrypto.random(16);
		byte[] vouch = CurveCrypto.seal(CurveCrypto.beforenm(this.serverShort, vouchSecret),
				CurveCrypto.nonce("VOUCH---", vouchNonce, 0), vouchContents);
		byte[] box = CurveCrypto.seal(CurveCrypto.beforenm(this.serverShort, this.shortSecret),
				CurveCrypto.nonce("CurveZMQINITIATE", initiateNonce),
				CurveBase.concat(presentedKey, vouchNonce, vouch, metadata));
		return ZmtpCommand.body("INITIATE", CurveBase.concat(this.cookie, CurveBase.longBytes(initiateNonce), box));
	}

}
