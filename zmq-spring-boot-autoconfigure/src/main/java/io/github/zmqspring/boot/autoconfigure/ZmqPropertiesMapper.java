package io.github.zmqspring.boot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.unit.DataSize;

import io.github.zmqspring.core.InvalidSocketSpecException;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.Z85;
import io.github.zmqspring.core.ZmqAuthenticator;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.ZmqSocketSpecFactory;

/**
 * Maps {@link ZmqProperties} onto the engine's builders. An invalid value fails with an
 * {@link InvalidZmqPropertyException} naming the property (the socket's own when it sets the option, else the one
 * under {@code zmq.defaults}) and the value.
 */
final class ZmqPropertiesMapper {

	/** Spec builder method names (InvalidSocketSpecException#getField) and the property names they come from. */
	static final Map<String, String> PROPERTY_NAMES = Map.ofEntries(Map.entry("bind", "bind"),
			Map.entry("connect", "connect"), Map.entry("subscriptions", "topics"), Map.entry("routingId", "routing-id"),
			Map.entry("sendHighWaterMark", "send-hwm"), Map.entry("receiveHighWaterMark", "receive-hwm"),
			Map.entry("linger", "linger"), Map.entry("reconnectInterval", "reconnect-interval"),
			Map.entry("reconnectIntervalMax", "reconnect-interval-max"),
			Map.entry("heartbeatInterval", "heartbeat-interval"), Map.entry("heartbeatTimeout", "heartbeat-timeout"),
			Map.entry("heartbeatTtl", "heartbeat-ttl"), Map.entry("handshakeInterval", "handshake-interval"),
			Map.entry("maxMessageSize", "max-message-size"), Map.entry("maxFrames", "max-frames"),
			Map.entry("maxMultipartSize", "max-multipart-size"), Map.entry("maxSubscriptions", "max-subscriptions"),
			Map.entry("maxSubscriptionBytes", "max-subscription-bytes"),
			Map.entry("maxPendingHandshakes", "max-pending-handshakes"), Map.entry("reqPoolSize", "req-pool-size"),
			Map.entry("immediate", "immediate"),
			Map.entry("tcpKeepAlive", "tcp-keep-alive"), Map.entry("sendTimeout", "send-timeout"),
			Map.entry("publicKey", "security.curve.public-key"),
			Map.entry("secretKey", "security.curve.secret-key"), Map.entry("serverKey", "security.curve.server-key"));

	private final ZmqProperties properties;

	ZmqPropertiesMapper(ZmqProperties properties) {
		this.properties = properties;
	}

	void customizeEngineBuilder(ZmqEngine.Builder builder) {
		ZmqProperties.Engine engine = this.properties.getEngine();
		engineProperty("io-threads", engine.getIoThreads(), builder::ioThreads);
		engineProperty("close-timeout", engine.getCloseTimeout(), builder::closeTimeout);
	}

	/**
	 * Builds the authenticator of {@code zmq.security.authenticator.*}, reading its files.
	 * @param properties the authenticator properties
	 * @return the authenticator
	 * @throws InvalidZmqPropertyException naming the property when a key, a directory or a file is invalid
	 */
	static ZmqAuthenticator toAuthenticator(ZmqProperties.Authenticator properties) {
		String prefix = "zmq.security.authenticator.";
		try {
			ZmqAuthenticator.Builder builder = ZmqAuthenticator.builder();
			PropertyMapper map = PropertyMapper.get();
			map.from(properties::getAllowCurveKeys).to(builder::allowCurveKeys);
			map.from(properties::getAllowCurveKeyDirectory).to(builder::allowCurveKeyDirectory);
			map.from(properties::isAllowAnyCurveKey).whenTrue().to((any) -> builder.allowAnyCurveKey());
			map.from(properties::getPlainUsers).to(builder::plainUsers);
			map.from(properties::getPlainUsersFile).to(builder::plainUsersFile);
			map.from(properties::getAllowIps).as((ips) -> ips.toArray(new String[0])).to(builder::allowIps);
			map.from(properties::getDenyIps).as((ips) -> ips.toArray(new String[0])).to(builder::denyIps);
			if (properties.isReloadOnUpdate()) {
				builder.reloadOnUpdate(reloadQuietPeriod(properties));
			}
			return builder.build();
		}
		catch (InvalidSocketSpecException ex) {
			String field = ex.getField();
			String message = String.valueOf(ex.getMessage());
			String problem = message.startsWith(field + " ") ? message.substring(field.length() + 1)
					: message.startsWith(field + ": ") ? message.substring(field.length() + 2) : message;
			throw new InvalidZmqPropertyException(prefix + kebab(field), problem, ex);
		}
	}

