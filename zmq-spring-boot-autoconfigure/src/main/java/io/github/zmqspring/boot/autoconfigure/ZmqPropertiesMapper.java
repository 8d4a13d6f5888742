package io.github.zmqspring.boot.autoconfigure;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.unit.DataSize;

import io.github.zmqspring.core.InvalidSocketSpecException;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.ZmqSocketSpecFactory;

/**
 * Maps {@link ZmqProperties} onto the engine's builders. An invalid value fails with an
 * {@link InvalidZmqPropertyException} naming the property (the socket's own when it sets the option, else the one
 * under {@code zmq.defaults}) and the value.
 */
final class ZmqPropertiesMapper {

	/** Spec builder method names (InvalidSocketSpecException#getField) and the property names they come from. */
	private static final Map<String, String> PROPERTY_NAMES = Map.ofEntries(Map.entry("bind", "bind"),
			Map.entry("connect", "connect"), Map.entry("subscriptions", "topics"), Map.entry("routingId", "routing-id"),
			Map.entry("sendHighWaterMark", "send-hwm"), Map.entry("receiveHighWaterMark", "receive-hwm"),
			Map.entry("linger", "linger"), Map.entry("reconnectInterval", "reconnect-interval"),
			Map.entry("reconnectIntervalMax", "reconnect-interval-max"),
			Map.entry("heartbeatInterval", "heartbeat-interval"), Map.entry("heartbeatTimeout", "heartbeat-timeout"),
			Map.entry("heartbeatTtl", "heartbeat-ttl"), Map.entry("handshakeInterval", "handshake-interval"),
			Map.entry("maxMessageSize", "max-message-size"), Map.entry("immediate", "immediate"),
			Map.entry("tcpKeepAlive", "tcp-keep-alive"), Map.entry("sendTimeout", "send-timeout"),
			Map.entry("sendQueueCapacity", "send-queue-capacity"));

	private final ZmqProperties properties;

	ZmqPropertiesMapper(ZmqProperties properties) {
		this.properties = properties;
	}

	void customizeEngineBuilder(ZmqEngine.Builder builder) {
		ZmqProperties.Engine engine = this.properties.getEngine();
		engineProperty("io-threads", engine.getIoThreads(), builder::ioThreads);
		engineProperty("handshake-stall-timeout", engine.getHandshakeStallTimeout(), builder::handshakeStallTimeout);
		engineProperty("close-timeout", engine.getCloseTimeout(), builder::closeTimeout);
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
		map.from(defaults::isImmediate).to(builder::immediate);
		map.from(defaults::getTcpKeepAlive).to(builder::tcpKeepAlive);
		map.from(defaults::getSendTimeout).to(builder::sendTimeout);
		map.from(defaults::getSendQueueCapacity).to(builder::sendQueueCapacity);
	}

	/**
	 * Checks {@code zmq.defaults.*} on their own, so that a bad default fails start-up even when no socket is declared.
	 */
	void validateDefaults() {
		ZmqSocketSpec.Builder builder = ZmqSocketSpec.builder("defaults", SocketType.DEALER);
		applyDefaults(builder);
		try {
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

	private static void applySocket(ZmqProperties.Socket socket, ZmqSocketSpec.Builder builder) {
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
		map.from(socket::getImmediate).to(builder::immediate);
		map.from(socket::getTcpKeepAlive).to(builder::tcpKeepAlive);
		map.from(socket::getSendTimeout).to(builder::sendTimeout);
		map.from(socket::getSendQueueCapacity).to(builder::sendQueueCapacity);
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
			case "immediate" -> socket.getImmediate() != null;
			case "tcpKeepAlive" -> socket.getTcpKeepAlive() != null;
			case "sendTimeout" -> socket.getSendTimeout() != null;
			case "sendQueueCapacity" -> socket.getSendQueueCapacity() != null;
			default -> true;
		};
	}

}
