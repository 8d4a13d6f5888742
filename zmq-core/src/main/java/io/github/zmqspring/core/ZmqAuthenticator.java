package io.github.zmqspring.core;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's ZAP handler (ZeroMQ RFC 27): decides which peers of CURVE and PLAIN server sockets (and of sockets
 * with a ZAP domain) are admitted. Start it with {@link ZmqEngine.Builder#authenticator(ZmqAuthenticator)} or
 * {@link ZmqEngine#startAuthenticator(ZmqAuthenticator)}; it then serves {@code inproc://zeromq.zap.01} on its own
 * owner thread, for every socket of that engine.
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
 * the peer's address (the secured socket reports its own AUTH_FAILED), and is logged at INFO with the address, the
 * mechanism and the user name or public key; passwords and secret keys are never logged. Immutable and thread-safe.
 */
public final class ZmqAuthenticator {

	/** The endpoint every ZeroMQ implementation sends ZAP requests to. */
	public static final String ZAP_ENDPOINT = "inproc://zeromq.zap.01";

	private static final Logger logger = LoggerFactory.getLogger(ZmqAuthenticator.class);

	private static final Pattern CERT_PUBLIC_KEY = Pattern.compile("^\\s*public-key\\s*=\\s*\"?([^\"\\s]*)\"?\\s*$",
			Pattern.MULTILINE);

	private final Set<String> curveKeys;

	private final boolean anyCurveKey;

	private final Map<String, byte[]> plainUsers;

	private final Set<String> allowIps;

	private final Set<String> denyIps;

	private final LongAdder admitted = new LongAdder();

	private final LongAdder refused = new LongAdder();

	private ZmqAuthenticator(Builder builder) {
		this.curveKeys = Set.copyOf(builder.curveKeys);
		this.anyCurveKey = builder.anyCurveKey;
		Map<String, byte[]> users = new LinkedHashMap<>();
		builder.plainUsers.forEach((user, password) -> users.put(user, password.getBytes(StandardCharsets.UTF_8)));
		this.plainUsers = Map.copyOf(users);
		this.allowIps = Set.copyOf(builder.allowIps);
		this.denyIps = Set.copyOf(builder.denyIps);
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

	/** @return the number of allowed CURVE public keys */
	public int curveKeyCount() {
		return this.curveKeys.size();
	}

	/** @return the configured PLAIN user names */
	public Set<String> plainUserNames() {
		return this.plainUsers.keySet();
	}

	/**
	 * Decides one ZAP request.
	 * @param request the request frames after the envelope: version, request id, domain, address, identity,
	 * mechanism, credentials
	 * @return the decision, with the reply to send
	 */
	Decision decide(ZmqMessage request) {
		if (request.size() < 6) {
			return refuse("", "", "malformed ZAP request", "500", request.size() > 1 ? request.frame(1) : new byte[0]);
		}
		byte[] requestId = request.frame(1);
		if (!"1.0".equals(request.frameAsString(0))) {
			return refuse("", "", "unsupported ZAP version", "500", requestId);
		}
		String domain = request.frameAsString(2);
		String address = request.frameAsString(3);
		String mechanism = request.frameAsString(5);
		if (!this.allowIps.isEmpty()) {
			if (!this.allowIps.contains(address)) {
				return refuse(address, mechanism, "address " + address + " is not in the allowed addresses", "400",
						requestId);
			}
		}
		else if (this.denyIps.contains(address)) {
			return refuse(address, mechanism, "address " + address + " is denied", "400", requestId);
		}
		switch (mechanism) {
			case "NULL" -> {
				return admit(requestId, "");
			}
			case "PLAIN" -> {
				if (request.size() < 8) {
					return refuse(address, mechanism, "malformed PLAIN credentials", "400", requestId);
				}
				String user = request.frameAsString(6);
				byte[] expected = this.plainUsers.get(user);
				// Compare against something even for an unknown user, so that timing does not reveal user names.
				boolean match = MessageDigest.isEqual((expected != null) ? expected : new byte[0], request.frame(7))
						&& expected != null;
				if (!match) {
					return refuse(address, mechanism, "wrong user name or password for user '" + user + "' (domain '"
							+ domain + "')", "400", requestId);
				}
				return admit(requestId, user);
			}
			case "CURVE" -> {
				if (request.size() < 7 || request.frame(6).length != 32) {
					return refuse(address, mechanism, "malformed CURVE credentials", "400", requestId);
				}
				String z85 = Z85.encode(request.frame(6));
				if (!this.anyCurveKey && !this.curveKeys.contains(z85)) {
					return refuse(address, mechanism, "public key " + z85 + " is not allowed (domain '" + domain + "')",
							"400", requestId);
				}
				return admit(requestId, z85);
			}
			default -> {
				return refuse(address, mechanism, "mechanism '" + mechanism + "' is not supported", "400", requestId);
			}
		}
	}

	private Decision admit(byte[] requestId, String userId) {
		this.admitted.increment();
		return new Decision(true, "", "", reply(requestId, "200", "OK", userId));
	}

	private Decision refuse(String address, String mechanism, String reason, String code, byte[] requestId) {
		this.refused.increment();
		logger.info("Authenticator refused a {} peer from {}: {}", mechanism.isEmpty() ? "ZAP" : mechanism,
				address.isEmpty() ? "(unknown address)" : address, reason);
		return new Decision(false, address, reason, reply(requestId, code, code.equals("500") ? "Internal error"
				: "Access denied", ""));
	}

	private static ZmqMessage reply(byte[] requestId, String code, String text, String userId) {
		return ZmqMessage.of("1.0".getBytes(StandardCharsets.US_ASCII), requestId,
				code.getBytes(StandardCharsets.US_ASCII), text.getBytes(StandardCharsets.UTF_8),
				userId.getBytes(StandardCharsets.UTF_8), new byte[0]);
	}

	@Override
	public String toString() {
		return "ZmqAuthenticator[curveKeys=" + this.curveKeys.size() + (this.anyCurveKey ? " (any key allowed)" : "")
				+ ", plainUsers=" + this.plainUsers.keySet() + ", allowIps=" + this.allowIps + ", denyIps="
				+ this.denyIps + "]";
	}

	/** One decision: admitted or not, the peer address and the reason, and the ZAP reply. */
	record Decision(boolean admitted, String address, String reason, ZmqMessage reply) {
	}

	/**
	 * Builds a {@link ZmqAuthenticator}; files and directories are read when {@link #build()} runs. Not thread-safe.
	 */
	public static final class Builder {

		private final Set<String> curveKeys = new LinkedHashSet<>();

		private boolean anyCurveKey;

		private final Map<String, String> plainUsers = new LinkedHashMap<>();

		private final Set<String> allowIps = new LinkedHashSet<>();

		private final Set<String> denyIps = new LinkedHashSet<>();

		private final List<Path> curveKeyDirectories = new java.util.ArrayList<>();

		private final List<Path> plainUserFiles = new java.util.ArrayList<>();

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
		 * {@code .key} and the {@code .key_secret} files qualify). Read when {@link #build()} runs.
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
		 * Adds the PLAIN users of a properties file ({@code user=password} lines), read when {@link #build()} runs.
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
		 * Reads the configured files and builds the authenticator.
		 * @return the authenticator
		 * @throws InvalidSocketSpecException naming the field and the file when a key or a file is invalid
		 */
		public ZmqAuthenticator build() {
			for (Path directory : this.curveKeyDirectories) {
				readCertificates(directory);
			}
			for (Path file : this.plainUserFiles) {
				readUsers(file);
			}
			return new ZmqAuthenticator(this);
		}

		private void readCertificates(Path directory) {
			if (!Files.isDirectory(directory)) {
				throw new InvalidSocketSpecException("allowCurveKeyDirectory",
						"allowCurveKeyDirectory '" + directory + "' is not a directory");
			}
			try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
				for (Path file : files) {
					if (!Files.isRegularFile(file)) {
						continue;
					}
					Matcher matcher = CERT_PUBLIC_KEY.matcher(Files.readString(file, StandardCharsets.UTF_8));
					if (matcher.find()) {
						String key = matcher.group(1);
						try {
							Z85.decodeKey("allowCurveKeyDirectory", key);
						}
						catch (InvalidSocketSpecException ex) {
							throw new InvalidSocketSpecException("allowCurveKeyDirectory",
									"allowCurveKeyDirectory: certificate '" + file + "' has an invalid public-key: "
											+ ex.getMessage());
						}
						this.curveKeys.add(key);
					}
				}
			}
			catch (IOException ex) {
				throw new InvalidSocketSpecException("allowCurveKeyDirectory",
						"allowCurveKeyDirectory '" + directory + "' cannot be read: " + ex.getMessage());
			}
		}

		private void readUsers(Path file) {
			Properties users = new Properties();
			try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				users.load(reader);
			}
			catch (IOException ex) {
				throw new InvalidSocketSpecException("plainUsersFile",
						"plainUsersFile '" + file + "' cannot be read: " + ex.getMessage());
			}
			for (String user : users.stringPropertyNames()) {
				this.plainUsers.put(user, users.getProperty(user));
			}
		}

	}

}
