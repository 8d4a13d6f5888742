package io.github.zmqspring.core;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The security mechanism of one socket: CURVE (encryption and authentication by key pairs) or PLAIN (clear-text user
 * name and password, for trusted networks only). Keys are 40-character Z85 strings, as libzmq's
 * {@code zmq_curve_keypair} and pyzmq's {@code zmq.curve_keypair()} print them. Secrets never appear in
 * {@link #toString()}.
 */
public final class ZmqSecurity {

	/** The mechanisms. */
	public enum Mechanism {

		/** CURVE server: holds its own key pair; clients must know its public key. */
		CURVE_SERVER,
		/** CURVE client: holds its own key pair and the server's public key. */
		CURVE_CLIENT,
		/** PLAIN server: checks user names and passwords (through the engine's authenticator). */
		PLAIN_SERVER,
		/** PLAIN client: sends a user name and a password. */
		PLAIN_CLIENT

	}

	private final Mechanism mechanism;

	private final byte @Nullable [] publicKey;

	private final byte @Nullable [] secretKey;

	private final byte @Nullable [] serverKey;

	private final @Nullable String username;

	private final @Nullable String password;

	private final @Nullable String zapDomain;

	private ZmqSecurity(Mechanism mechanism, byte @Nullable [] publicKey, byte @Nullable [] secretKey,
			byte @Nullable [] serverKey, @Nullable String username, @Nullable String password, @Nullable String zapDomain) {
		this.mechanism = mechanism;
		this.publicKey = publicKey;
		this.secretKey = secretKey;
		this.serverKey = serverKey;
		this.username = username;
		this.password = password;
		this.zapDomain = zapDomain;
	}

	/**
	 * CURVE server settings.
	 * @param publicKey the server's public key (Z85)
	 * @param secretKey the server's secret key (Z85)
	 * @return the settings
	 */
	public static ZmqSecurity curveServer(String publicKey, String secretKey) {
		return new ZmqSecurity(Mechanism.CURVE_SERVER, Z85.decodeKey("publicKey", publicKey),
				Z85.decodeSecretKey("secretKey", secretKey), null, null, null, null);
	}

	/**
	 * CURVE client settings.
	 * @param publicKey the client's public key (Z85)
	 * @param secretKey the client's secret key (Z85)
	 * @param serverPublicKey the server's public key (Z85)
	 * @return the settings
	 */
	public static ZmqSecurity curveClient(String publicKey, String secretKey, String serverPublicKey) {
		return new ZmqSecurity(Mechanism.CURVE_CLIENT, Z85.decodeKey("publicKey", publicKey),
				Z85.decodeSecretKey("secretKey", secretKey), Z85.decodeKey("serverKey", serverPublicKey), null, null,
				null);
	}

	/**
	 * PLAIN server settings: credentials are checked by the engine's authenticator.
	 * @return the settings
	 */
	public static ZmqSecurity plainServer() {
		return new ZmqSecurity(Mechanism.PLAIN_SERVER, null, null, null, null, null, null);
	}

	/**
	 * PLAIN client settings.
	 * @param username the user name
	 * @param password the password
	 * @return the settings
	 */
	public static ZmqSecurity plainClient(String username, String password) {
		Objects.requireNonNull(username, "'username' must not be null");
		Objects.requireNonNull(password, "'password' must not be null");
		return new ZmqSecurity(Mechanism.PLAIN_CLIENT, null, null, null, username, password, null);
	}

	/**
	 * Generates a new CURVE key pair from a secure random source (the same Curve25519 keys as libzmq's
	 * {@code zmq_curve_keypair}). Thread-safe.
	 * @return the key pair, as Z85 strings
	 */
	public static ZmqKeyPair generateKeyPair() {
		byte[][] keys = io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism.curveKeyPair();
		return new ZmqKeyPair(Z85.encode(keys[0]), Z85.encode(keys[1]));
	}

	/**
	 * CURVE server settings from a key pair.
	 * @param keys the server's key pair
	 * @return the settings
	 */
	public static ZmqSecurity curveServer(ZmqKeyPair keys) {
		return curveServer(keys.publicKey(), keys.secretKey());
	}

	/**
	 * CURVE client settings from a key pair.
	 * @param keys the client's key pair
	 * @param serverPublicKey the server's public key (Z85)
	 * @return the settings
	 */
	public static ZmqSecurity curveClient(ZmqKeyPair keys, String serverPublicKey) {
		return curveClient(keys.publicKey(), keys.secretKey(), serverPublicKey);
	}

	/**
	 * A copy with another ZAP domain (default: the socket's name, which lets the engine attribute the authenticator's
	 * refusals to the socket; sockets sharing a domain share those counts).
	 * @param domain the domain
	 * @return the copy
	 */
	public ZmqSecurity withZapDomain(String domain) {
		return new ZmqSecurity(this.mechanism, this.publicKey, this.secretKey, this.serverKey, this.username,
				this.password, Objects.requireNonNull(domain, "'domain' must not be null"));
	}

	/** @return the mechanism */
	public Mechanism mechanism() {
		return this.mechanism;
	}

	/** @return a copy of the own public key (CURVE), or {@code null} */
	public byte @Nullable [] publicKey() {
		return (this.publicKey != null) ? this.publicKey.clone() : null;
	}

	/** @return a copy of the own secret key (CURVE), or {@code null} */
	public byte @Nullable [] secretKey() {
		return (this.secretKey != null) ? this.secretKey.clone() : null;
	}

	/** @return a copy of the server's public key (CURVE client), or {@code null} */
	public byte @Nullable [] serverKey() {
		return (this.serverKey != null) ? this.serverKey.clone() : null;
	}

	/** @return the user name (PLAIN client), or {@code null} */
	public @Nullable String username() {
		return this.username;
	}

	/** @return the password (PLAIN client), or {@code null} */
	public @Nullable String password() {
		return this.password;
	}

	/** @return the ZAP domain, or {@code null} for the socket's name */
	public @Nullable String zapDomain() {
		return this.zapDomain;
	}

	@Override
	public String toString() {
		return "ZmqSecurity[" + this.mechanism
				+ ((this.publicKey != null) ? ", publicKey=" + Z85.encode(this.publicKey) : "")
				+ ((this.username != null) ? ", username=" + this.username : "") + ", secrets hidden]";
	}

}
