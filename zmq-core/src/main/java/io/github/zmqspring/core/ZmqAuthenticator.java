package io.github.zmqspring.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's ZAP handler (ZeroMQ RFC 27): decides which peers of CURVE and PLAIN server sockets (and of sockets
 * with a ZAP domain) are admitted. Start it with {@link ZmqEngine.Builder#authenticator(ZmqAuthenticator)} or
 * {@link ZmqEngine#startAuthenticator(ZmqAuthenticator)}; the engine's handshakes then ask it directly (its socket
 * also answers ZAP requests sent to {@code inproc://zeromq.zap.01}), for every socket of that engine.
 * <p>
 * Rules, in order:
 * <ol>
 * <li>addresses: when {@linkplain Builder#allowIps allowed addresses} are set, any other address is refused; otherwise
 * a {@linkplain Builder#denyIps denied address} is refused (exact IP addresses);</li>
 * <li>NULL: admitted once the address passed;</li>
 * <li>PLAIN: the user name and password must match a configured user (compared in constant time);</li>
 * <li>CURVE: the client's public key must be on the allow-list (inline Z85 keys or a directory of czmq/pyzmq
 * certificate files), unless {@link Builder#allowAnyCurveKey()} was set (encryption without client
 * authentication).</li>
 * </ol>
 * A refusal answers 400, produces an {@link SocketEventType#AUTH_FAILED} event of the authenticator's socket naming
 * the peer's address (the secured socket reports its own AUTH_FAILED, whose {@link SocketEvent#reason() reason} is
 * {@link SocketEventReason#ADDRESS_REFUSED}, {@link SocketEventReason#CREDENTIALS_REFUSED} or
 * {@link SocketEventReason#CLIENT_KEY_REFUSED}), and is logged at INFO with the address, the mechanism and the user
 * name or public key; passwords and secret keys are never logged.
 * <p>
 * Rotation without restart: {@link #reload()} rereads the certificate directories and PLAIN users files (inline keys,
 * users and addresses stay as built) and swaps the rules at once; handshakes that start afterwards are decided by the
 * new rules, connections already admitted stay connected. A file that cannot be read or holds an invalid key fails
 * the reload and leaves the previous rules in place. With {@link Builder#reloadOnUpdate(Duration)} the authenticator
 * also reloads by itself when those files change, for as long as an engine runs it.
 * <p>
 * Thread-safe: each decision reads one immutable snapshot of the rules, reloads are serialised.
 */
public final class ZmqAuthenticator {

	/** The endpoint every ZeroMQ implementation sends ZAP requests to. */
	public static final String ZAP_ENDPOINT = "inproc://zeromq.zap.01";

	private static final Logger logger = LoggerFactory.getLogger(ZmqAuthenticator.class);

	private final AuthenticatorSources sources;

	private final boolean anyCurveKey;

	private final Set<String> allowIps;

	private final Set<String> denyIps;

	private final @Nullable AuthenticatorWatcher watcher;

	private final Object reloadLock = new Object();

	/** The rules every decision reads, replaced as a whole by {@link #reload()}. */
	private volatile AuthenticatorSources.Rules rules;

	private final LongAdder admitted = new LongAdder();

	private final LongAdder refused = new LongAdder();

	private final LongAdder reloads = new LongAdder();

	private final LongAdder failedReloads = new LongAdder();

	private ZmqAuthenticator(Builder builder) {
		this.sources = new AuthenticatorSources(builder.curveKeys, builder.plainUsers, builder.curveKeyDirectories,
				builder.plainUserFiles);
		this.anyCurveKey = builder.anyCurveKey;
		this.allowIps = Set.copyOf(builder.allowIps);
		this.denyIps = Set.copyOf(builder.denyIps);
		this.rules = this.sources.read();
		this.watcher = (builder.reloadQuietPeriod != null)
				? new AuthenticatorWatcher(this, this.sources, builder.reloadQuietPeriod) : null;
	}

	/**
	 * Starts a builder.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/** @return how many ZAP requests were admitted */
	public long admitted() {
		return this.admitted.sum();
	}

	/** @return how many ZAP requests were refused */
	public long refused() {
		return this.refused.sum();
	}

	/** @return the number of allowed CURVE public keys, as last (re)loaded */
	public int curveKeyCount() {
		return this.rules.curveKeys().size();
	}

	/** @return the configured PLAIN user names, as last (re)loaded */
	public Set<String> plainUserNames() {
		return this.rules.plainUsers().keySet();
	}

	/** @return how many reloads succeeded (explicit ones and those of the file watcher) */
	public long reloads() {
		return this.reloads.sum();
	}

	/** @return how many reloads failed, each leaving the previous rules in place */
	public long failedReloads() {
		return this.failedReloads.sum();
	}

	/**
	 * Rereads the certificate directories ({@link Builder#allowCurveKeyDirectory}) and PLAIN users files
	 * ({@link Builder#plainUsersFile}) and replaces the rules at once; inline keys, inline users, addresses and
	 * {@link Builder#allowAnyCurveKey()} stay as built. Handshakes that start afterwards use the new rules; connections
	 * admitted before stay connected, even when their key or user is gone. What changed is logged at INFO in counts
	 * (never a password). Reloads are serialised; decisions never wait for one.
	 * @throws InvalidSocketSpecException naming the field and the file when a directory or file cannot be read or
	 * holds an invalid key; the previous rules then stay in place (and the failure is logged and counted)
	 */
	public void reload() {
		synchronized (this.reloadLock) {
			AuthenticatorSources.Rules previous = this.rules;
			AuthenticatorSources.Rules next;
			try {
				next = this.sources.read();
			}
			catch (InvalidSocketSpecException ex) {
				this.failedReloads.increment();
				logger.warn("Authenticator reload failed, the previous rules stay (CURVE keys: {}, PLAIN users: {}): {}",
						previous.curveKeys().size(), previous.plainUsers().size(), ex.getMessage());
				throw ex;
			}
			this.rules = next;
			this.reloads.increment();
			logger.info("Authenticator reloaded: {}", changes(previous, next));
		}
	}

	private static String changes(AuthenticatorSources.Rules previous, AuthenticatorSources.Rules next) {
		long keysAdded = next.curveKeys().stream().filter((key) -> !previous.curveKeys().contains(key)).count();
		long keysRemoved = previous.curveKeys().stream().filter((key) -> !next.curveKeys().contains(key)).count();
		Map<String, byte[]> before = previous.plainUsers();
		Map<String, byte[]> after = next.plainUsers();
		long usersAdded = after.keySet().stream().filter((user) -> !before.containsKey(user)).count();
		long usersRemoved = before.keySet().stream().filter((user) -> !after.containsKey(user)).count();
		long passwordsChanged = after.entrySet()
			.stream()
			.filter((user) -> before.containsKey(user.getKey())
					&& !Arrays.equals(before.get(user.getKey()), user.getValue()))
			.count();
		return "CURVE keys: " + next.curveKeys().size() + " (" + keysAdded + " added, " + keysRemoved + " removed), "
				+ "PLAIN users: " + after.size() + " (" + usersAdded + " added, " + usersRemoved + " removed, "
				+ passwordsChanged + " with a new password)";
	}

	/** @return the stamps of the files the current rules were read from */
	List<AuthenticatorSources.Stamp> loadedStamps() {
		return this.rules.stamps();
	}

	/**
	 * Called by the engine once it serves this authenticator on a socket: starts the file watcher when
	 * {@link Builder#reloadOnUpdate(Duration)} asked for it, for as long as that socket is open.
	 * @param engineName the engine's name
	 * @param socket the authenticator's socket
	 */
	void watchWhileOpen(String engineName, ManagedSocket socket) {
		if (this.watcher != null) {
			this.watcher.watchWhileOpen(engineName, socket);
		}
	}


	/**
	 * Decides one ZAP request.
	 * @param request the request frames after the envelope: version, request id, domain, address, identity,
	 * mechanism, credentials
	 * @return the decision, with the reply to send
	 */
	Decision decide(ZmqMessage request) {
		if (request.size() < 6) {
			return refuse("", "", "malformed ZAP request", "500", SocketEventReason.ZAP_ERROR,
					request.size() > 1 ? request.frame(1) : new byte[0]);
		}
		byte[] requestId = request.frame(1);
		if (!"1.0".equals(request.frameAsString(0))) {
			return refuse("", "", "unsupported ZAP version", "500", SocketEventReason.ZAP_ERROR, requestId);
		}
		String domain = request.frameAsString(2);
		String address = request.frameAsString(3);
		String mechanism = request.frameAsString(5);
		AuthenticatorSources.Rules rules = this.rules;
		if (!this.allowIps.isEmpty()) {
			if (!this.allowIps.contains(address)) {
				return refuse(address, mechanism, "address " + address + " is not in the allowed addresses", "400",
						SocketEventReason.ADDRESS_REFUSED, requestId);
			}
		}
		else if (this.denyIps.contains(address)) {
			return refuse(address, mechanism, "address " + address + " is denied", "400",
					SocketEventReason.ADDRESS_REFUSED, requestId);
		}
		switch (mechanism) {
			case "NULL" -> {
				return admit(requestId, "");
			}
			case "PLAIN" -> {
				if (request.size() < 8) {
					return refuse(address, mechanism, "malformed PLAIN credentials", "400",
							SocketEventReason.CREDENTIALS_REFUSED, requestId);
				}
				String user = request.frameAsString(6);
				byte[] expected = rules.plainUsers().get(user);
				// Compare against something even for an unknown user, so that timing does not reveal user names.
				boolean match = MessageDigest.isEqual((expected != null) ? expected : new byte[0], request.frame(7))
						&& expected != null;
				if (!match) {
					return refuse(address, mechanism, "wrong user name or password for user '" + user + "' (domain '"
							+ domain + "')", "400", SocketEventReason.CREDENTIALS_REFUSED, requestId);
				}
				return admit(requestId, user);
			}
			case "CURVE" -> {
				if (request.size() < 7 || request.frame(6).length != 32) {
					return refuse(address, mechanism, "malformed CURVE credentials", "400",
							SocketEventReason.CLIENT_KEY_REFUSED, requestId);
				}
				String z85 = Z85.encode(request.frame(6));
				if (!this.anyCurveKey && !rules.curveKeys().contains(z85)) {
					return refuse(address, mechanism, "public key " + z85 + " is not allowed (domain '" + domain + "')",
							"400", SocketEventReason.CLIENT_KEY_REFUSED, requestId);
				}
				return admit(requestId, z85);
			}
			default -> {
				return refuse(address, mechanism, "mechanism '" + mechanism + "' is not supported", "400",
						SocketEventReason.ACCESS_DENIED, requestId);
			}
		}
	}

	private Decision admit(byte[] requestId, String userId) {
		this.admitted.increment();
		return new Decision(true, "", "", reply(requestId, "200", "OK", userId), SocketEventReason.NONE);
	}

	private Decision refuse(String address, String mechanism, String reason, String code,
			SocketEventReason eventReason, byte[] requestId) {
		this.refused.increment();
		logger.info("Authenticator refused a {} peer from {}: {}", mechanism.isEmpty() ? "ZAP" : mechanism,
				address.isEmpty() ? "(unknown address)" : address, reason);
		return new Decision(false, address, reason, reply(requestId, code, code.equals("500") ? "Internal error"
				: "Access denied", ""), eventReason);
	}

	private static ZmqMessage reply(byte[] requestId, String code, String text, String userId) {
		return ZmqMessage.of("1.0".getBytes(StandardCharsets.US_ASCII), requestId,
				code.getBytes(StandardCharsets.US_ASCII), text.getBytes(StandardCharsets.UTF_8),
				userId.getBytes(StandardCharsets.UTF_8), new byte[0]);
	}

	@Override
	public String toString() {
		AuthenticatorSources.Rules rules = this.rules;
		return "ZmqAuthenticator[curveKeys=" + rules.curveKeys().size() + (this.anyCurveKey ? " (any key allowed)" : "")
				+ ", plainUsers=" + rules.plainUsers().keySet() + ", allowIps=" + this.allowIps + ", denyIps="
				+ this.denyIps + ((this.watcher != null) ? ", reloadOnUpdate" : "") + "]";
	}

	/**
	 * One decision: admitted or not, the peer address and the reason, the ZAP reply, and the bounded reason of a
	 * refusal for the refused socket's event ({@link SocketEventReason#NONE} when admitted).
	 */
	record Decision(boolean admitted, String address, String reason, ZmqMessage reply, SocketEventReason eventReason) {
	}

	/**
	 * Builds a {@link ZmqAuthenticator}; files and directories are read when {@link #build()} runs and again on every
	 * {@link ZmqAuthenticator#reload()}. Not thread-safe.
	 */
	public static final class Builder {

		private final Set<String> curveKeys = new LinkedHashSet<>();

		private boolean anyCurveKey;

		private final Map<String, String> plainUsers = new LinkedHashMap<>();

		private final Set<String> allowIps = new LinkedHashSet<>();

		private final Set<String> denyIps = new LinkedHashSet<>();

		private final List<Path> curveKeyDirectories = new java.util.ArrayList<>();

		private final List<Path> plainUserFiles = new java.util.ArrayList<>();

		private @Nullable Duration reloadQuietPeriod;

		private Builder() {
		}

		/**
		 * Allows CURVE clients with these public keys.
		 * @param publicKeys Z85 public keys (40 characters each)
		 * @return this builder
		 * @throws InvalidSocketSpecException naming {@code allowCurveKeys} when a key is malformed
		 */
		public Builder allowCurveKeys(String... publicKeys) {
			return allowCurveKeys(Arrays.asList(publicKeys));
		}

		/**
		 * Allows CURVE clients with these public keys.
		 * @param publicKeys Z85 public keys (40 characters each)
		 * @return this builder
		 * @throws InvalidSocketSpecException naming {@code allowCurveKeys} when a key is malformed
		 */
		public Builder allowCurveKeys(Collection<String> publicKeys) {
			for (String key : publicKeys) {
				Z85.decodeKey("allowCurveKeys", key);
				this.curveKeys.add(key);
			}
			return this;
		}

		/**
		 * Allows the CURVE clients whose certificates are in a directory: every regular file with a
		 * {@code public-key = "..."} line (czmq's {@code zcert} and pyzmq's {@code zmq.auth} format; both the public
		 * {@code .key} and the {@code .key_secret} files qualify). Hidden files (names starting with a dot, such as
		 * editors' swap files and Kubernetes' {@code ..data}) and backups ending with {@code ~} are skipped. Read when
		 * {@link #build()} runs and on every {@link ZmqAuthenticator#reload()}.
		 * @param directory the directory
		 * @return this builder
		 */
		public Builder allowCurveKeyDirectory(Path directory) {
			this.curveKeyDirectories.add(Objects.requireNonNull(directory, "'directory' must not be null"));
			return this;
		}

		/**
		 * Admits every CURVE client (connections are still encrypted, and the client must know the server's public
		 * key). Without it, only allowed keys are admitted.
		 * @return this builder
		 */
		public Builder allowAnyCurveKey() {
			this.anyCurveKey = true;
			return this;
		}

		/**
		 * Adds a PLAIN user.
		 * @param username the user name
		 * @param password the password
		 * @return this builder
		 */
		public Builder plainUser(String username, String password) {
			Objects.requireNonNull(username, "'username' must not be null");
			Objects.requireNonNull(password, () -> "the password of PLAIN user '" + username + "' must not be null");
			this.plainUsers.put(username, password);
			return this;
		}

		/**
		 * Adds PLAIN users.
		 * @param users user names to passwords
		 * @return this builder
		 */
		public Builder plainUsers(Map<String, String> users) {
			users.forEach(this::plainUser);
			return this;
		}

		/**
		 * Adds the PLAIN users of a properties file ({@code user=password} lines), read when {@link #build()} runs and
		 * on every {@link ZmqAuthenticator#reload()}; a user of the file replaces an inline user of the same name.
		 * @param file the file
		 * @return this builder
		 */
		public Builder plainUsersFile(Path file) {
			this.plainUserFiles.add(Objects.requireNonNull(file, "'file' must not be null"));
			return this;
		}

		/**
		 * Admits only these peer addresses (exact IPv4 or IPv6 addresses as the peer connects from); denied addresses
		 * are then ignored.
		 * @param addresses the addresses
		 * @return this builder
		 */
		public Builder allowIps(String... addresses) {
			this.allowIps.addAll(Arrays.asList(addresses));
			return this;
		}

		/**
		 * Refuses these peer addresses (ignored when allowed addresses are set).
		 * @param addresses the addresses
		 * @return this builder
		 */
		public Builder denyIps(String... addresses) {
			this.denyIps.addAll(Arrays.asList(addresses));
			return this;
		}

		/**
		 * Reloads the authenticator by itself when its certificate directories or PLAIN users files change, as Spring
		 * Boot's SSL bundles do with {@code reload-on-update}: a daemon thread polls them while an engine runs the
		 * authenticator and, once they changed and then stayed unchanged for the quiet period, calls
		 * {@link ZmqAuthenticator#reload()}. A failed reload keeps the previous rules and is retried on the next change.
		 * Off by default.
		 * @param quietPeriod how long the files must stay unchanged before they are reread, so that a file being
		 * written is not read half-way (positive; the files are polled every quiet period, at most every second)
		 * @return this builder
		 * @throws InvalidSocketSpecException naming {@code reloadOnUpdate} when the quiet period is not positive
		 */
		public Builder reloadOnUpdate(Duration quietPeriod) {
			Objects.requireNonNull(quietPeriod, "'quietPeriod' must not be null");
			if (quietPeriod.isNegative() || quietPeriod.isZero()) {
				throw new InvalidSocketSpecException("reloadOnUpdate",
						"reloadOnUpdate: the quiet period must be positive, not " + quietPeriod);
			}
			this.reloadQuietPeriod = quietPeriod;
			return this;
		}

		/**
		 * Reads the configured files and builds the authenticator.
		 * @return the authenticator
		 * @throws InvalidSocketSpecException naming the field and the file when a key or a file is invalid, or naming
		 * {@code reloadOnUpdate} when it is set without a certificate directory or users file to watch
		 */
		public ZmqAuthenticator build() {
			if (this.reloadQuietPeriod != null && this.curveKeyDirectories.isEmpty() && this.plainUserFiles.isEmpty()) {
				throw new InvalidSocketSpecException("reloadOnUpdate", "reloadOnUpdate: there is nothing to watch; "
						+ "set allowCurveKeyDirectory or plainUsersFile");
			}
			return new ZmqAuthenticator(this);
		}

	}

}
