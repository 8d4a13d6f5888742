package io.github.zmqspring.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CURVE key pair as 40-character Z85 strings, the form libzmq's {@code zmq_curve_keypair}, pyzmq's
 * {@code zmq.curve_keypair()} and czmq certificates use. {@link #toString()} never shows the secret key.
 *
 * @param publicKey the public key (share it with peers)
 * @param secretKey the secret key (keep it private)
 */
public record ZmqKeyPair(String publicKey, String secretKey) {

	private static final Pattern PUBLIC_KEY = certificateLine("public-key");

	private static final Pattern SECRET_KEY = certificateLine("secret-key");

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

	/**
	 * Reads a key pair from a secret certificate in czmq's ZPL format, as {@link ZmqKeyGenerator}, czmq's
	 * {@code zcert_save} and pyzmq's {@code zmq.auth.create_certificates} write it (a {@code .key_secret} file with
	 * {@code public-key = "..."} and {@code secret-key = "..."} lines).
	 * @param certificate the secret certificate file
	 * @return the key pair
	 * @throws IllegalArgumentException naming the file when it cannot be read or has no valid key pair; the message
	 * never contains the secret key
	 */
	public static ZmqKeyPair readCertificate(Path certificate) {
		String text = read(certificate);
		String publicKey = find(PUBLIC_KEY, text, certificate, "public-key");
		String secretKey = find(SECRET_KEY, text, certificate, "secret-key");
		try {
			return new ZmqKeyPair(publicKey, secretKey);
		}
		catch (InvalidSocketSpecException ex) {
			throw new IllegalArgumentException("certificate '" + certificate + "': " + ex.getMessage(), ex);
		}
	}

	/**
	 * Reads the public key of a certificate in czmq's ZPL format (a public {@code .key} or a secret
	 * {@code .key_secret} file), as {@link ZmqAuthenticator.Builder#allowCurveKeyDirectory(Path)} reads them.
	 * @param certificate the certificate file
	 * @return the public key (Z85)
	 * @throws IllegalArgumentException naming the file when it cannot be read or has no valid public key
	 */
	public static String readPublicKey(Path certificate) {
		String key = find(PUBLIC_KEY, read(certificate), certificate, "public-key");
		try {
			Z85.decodeKey("public-key", key);
		}
		catch (InvalidSocketSpecException ex) {
			throw new IllegalArgumentException("certificate '" + certificate + "': " + ex.getMessage(), ex);
		}
		return key;
	}

	private static Pattern certificateLine(String name) {
		return Pattern.compile("^\\s*" + name + "\\s*=\\s*\"?([^\"\\s]*)\"?\\s*$", Pattern.MULTILINE);
	}

	private static String read(Path certificate) {
		Objects.requireNonNull(certificate, "'certificate' must not be null");
		try {
			return Files.readString(certificate, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("certificate '" + certificate + "' cannot be read: " + ex, ex);
		}
	}

	private static String find(Pattern pattern, String text, Path certificate, String what) {
		Matcher matcher = pattern.matcher(text);
		if (!matcher.find()) {
			throw new IllegalArgumentException("certificate '" + certificate + "' has no " + what + " line"
					+ (what.equals("secret-key") ? " (a public .key file where the .key_secret file is needed?)" : ""));
		}
		return matcher.group(1);
	}

	@Override
	public String toString() {
		return "ZmqKeyPair[publicKey=" + this.publicKey + ", secretKey=(hidden)]";
	}

}
