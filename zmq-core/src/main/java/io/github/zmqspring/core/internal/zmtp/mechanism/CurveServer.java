package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.github.zmqspring.core.internal.zmtp.ZmtpCommand;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;
import org.jspecify.annotations.Nullable;

/**
 * The CURVE server (RFC 26): opens HELLO with our permanent key and answers WELCOME with a fresh short-term key and a
 * cookie sealed under a fresh random cookie key; opens INITIATE's cookie, its box and the vouch inside, and asks ZAP
 * about the client's permanent key; answers READY on 200. Every size is checked against the command before any
 * octet of it is decrypted, and every buffer is sized from the command (no fixed metadata buffer: libzmq's
 * CVE-2019-13132 and JeroMQ's 256-octet one are the traps).
 */
final class CurveServer extends CurveBase {

	/** The size of HELLO's data: version, padding, C', short nonce, box. */
	static final int HELLO_DATA = 2 + 72 + 32 + 8 + 80;

	/** The size of INITIATE's data without metadata: cookie (96), short nonce (8), box of C, vouch nonce and vouch. */
	static final int INITIATE_DATA = 96 + 8 + CurveCrypto.MAC_SIZE + 32 + 16 + 80;

	private final byte[] publicKey;

	private final byte[] secretKey;

	private final String domain;

	private final String peerAddress;

	private final byte[] shortPublic;

	private final byte[] shortSecret;

	private byte @Nullable [] clientShort;

	// The cookie key, fresh per connection and forgotten once INITIATE's cookie opened.
	private byte @Nullable [] cookieKey;

	private @Nullable ZmtpMetadata pendingPeer;

	private boolean welcomed;

	CurveServer(ZmtpMetadata local, byte[] publicKey, byte[] secretKey, String domain, String peerAddress,
			int maxMetadataSize) {
		super(true, local, maxMetadataSize);
		checkKeyPair(publicKey, secretKey);
		this.publicKey = checkKey(publicKey, "publicKey");
		this.secretKey = checkKey(secretKey, "secretKey");
		this.domain = Objects.requireNonNull(domain, "'domain' must not be null");
		this.peerAddress = Objects.requireNonNull(peerAddress, "'peerAddress' must not be null");
		byte[][] shortTerm = CurveCrypto.keyPair();
		this.shortPublic = shortTerm[0];
		this.shortSecret = shortTerm[1];
	}

	@Override
	List<byte[]> begin() {
		return List.of();
	}

	@Override
	Step handshake(ZmtpCommand command) {
		if (!this.welcomed) {
			if (!command.is(CurveClient.HELLO)) {
				throw unexpected(command, "HELLO");
			}
			return hello(command.data());
		}
		if (!command.is(CurveClient.INITIATE)) {
			throw unexpected(command, "INITIATE");
		}
		return initiate(command.data());
	}

	private Step hello(byte[] data) {
		if (data.length != HELLO_DATA) {
			throw malformed("HELLO must have 200 octets but had " + (6 + data.length));
		}
		if (data[0] != 1 || data[1] != 0) {
			throw malformed("HELLO has version " + (data[0] & 0xFF) + "." + (data[1] & 0xFF) + " where 1.0 is known");
		}
		byte[] clientShortKey = Arrays.copyOfRange(data, 74, 106);
		long nonce = peerNonce(data, 106, "HELLO");
		byte[] helloKey = sharedKey(clientShortKey, this.secretKey, "the client's short-term key");
		if (CurveCrypto.open(helloKey, CurveCrypto.nonce("CurveZMQHELLO---", nonce), data, 114, 80) == null) {
			throw cannotOpen("the HELLO box does not open: the client uses another server key than ours");
		}
		acceptNonce(nonce);
		this.clientShort = clientShortKey;
		// Cookie: Box[C' + s'](K) under a key only this connection knows, so that INITIATE proves it saw WELCOME.
		byte[] cookieKey = CurveCrypto.random(KEY_SIZE);
		byte[] cookieNonce = CurveCrypto.random(16);
		byte[] cookieBox = CurveCrypto.seal(cookieKey, CurveCrypto.nonce("COOKIE--", cookieNonce, 0),
				concat(clientShortKey, this.shortSecret));
		this.cookieKey = cookieKey;
		byte[] welcomeNonce = CurveCrypto.random(16);
		byte[] box = CurveCrypto.seal(helloKey, CurveCrypto.nonce("WELCOME-", welcomeNonce, 0),
				concat(this.shortPublic, cookieNonce, cookieBox));
		Arrays.fill(helloKey, (byte) 0);
		this.welcomed = true;
		return Step.next(ZmtpCommand.body(CurveClient.WELCOME, concat(welcomeNonce, box)));
	}

	private Step initiate(byte[] data) {
		if (data.length < INITIATE_DATA) {
			throw malformed("INITIATE must have at least 257 octets but had " + (9 + data.length));
		}
		checkMetadataSize("INITIATE", data.length - INITIATE_DATA);
		byte[] clientShortKey = Objects.requireNonNull(this.clientShort);
		byte[] cookieKey = Objects.requireNonNull(this.cookieKey);
		byte[] cookie = CurveCrypto.open(cookieKey, CurveCrypto.nonce("COOKIE--", data, 0), data, 16, 80);
		Arrays.fill(cookieKey, (byte) 0);
		this.cookieKey = null;
		if (cookie == null) {
			throw cannotOpen("the INITIATE cookie does not open: it is not the cookie this server sent");
		}
		if (!MessageDigest.isEqual(cookie, concat(clientShortKey, this.shortSecret))) {
			throw cannotOpen("the INITIATE cookie is not the one sent to this client");
		}
		long nonce = peerNonce(data, 96, "INITIATE");
		byte[] key = sharedKey(clientShortKey, this.shortSecret, "the client's short-term key");
		byte[] plain = CurveCrypto.open(key, CurveCrypto.nonce("CurveZMQINITIATE", nonce), data, 104,
				data.length - 104);
		if (plain == null) {
			throw cannotOpen("the INITIATE box does not open");
		}
		acceptNonce(nonce);
		byte[] clientKey = Arrays.copyOfRange(plain, 0, KEY_SIZE);
		byte[] vouchKey = sharedKey(clientKey, this.shortSecret, "the client's permanent key");
		byte[] vouch = CurveCrypto.open(vouchKey, CurveCrypto.nonce("VOUCH---", plain, 32), plain, 48, 80);
		Arrays.fill(vouchKey, (byte) 0);
		if (vouch == null) {
			throw cannotOpen("the vouch does not open: the client does not hold the secret key of the permanent key"
					+ " it presents");
		}
		// libzmq checks C' only; RFC 26 says the vouch names both keys, and an honest client always sends both.
		if (!MessageDigest.isEqual(vouch, concat(clientShortKey, this.publicKey))) {
			throw cannotOpen("the vouch names another key than this connection's short-term key and this server's key");
		}
		this.pendingPeer = metadata("INITIATE", plain, 128, plain.length - 128);
		this.messageKey = key;
		return Step.zap(ZapRequest.of(this.domain, this.peerAddress, zapIdentity(), "CURVE", clientKey));
	}

	@Override
	Step accepted(ZapReply reply) {
		peer(Objects.requireNonNull(this.pendingPeer));
		long nonce = nextNonce();
		byte[] box = CurveCrypto.seal(Objects.requireNonNull(this.messageKey),
				CurveCrypto.nonce("CurveZMQREADY---", nonce), this.local.encode());
		return Step.complete(ZmtpCommand.body(ZmtpCommand.READY, concat(longBytes(nonce), box)));
	}

}
