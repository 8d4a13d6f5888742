package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.util.Arrays;
import java.util.List;

import io.github.zmqspring.core.internal.zmtp.ZmtpCommand;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;
import org.jspecify.annotations.Nullable;

/**
 * The CURVE client (RFC 26): HELLO with a fresh short-term key, INITIATE with the server's cookie, our permanent key,
 * the vouch and our metadata once WELCOME opens, complete once READY opens. Sizes, as on the wire: HELLO 200 octets,
 * WELCOME 168, INITIATE 257 + metadata, READY 30 + metadata.
 */
final class CurveClient extends CurveBase {

	static final String HELLO = "HELLO";

	static final String WELCOME = "WELCOME";

	static final String INITIATE = "INITIATE";

	/** The data of WELCOME: long nonce (16) and box (144). */
	static final int WELCOME_DATA = 16 + 144;

	/** The data of READY without metadata: short nonce (8) and authenticator (16). */
	static final int READY_DATA = 8 + CurveCrypto.MAC_SIZE;

	private final byte[] publicKey;

	private final byte[] secretKey;

	private final byte[] serverKey;

	private final byte[] shortPublic;

	private final byte[] shortSecret;

	// Box[..](C'->S) of HELLO and WELCOME; dropped once WELCOME opens.
	private byte @Nullable [] helloKey;

	private boolean welcomed;

	CurveClient(ZmtpMetadata local, byte[] publicKey, byte[] secretKey, byte[] serverKey, int maxMetadataSize) {
		super(false, local, maxMetadataSize);
		checkKeyPair(publicKey, secretKey);
		this.publicKey = checkKey(publicKey, "publicKey");
		this.secretKey = checkKey(secretKey, "secretKey");
		this.serverKey = checkKey(serverKey, "serverKey");
		byte[][] shortTerm = CurveCrypto.keyPair();
		this.shortPublic = shortTerm[0];
		this.shortSecret = shortTerm[1];
		byte[] key = CurveCrypto.beforenm(this.serverKey, this.shortSecret);
		if (key == null) {
			throw new IllegalArgumentException("'serverKey' is a low-order point, not a usable Curve25519 public key");
		}
		this.helloKey = key;
	}

	@Override
	List<byte[]> begin() {
		long nonce = nextNonce();
		byte[] box = CurveCrypto.seal(helloKey(), CurveCrypto.nonce("CurveZMQHELLO---", nonce), new byte[64]);
		// version 1.0, 72 octets of padding (an anti-amplification measure: HELLO is as large as WELCOME), C', nonce
		byte[] data = concat(new byte[] { 1, 0 }, new byte[72], this.shortPublic, longBytes(nonce), box);
		return List.of(ZmtpCommand.body(HELLO, data));
	}

	@Override
	Step handshake(ZmtpCommand command) {
		if (!this.welcomed) {
			if (!command.is(WELCOME)) {
				throw unexpected(command, "WELCOME");
			}
			return welcome(command.data());
		}
		if (!command.is(ZmtpCommand.READY)) {
			throw unexpected(command, "READY");
		}
		return ready(command.data());
	}

	private Step welcome(byte[] data) {
		if (data.length != WELCOME_DATA) {
			throw malformed("WELCOME must have 168 octets but had " + (8 + data.length));
		}
		byte[] plain = CurveCrypto.open(helloKey(), CurveCrypto.nonce("WELCOME-", data, 0), data, 16, 144);
		if (plain == null) {
			throw cannotOpen("the WELCOME box does not open: the server does not hold the secret key of the server key"
					+ " this client was given");
		}
		byte[] serverShort = Arrays.copyOfRange(plain, 0, KEY_SIZE);
		byte[] cookie = Arrays.copyOfRange(plain, KEY_SIZE, 128);
		this.messageKey = sharedKey(serverShort, this.shortSecret, "the server's short-term key");
		this.helloKey = null;
		this.welcomed = true;
		// Vouch: Box[C' + S](C->S'), proving that the holder of our permanent key speaks through C'.
		byte[] vouchNonce = CurveCrypto.random(16);
		byte[] vouchKey = sharedKey(serverShort, this.secretKey, "the server's short-term key");
		byte[] vouch = CurveCrypto.seal(vouchKey, CurveCrypto.nonce("VOUCH---", vouchNonce, 0),
				concat(this.shortPublic, this.serverKey));
		Arrays.fill(vouchKey, (byte) 0);
		long nonce = nextNonce();
		byte[] box = CurveCrypto.seal(this.messageKey, CurveCrypto.nonce("CurveZMQINITIATE", nonce),
				concat(this.publicKey, vouchNonce, vouch, this.local.encode()));
		return Step.next(ZmtpCommand.body(INITIATE, concat(cookie, longBytes(nonce), box)));
	}

	private Step ready(byte[] data) {
		if (data.length < READY_DATA) {
			throw malformed("READY must have at least 30 octets but had " + (6 + data.length));
		}
		checkMetadataSize("READY", data.length - READY_DATA);
		long nonce = peerNonce(data, 0, "READY");
		byte[] plain = CurveCrypto.open(messageKeyOrFail(), CurveCrypto.nonce("CurveZMQREADY---", nonce), data, 8,
				data.length - 8);
		if (plain == null) {
			throw cannotOpen("the READY box does not open");
		}
		acceptNonce(nonce);
		peer(metadata("READY", plain, 0, plain.length));
		return Step.complete();
	}

	private byte[] helloKey() {
		byte[] key = this.helloKey;
		if (key == null) {
			throw new IllegalStateException("the HELLO key is gone after WELCOME");
		}
		return key;
	}

	private byte[] messageKeyOrFail() {
		byte[] key = this.messageKey;
		if (key == null) {
			throw new IllegalStateException("no message key before WELCOME");
		}
		return key;
	}

}
