package io.github.zmqspring.boot.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.unit.DataSize;

import io.github.zmqspring.core.InvalidSocketSpecException;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqAuthenticator;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.ZmqProxyLifecycle;
import io.github.zmqspring.support.ZmqSocketSpecFactory;

/**
 * Maps {@link ZmqProperties} onto the engine's builders: the engine, the authenticator, and every socket as its layers
 * in order ({@code zmq.defaults}, then the socket's own options and endpoints), each option mapped once, here. An
 * invalid value fails with an {@link InvalidZmqPropertyException} naming the property (the socket's own when it set
 * the option, else the one under {@code zmq.defaults}) and the value, found by {@link ZmqSocketSpecDiagnosis}.
 */
final class ZmqPropertiesMapper {

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
		applyOptions(this.properties.getDefaults(), builder);
	}

	/**
	 * Applies the options that are set; an unset option leaves the builder's value (a default, or the engine's).
	 * @param options the options
	 * @param builder the builder
	 * @throws InvalidSocketSpecException when the security group is invalid
	 */
	static void applyOptions(ZmqSocketOptions options, ZmqSocketSpec.Builder builder) {
		PropertyMapper map = PropertyMapper.get();
		map.from(options::getSendHwm).to(builder::sendHighWaterMark);
		map.from(options::getReceiveHwm).to(builder::receiveHighWaterMark);
		map.from(options::getLinger).to(builder::linger);
		map.from(options::getSendTimeout).to(builder::sendTimeout);
		map.from(options::getReconnectInterval).to(builder::reconnectInterval);
		map.from(options::getReconnectIntervalMax).to(builder::reconnectIntervalMax);
		map.from(options::getHeartbeatInterval).to(builder::heartbeatInterval);
		map.from(options::getHeartbeatTimeout).to(builder::heartbeatTimeout);
		map.from(options::getHeartbeatTtl).to(builder::heartbeatTtl);
		map.from(options::getHandshakeInterval).to(builder::handshakeInterval);
		map.from(options::getMaxMessageSize).as(DataSize::toBytes).to(builder::maxMessageSize);
		map.from(options::getMaxFrames).to(builder::maxFrames);
		map.from(options::getMaxMultipartSize).as(DataSize::toBytes).to(builder::maxMultipartSize);
		map.from(options::getMaxSubscriptions).to(builder::maxSubscriptions);
		map.from(options::getMaxSubscriptionBytes).as(DataSize::toBytes).to(builder::maxSubscriptionBytes);
		map.from(options::getMaxPendingHandshakes).to(builder::maxPendingHandshakes);
		map.from(options::getReqPoolSize).to(builder::reqPoolSize);
		map.from(options::getImmediate).to(builder::immediate);
		map.from(options::getTcpKeepAlive).to(builder::tcpKeepAlive);
		map.from(options::getRouterHandover).to(builder::routerHandover);
		map.from(options::getRouterMandatory).to(builder::routerMandatory);
		map.from(options::getXpubVerbose).to(builder::xpubVerbose);
		map.from(options::getXpubNoDrop).to(builder::xpubNoDrop);
		if (options.getSecurity().isConfigured()) {
			builder.security(ZmqSecurityMapper.toSecurity(options.getSecurity()));
		}
		if (options.getRequestRetry().isConfigured()) {
			builder.requestRetry(options.getRequestRetry().toPolicy());
		}
	}

	/**
	 * Applies what only a socket has: its endpoints, topics and routing id (not its options).
	 * @param socket the socket
	 * @param builder the builder
	 */
	static void applyEndpoints(ZmqSocketProperties socket, ZmqSocketSpec.Builder builder) {
		builder.bind(socket.getBind().toArray(new String[0]));
		builder.connect(socket.getConnect().toArray(new String[0]));
		builder.subscribe(socket.getTopics().toArray(new String[0]));
		PropertyMapper.get().from(socket::getRoutingId).to(builder::routingId);
	}

	/**
	 * Checks {@code zmq.defaults.*} on their own, so that a bad default fails start-up even when no socket is declared.
	 */
	void validateDefaults() {
		List<ZmqSocketSpecDiagnosis.Layer<?>> layers = List.of(defaultsLayer());
		try {
			ZmqSocketSpecDiagnosis.build("defaults", SocketType.DEALER, layers);
		}
		catch (InvalidSocketSpecException ex) {
			throw ZmqSocketSpecDiagnosis.explain("defaults", SocketType.DEALER, layers, ex);
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
		this.properties.getSockets()
			.forEach((name, socket) -> specs.put(name, checkedSpec("zmq.sockets." + name, name, socket, factory)));
		return specs;
	}

	/**
	 * Builds the proxies of {@code zmq.proxies.*}; their sockets are named {@code <name>-frontend},
	 * {@code <name>-backend} and {@code <name>-capture}.
	 * @param engine the engine
	 * @param factory the factory that applies {@code zmq.defaults.*} and the customizers
	 * @return the proxies by name, not started
	 * @throws InvalidZmqPropertyException naming the property when a side is missing, invalid or of the wrong type
	 */
	Map<String, ZmqProxyLifecycle> toProxies(ZmqEngine engine, ZmqSocketSpecFactory factory) {
		Map<String, ZmqProxyLifecycle> proxies = new LinkedHashMap<>();
		this.properties.getProxies().forEach((name, proxy) -> {
			String prefix = "zmq.proxies." + name;
			ZmqSocketSpec frontend = checkedSpec(prefix + ".frontend", name + "-frontend", proxy.getFrontend(), factory);
			SocketType expected = ZmqProxyLifecycle.VALID_SOCKET_TYPES.get(frontend.type());
			if (expected == null) {
				throw new InvalidZmqPropertyException(prefix + ".frontend.type", "'" + frontend.type() + "' cannot be "
						+ "a proxy's frontend: use ROUTER (with a DEALER backend), XSUB (with XPUB) or PULL (with PUSH)",
						null);
			}
			ZmqSocketSpec backend = checkedSpec(prefix + ".backend", name + "-backend", proxy.getBackend(), factory);
			if (backend.type() != expected) {
				throw new InvalidZmqPropertyException(prefix + ".backend.type", "'" + backend.type() + "' does not go "
						+ "with a " + frontend.type() + " frontend: use " + expected, null);
			}
			ZmqSocketProperties captureSocket = proxy.getCapture();
			ZmqSocketSpec capture = (captureSocket != null)
					? checkedSpec(prefix + ".capture", name + "-capture", captureSocket, factory) : null;
			ZmqProxyLifecycle lifecycle = new ZmqProxyLifecycle(engine, frontend, backend, capture);
			lifecycle.setAutoStartup(proxy.isAutoStartup());
			proxies.put(name, lifecycle);
		});
		return proxies;
	}

	/** The spec of a socket of the configuration, after checking that it has a type and an endpoint. */
	private ZmqSocketSpec checkedSpec(String prefix, String name, ZmqSocketProperties socket,
			ZmqSocketSpecFactory factory) {
		SocketType type = socket.getType();
		if (type == null) {
			throw new InvalidZmqPropertyException(prefix + ".type", "is missing: set it to one of "
					+ Arrays.toString(SocketType.values()), null);
		}
		if (socket.getBind().isEmpty() && socket.getConnect().isEmpty()) {
			throw new InvalidZmqPropertyException(prefix, "the " + type + " socket has no endpoint: set " + prefix
					+ ".bind (e.g. tcp://*:5556) or " + prefix + ".connect (e.g. tcp://localhost:5556)", null);
		}
		return toSpec(prefix, name, socket, factory);
	}

	/**
	 * Builds the spec of one socket of the configuration (a named socket or an integration entry's).
	 * @param prefix the socket's property prefix, e.g. {@code zmq.sockets.tasks}
	 * @param name the socket name
	 * @param socket the socket, whose type is set
	 * @param factory the factory that applies {@code zmq.defaults.*} and the customizers, or {@code null} for this
	 * mapper's defaults only
	 * @return the spec
	 * @throws InvalidZmqPropertyException naming the property and the value when the spec is invalid
	 */
	ZmqSocketSpec toSpec(String prefix, String name, ZmqSocketProperties socket, @Nullable ZmqSocketSpecFactory factory) {
		SocketType type = Objects.requireNonNull(socket.getType(), "'type' must be checked before");
		List<ZmqSocketSpecDiagnosis.Layer<?>> layers = List.of(defaultsLayer(),
				new ZmqSocketSpecDiagnosis.Layer<>(prefix, socket.options(), ZmqPropertiesMapper::applyOptions),
				new ZmqSocketSpecDiagnosis.Layer<>(prefix, socket, ZmqPropertiesMapper::applyEndpoints));
		try {
			if (factory == null) {
				return ZmqSocketSpecDiagnosis.build(name, type, layers);
			}
			return factory.create(name, type, (builder) -> {
				applyOptions(socket.options(), builder);
				applyEndpoints(socket, builder);
			});
		}
		catch (InvalidSocketSpecException ex) {
			throw ZmqSocketSpecDiagnosis.explain(name, type, layers, ex);
		}
	}

	private ZmqSocketSpecDiagnosis.Layer<ZmqSocketOptions> defaultsLayer() {
		return new ZmqSocketSpecDiagnosis.Layer<>("zmq.defaults", this.properties.getDefaults(),
				ZmqPropertiesMapper::applyOptions);
	}

}
