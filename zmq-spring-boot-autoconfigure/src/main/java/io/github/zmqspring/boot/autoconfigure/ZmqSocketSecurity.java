package io.github.zmqspring.boot.autoconfigure;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * The security mechanism of a socket: CURVE (encryption and authentication by key pairs) or PLAIN (clear-text
 * user name and password, for trusted networks only). Unset, a socket uses the NULL mechanism.
 */
public class ZmqSocketSecurity {

	/**
	 * Security mechanism; unset infers CURVE when curve.* is set, PLAIN when plain.* is set, else NULL.
	 */
	private @Nullable Mechanism mechanism;

	/**
	 * ZAP domain the authenticator sees; unset uses the socket name.
	 */
	private @Nullable String zapDomain;

	/**
	 * CURVE settings.
	 */
	private final Curve curve = new Curve();

	/**
	 * PLAIN settings.
	 */
	private final Plain plain = new Plain();

	/**
	 * Whether anything of this group is set.
	 * @return {@code true} when the socket configures its own security
	 */
	boolean isConfigured() {
		return this.mechanism != null || this.zapDomain != null || this.curve.isConfigured()
				|| this.plain.isConfigured();
	}

	public @Nullable Mechanism getMechanism() {
		return this.mechanism;
	}

	public void setMechanism(@Nullable Mechanism mechanism) {
		this.mechanism = mechanism;
	}

	public @Nullable String getZapDomain() {
		return this.zapDomain;
	}

	public void setZapDomain(@Nullable String zapDomain) {
		this.zapDomain = zapDomain;
	}

	public Curve getCurve() {
		return this.curve;
	}

	public Plain getPlain() {
		return this.plain;
	}

	@Override
	public String toString() {
		return "ZmqSocketSecurity[mechanism=" + this.mechanism + ", zapDomain=" + this.zapDomain + ", curve="
				+ this.curve + ", plain=" + this.plain + "]";
	}

	/** Security mechanisms. */
	public enum Mechanism {

		/** No security (ZeroMQ's NULL mechanism); disables zmq.defaults.security for a socket. */
		NULL,
		/** CURVE: encryption and authentication by key pairs. */
		CURVE,
		/** PLAIN: clear-text user name and password. */
		PLAIN

	}

	/**
	 * CURVE settings of a socket. Keys are 40-character Z85 strings (as ZmqKeyGenerator, libzmq's
	 * {@code zmq_curve_keypair} and pyzmq's {@code zmq.curve_keypair()} print them) or czmq/pyzmq certificate files.
	 */
	public static class Curve {

		/**
		 * Whether this socket is the CURVE server (holds its key pair; clients must know its public key).
		 */
		private boolean server;

		/**
		 * Own public key (Z85); or use key-pair-file.
		 */
		private @Nullable String publicKey;

		/**
		 * Own secret key (Z85); keep it out of source control, e.g. ${MY_SECRET_KEY}.
		 */
		private @Nullable String secretKey;

		/**
		 * Own key pair as a secret certificate file (.key_secret, czmq/pyzmq format) instead of public-key and secret-key.
		 */
		private @Nullable Path keyPairFile;

		/**
		 * Public key (Z85) of the CURVE server this client connects to.
		 */
		private @Nullable String serverKey;

		/**
		 * Public certificate file (.key) of the CURVE server this client connects to, instead of server-key.
		 */
		private @Nullable Path serverKeyFile;

		boolean isConfigured() {
			return this.server || this.publicKey != null || this.secretKey != null || this.keyPairFile != null
					|| this.serverKey != null || this.serverKeyFile != null;
		}

		public boolean isServer() {
			return this.server;
		}

		public void setServer(boolean server) {
			this.server = server;
		}

		public @Nullable String getPublicKey() {
			return this.publicKey;
		}

		public void setPublicKey(@Nullable String publicKey) {
			this.publicKey = publicKey;
		}

		public @Nullable String getSecretKey() {
			return this.secretKey;
		}

		public void setSecretKey(@Nullable String secretKey) {
			this.secretKey = secretKey;
		}

		public @Nullable Path getKeyPairFile() {
			return this.keyPairFile;
		}

		public void setKeyPairFile(@Nullable Path keyPairFile) {
			this.keyPairFile = keyPairFile;
		}

		public @Nullable String getServerKey() {
			return this.serverKey;
		}

		public void setServerKey(@Nullable String serverKey) {
			this.serverKey = serverKey;
		}

		public @Nullable Path getServerKeyFile() {
			return this.serverKeyFile;
		}

		public void setServerKeyFile(@Nullable Path serverKeyFile) {
			this.serverKeyFile = serverKeyFile;
		}

		@Override
		public String toString() {
			return "Curve[server=" + this.server + ", publicKey=" + this.publicKey + ", secretKey="
					+ ((this.secretKey != null) ? "(hidden)" : "null") + ", keyPairFile=" + this.keyPairFile
					+ ", serverKey=" + this.serverKey + ", serverKeyFile=" + this.serverKeyFile + "]";
		}

	}

	/**
	 * PLAIN settings of a socket: a server checks user names and passwords through the authenticator, a client
	 * sends them. Passwords travel in clear text: use PLAIN on trusted networks only.
	 */
	public static class Plain {

		/**
		 * Whether this socket is the PLAIN server (checks credentials through zmq.security.authenticator).
		 */
		private boolean server;

		/**
		 * User name a PLAIN client sends.
		 */
		private @Nullable String username;

		/**
		 * Password a PLAIN client sends; keep it out of source control, e.g. ${MY_PASSWORD}.
		 */
		private @Nullable String password;

		boolean isConfigured() {
			return this.server || this.username != null || this.password != null;
		}

		public boolean isServer() {
			return this.server;
		}

		public void setServer(boolean server) {
			this.server = server;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		@Override
		public String toString() {
			return "Plain[server=" + this.server + ", username=" + this.username + ", password="
					+ ((this.password != null) ? "(hidden)" : "null") + "]";
		}

	}

}
