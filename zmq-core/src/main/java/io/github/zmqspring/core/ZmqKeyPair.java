package io.github.zmqspring.core;

import java.util.Objects;

/**
 * A CURVE key pair as 40-character Z85 strings, the form libzmq's {@code zmq_curve_keypair}, pyzmq's
 * {@code zmq.curve_keypair()} and czmq certificates use. {@link #toString()} never shows the secret key.
 *
 * @param publicKey the public key (share it with peers)
 * @param secretKey the secret key (keep it private)
 */
public record ZmqKeyPair(String publicKey, String secretKey) {

	/**
	 * Validates both keys.
	 * @param publicKey the public key
	 * @param secretKey the secret key
	 * @throws InvalidSocketSpecException naming {@code publicKey} or {@code secretKey} when one is not a valid key
	 */
	public ZmqKeyPair {
		Objects.requireNonNull(publicKey, "'publicKey' must not be null");
		Objects.requireNonNull(secretKey, "'secretKey' must not be null");
		Z85.decodeKey("publicKey", publicKey);
		Z85.decodeSecretKey("secretKey", secretKey);
	}

	/**
	 * Generates a new key pair from a secure random source.
	 * @return the key pair
	 */
	public static ZmqKeyPair generate() {
		return ZmqSecurity.generateKeyPair();
	}

	@Override
	public String toString() {
		return "ZmqKeyPair[publicKey=" + this.publicKey + ", secretKey=(hidden)]";
	}

}
