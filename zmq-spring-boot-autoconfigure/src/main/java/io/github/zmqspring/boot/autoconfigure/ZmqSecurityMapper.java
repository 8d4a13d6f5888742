package io.github.zmqspring.boot.autoconfigure;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.InvalidSocketSpecException;
import io.github.zmqspring.core.Z85;
import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.ZmqSecurity;

/**
 * Maps a {@code security} group ({@link ZmqSocketSecurity}) onto the engine's {@link ZmqSecurity}, reading key files.
 * Failures are {@link InvalidSocketSpecException}s whose field is the property below the socket
 * ({@code security.curve.server-key}); messages never quote a key or a password.
 */
final class ZmqSecurityMapper {

	private ZmqSecurityMapper() {
	}

	/**
	 * Maps a {@code security} group onto the engine's settings, reading key files.
	 * @param security the group
	 * @return the settings, or {@code null} for the NULL mechanism
	 * @throws InvalidSocketSpecException whose field is the property below the socket ({@code security.curve.server-key});
	 * messages never quote a key or a password
	 */
	static @Nullable ZmqSecurity toSecurity(ZmqSocketSecurity security) {
		ZmqSocketSecurity.Mechanism mechanism = mechanism(security);
		ZmqSecurity result = switch (mechanism) {
			case NULL -> null;
			case CURVE -> curve(security.getCurve());
			case PLAIN -> plain(security.getPlain());
		};
		if (security.getZapDomain() != null) {
			if (result == null) {
				throw new InvalidSocketSpecException("security.zap-domain",
						"applies to CURVE and PLAIN sockets only: set security.curve.* or security.plain.* too");
			}
			result = result.withZapDomain(security.getZapDomain());
		}
		return result;
	}

	private static ZmqSocketSecurity.Mechanism mechanism(ZmqSocketSecurity security) {
		boolean curve = security.getCurve().isConfigured();
		boolean plain = security.getPlain().isConfigured();
		ZmqSocketSecurity.Mechanism mechanism = security.getMechanism();
		if (mechanism != null) {
			return mechanism;
		}
		if (curve && plain) {
			throw new InvalidSocketSpecException("security.mechanism", "is ambiguous: both security.curve.* and "
					+ "security.plain.* are set; keep one, or set security.mechanism to CURVE or PLAIN");
		}
		return curve ? ZmqSocketSecurity.Mechanism.CURVE
				: plain ? ZmqSocketSecurity.Mechanism.PLAIN : ZmqSocketSecurity.Mechanism.NULL;
	}

	private static ZmqSecurity curve(ZmqSocketSecurity.Curve curve) {
		ZmqKeyPair keys = ownKeys(curve);
		if (curve.isServer()) {
			if (curve.getServerKey() != null || curve.getServerKeyFile() != null) {
				throw new InvalidSocketSpecException(
						(curve.getServerKey() != null) ? "security.curve.server-key" : "security.curve.server-key-file",
						"is set on a CURVE server: only clients name the server's key (remove it, or set "
								+ "security.curve.server to false)");
			}
			return ZmqSecurity.curveServer(keys);
		}
		return ZmqSecurity.curveClient(keys, serverKey(curve));
	}

	private static ZmqKeyPair ownKeys(ZmqSocketSecurity.Curve curve) {
		Path file = curve.getKeyPairFile();
		if (file != null) {
			if (curve.getPublicKey() != null || curve.getSecretKey() != null) {
				throw new InvalidSocketSpecException("security.curve.key-pair-file", "is set together with "
						+ "security.curve.public-key/secret-key: set either the file or the keys");
			}
			try {
				return ZmqKeyPair.readCertificate(file);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidSocketSpecException("security.curve.key-pair-file", String.valueOf(ex.getMessage()));
			}
		}
		String publicKey = checkKey("security.curve.public-key", curve.getPublicKey(), "its own public key");
		String secretKey = checkKey("security.curve.secret-key", curve.getSecretKey(), "its own secret key");
		return new ZmqKeyPair(publicKey, secretKey);
	}

	private static String serverKey(ZmqSocketSecurity.Curve curve) {
		Path file = curve.getServerKeyFile();
		if (file != null) {
			if (curve.getServerKey() != null) {
				throw new InvalidSocketSpecException("security.curve.server-key-file", "is set together with "
						+ "security.curve.server-key: set one of them");
			}
			try {
				return ZmqKeyPair.readPublicKey(file);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidSocketSpecException("security.curve.server-key-file", String.valueOf(ex.getMessage()));
			}
		}
		return checkKey("security.curve.server-key", curve.getServerKey(),
				"the server's public key (or security.curve.server-key-file); a CURVE server sets "
						+ "security.curve.server: true instead");
	}

	/** Checks a Z85 key without ever quoting it (a secret key pasted into the wrong property stays secret). */
	private static String checkKey(String property, @Nullable String key, String what) {
		if (key == null || key.isEmpty()) {
			String alternative = property.endsWith("server-key") ? "" : " (or security.curve.key-pair-file)";
			throw new InvalidSocketSpecException(property, "is missing: a CURVE "
					+ (property.endsWith("server-key") ? "client" : "socket") + " needs " + what + alternative
					+ "; generate key pairs with io.github.zmqspring.core.ZmqKeyGenerator");
		}
		if (key.length() != 40) {
			throw new InvalidSocketSpecException(property,
					"not a valid Z85 CURVE key (40 characters expected, got " + key.length() + ")");
		}
		try {
			Z85.decode(key);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSocketSpecException(property, "not a valid Z85 CURVE key (a character outside the Z85 "
					+ "alphabet or an out-of-range group; the value is not shown)");
		}
		return key;
	}

	private static ZmqSecurity plain(ZmqSocketSecurity.Plain plain) {
		if (plain.isServer()) {
			if (plain.getUsername() != null || plain.getPassword() != null) {
				throw new InvalidSocketSpecException("security.plain.server", "is true and a user name or password is "
						+ "set too: a PLAIN server checks users from zmq.security.authenticator.plain-users; remove "
						+ "security.plain.username/password");
			}
			return ZmqSecurity.plainServer();
		}
		if (plain.getUsername() == null) {
			throw new InvalidSocketSpecException("security.plain.username", "is missing: a PLAIN client needs a "
					+ "user name and a password (a PLAIN server sets security.plain.server: true)");
		}
		if (plain.getPassword() == null) {
			throw new InvalidSocketSpecException("security.plain.password",
					"is missing: a PLAIN client needs a password");
		}
		return ZmqSecurity.plainClient(plain.getUsername(), plain.getPassword());
	}

}