	private static Duration reloadQuietPeriod(ZmqProperties.Authenticator properties) {
		String prefix = "zmq.security.authenticator.";
		if (properties.getAllowCurveKeyDirectory() == null && properties.getPlainUsersFile() == null) {
			throw new InvalidZmqPropertyException(prefix + "reload-on-update", "there is nothing to reload: set "
					+ prefix + "allow-curve-key-directory or " + prefix + "plain-users-file, or remove reload-on-update",
					null);
		}
		Duration quietPeriod = properties.getQuietPeriod();
		if (quietPeriod == null || quietPeriod.isNegative() || quietPeriod.isZero()) {
			throw new InvalidZmqPropertyException(prefix + "quiet-period", "'" + quietPeriod + "' must be positive "
					+ "(how long changed files must stay unchanged before they are reread, e.g. 10s)", null);
		}
		return quietPeriod;
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

	private static <T> void engineProperty(String name, T value, Consumer<T> setter) {
		try {
			setter.accept(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidZmqPropertyException("zmq.engine." + name, "'" + value + "' is invalid: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Applies {@code zmq.defaults.*} to a builder.
	 * @param builder the builder
	 */
	void applyDefaults(ZmqSocketSpec.Builder builder) {
		ZmqProperties.Defaults defaults = this.properties.getDefaults();
		PropertyMapper map = PropertyMapper.get();
		map.from(defaults::getSendHwm).to(builder::sendHighWaterMark);
		map.from(defaults::getReceiveHwm).to(builder::receiveHighWaterMark);
		map.from(defaults::getLinger).to(builder::linger);
		map.from(defaults::getReconnectInterval).to(builder::reconnectInterval);
		map.from(defaults::getReconnectIntervalMax).to(builder::reconnectIntervalMax);
		map.from(defaults::getHeartbeatInterval).to(builder::heartbeatInterval);
		map.from(defaults::getHeartbeatTimeout).to(builder::heartbeatTimeout);
		map.from(defaults::getHeartbeatTtl).to(builder::heartbeatTtl);
		map.from(defaults::getHandshakeInterval).to(builder::handshakeInterval);
		map.from(defaults::getMaxMessageSize).as(DataSize::toBytes).to(builder::maxMessageSize);
		map.from(defaults::getMaxFrames).to(builder::maxFrames);
		map.from(defaults::getMaxMultipartSize).as(DataSize::toBytes).to(builder::maxMultipartSize);
		map.from(defaults::getMaxSubscriptions).to(builder::maxSubscriptions);
		map.from(defaults::getMaxSubscriptionBytes).as(DataSize::toBytes).to(builder::maxSubscriptionBytes);
		map.from(defaults::getMaxPendingHandshakes).to(builder::maxPendingHandshakes);
		map.from(defaults::getReqPoolSize).to(builder::reqPoolSize);
		map.from(defaults::isImmediate).to(builder::immediate);
		map.from(defaults::getTcpKeepAlive).to(builder::tcpKeepAlive);
		map.from(defaults::getSendTimeout).to(builder::sendTimeout);
		builder.security(toSecurity(defaults.getSecurity()));
	}

	/**
	 * Checks {@code zmq.defaults.*} on their own, so that a bad default fails start-up even when no socket is declared.
	 */
	void validateDefaults() {
		ZmqSocketSpec.Builder builder = ZmqSocketSpec.builder("defaults", SocketType.DEALER);
		try {
			applyDefaults(builder);
			builder.build();
		}
		catch (InvalidSocketSpecException ex) {
			throw translate("defaults", null, ex);
		}
	}

	/**
	 * Maps every {@code zmq.sockets.<name>} to a spec through the factory (which applies the defaults and the
	 * customizers).
	 * @param factory the spec factory
	 * @return the specs by name, in declaration order
	 */
	Map<String, ZmqSocketSpec> toSocketSpecs(ZmqSocketSpecFactory factory) {
		Map<String, ZmqSocketSpec> specs = new LinkedHashMap<>();
		this.properties.getSockets().forEach((name, socket) -> specs.put(name, toSocketSpec(name, socket, factory)));
		return specs;
	}

	private ZmqSocketSpec toSocketSpec(String name, ZmqProperties.Socket socket, ZmqSocketSpecFactory factory) {
		String prefix = "zmq.sockets." + name;
		SocketType type = socket.getType();
		if (type == null) {
			throw new InvalidZmqPropertyException(prefix + ".type", "is missing: set it to one of "
					+ Arrays.toString(SocketType.values()), null);
		}
		if (socket.getBind().isEmpty() && socket.getConnect().isEmpty()) {
			throw new InvalidZmqPropertyException(prefix, "the " + type + " socket has no endpoint: set " + prefix
					+ ".bind (e.g. tcp://*:5556) or " + prefix + ".connect (e.g. tcp://localhost:5556)", null);
		}
		try {
			return factory.create(name, type, (builder) -> applySocket(socket, builder));
		}
		catch (InvalidSocketSpecException ex) {
			throw translate(name, socket, ex);
		}
	}

	static void applySocket(ZmqProperties.Socket socket, ZmqSocketSpec.Builder builder) {
		PropertyMapper map = PropertyMapper.get();
		builder.bind(socket.getBind().toArray(new String[0]));
		builder.connect(socket.getConnect().toArray(new String[0]));
		builder.subscribe(socket.getTopics().toArray(new String[0]));
		map.from(socket::getRoutingId).to(builder::routingId);
		map.from(socket::getSendHwm).to(builder::sendHighWaterMark);
		map.from(socket::getReceiveHwm).to(builder::receiveHighWaterMark);
		map.from(socket::getLinger).to(builder::linger);
		map.from(socket::getReconnectInterval).to(builder::reconnectInterval);
		map.from(socket::getReconnectIntervalMax).to(builder::reconnectIntervalMax);
		map.from(socket::getHeartbeatInterval).to(builder::heartbeatInterval);
		map.from(socket::getHeartbeatTimeout).to(builder::heartbeatTimeout);
		map.from(socket::getHeartbeatTtl).to(builder::heartbeatTtl);
		map.from(socket::getHandshakeInterval).to(builder::handshakeInterval);
		map.from(socket::getMaxMessageSize).as(DataSize::toBytes).to(builder::maxMessageSize);
		map.from(socket::getMaxFrames).to(builder::maxFrames);
		map.from(socket::getMaxMultipartSize).as(DataSize::toBytes).to(builder::maxMultipartSize);
		map.from(socket::getMaxSubscriptions).to(builder::maxSubscriptions);
		map.from(socket::getMaxSubscriptionBytes).as(DataSize::toBytes).to(builder::maxSubscriptionBytes);
		map.from(socket::getMaxPendingHandshakes).to(builder::maxPendingHandshakes);
		map.from(socket::getReqPoolSize).to(builder::reqPoolSize);
		map.from(socket::getImmediate).to(builder::immediate);
		map.from(socket::getTcpKeepAlive).to(builder::tcpKeepAlive);
		map.from(socket::getSendTimeout).to(builder::sendTimeout);
		if (socket.getSecurity().isConfigured()) {
			builder.security(toSecurity(socket.getSecurity()));
		}
	}

	/**
	 * Maps a {@code security} group onto the engine's settings, reading key files.
	 * @param security the group
	 * @return the settings, or {@code null} for the NULL mechanism
	 * @throws InvalidSocketSpecException whose field is the property below the socket ({@code security.curve.server-key});
	 * messages never quote a key or a password
	 */
	static @Nullable ZmqSecurity toSecurity(ZmqProperties.SocketSecurity security) {
		ZmqProperties.SocketSecurity.Mechanism mechanism = mechanism(security);
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

	private static ZmqProperties.SocketSecurity.Mechanism mechanism(ZmqProperties.SocketSecurity security) {
		boolean curve = security.getCurve().isConfigured();
		boolean plain = security.getPlain().isConfigured();
		ZmqProperties.SocketSecurity.Mechanism mechanism = security.getMechanism();
		if (mechanism != null) {
			return mechanism;
		}
		if (curve && plain) {
			throw new InvalidSocketSpecException("security.mechanism", "is ambiguous: both security.curve.* and "
					+ "security.plain.* are set; keep one, or set security.mechanism to CURVE or PLAIN");
		}
		return curve ? ZmqProperties.SocketSecurity.Mechanism.CURVE
				: plain ? ZmqProperties.SocketSecurity.Mechanism.PLAIN : ZmqProperties.SocketSecurity.Mechanism.NULL;
	}

	private static ZmqSecurity curve(ZmqProperties.Curve curve) {
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

	private static ZmqKeyPair ownKeys(ZmqProperties.Curve curve) {
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

	private static String serverKey(ZmqProperties.Curve curve) {
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

	private static ZmqSecurity plain(ZmqProperties.Plain plain) {
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

	private static InvalidZmqPropertyException translate(String name, ZmqProperties.@Nullable Socket socket,
			InvalidSocketSpecException ex) {
		String field = ex.getField();
		String property = PROPERTY_NAMES.getOrDefault(field, field);
		String path = (socket != null && setsItself(socket, field)) ? "zmq.sockets." + name + "." + property
				: "zmq.defaults." + property;
		String message = String.valueOf(ex.getMessage());
		String enginePrefix = "socket '" + name + "': " + field + " ";
		String problem = message.startsWith(enginePrefix) ? message.substring(enginePrefix.length()) : message;
		return new InvalidZmqPropertyException(path, problem, ex);
	}

	private static boolean setsItself(ZmqProperties.Socket socket, String field) {
		return switch (field) {
			case "sendHighWaterMark" -> socket.getSendHwm() != null;
			case "receiveHighWaterMark" -> socket.getReceiveHwm() != null;
			case "linger" -> socket.getLinger() != null;
			case "reconnectInterval" -> socket.getReconnectInterval() != null;
			// the rule compares it with reconnect-interval: blame the socket when it sets either
			case "reconnectIntervalMax" -> socket.getReconnectIntervalMax() != null || socket.getReconnectInterval() != null;
			case "heartbeatInterval" -> socket.getHeartbeatInterval() != null;
			case "heartbeatTimeout" -> socket.getHeartbeatTimeout() != null;
			case "heartbeatTtl" -> socket.getHeartbeatTtl() != null;
			case "handshakeInterval" -> socket.getHandshakeInterval() != null;
			case "maxMessageSize" -> socket.getMaxMessageSize() != null;
			case "maxFrames" -> socket.getMaxFrames() != null;
			// the rule compares it with max-message-size: blame the socket when it sets either
			case "maxMultipartSize" -> socket.getMaxMultipartSize() != null || socket.getMaxMessageSize() != null;
			case "maxSubscriptions" -> socket.getMaxSubscriptions() != null;
			case "maxSubscriptionBytes" -> socket.getMaxSubscriptionBytes() != null;
			case "maxPendingHandshakes" -> socket.getMaxPendingHandshakes() != null;
			case "reqPoolSize" -> socket.getReqPoolSize() != null;
			case "immediate" -> socket.getImmediate() != null;
			case "tcpKeepAlive" -> socket.getTcpKeepAlive() != null;
			case "sendTimeout" -> socket.getSendTimeout() != null;
			case "publicKey", "secretKey", "serverKey" -> socket.getSecurity().isConfigured();
			default -> !field.startsWith("security.") || socket.getSecurity().isConfigured();
		};
	}

}
