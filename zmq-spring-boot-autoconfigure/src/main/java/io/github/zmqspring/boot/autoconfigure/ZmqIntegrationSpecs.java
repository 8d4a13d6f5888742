package io.github.zmqspring.boot.autoconfigure;

import java.util.List;
import java.util.Objects;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.util.unit.DataSize;

import io.github.zmqspring.boot.autoconfigure.ZmqIntegrationProperties.Endpoint;
import io.github.zmqspring.core.InvalidSocketSpecException;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * Maps a {@code zmq.integration.*} entry onto a {@link ZmqSocketSpec}; a spec the engine rejects fails with the
 * property that holds the bad value.
 */
final class ZmqIntegrationSpecs {

	private ZmqIntegrationSpecs() {
	}

	static ZmqSocketSpec toSpec(String prefix, String name, Endpoint entry, List<String> topics) {
		ZmqSocketSpec.Builder builder = ZmqSocketSpec.builder(name, Objects.requireNonNull(entry.getType()));
		PropertyMapper map = PropertyMapper.get();
		builder.bind(entry.getBind().toArray(String[]::new));
		builder.connect(entry.getConnect().toArray(String[]::new));
		if (entry.getType() == SocketType.SUB) {
			builder.subscribe(topics.toArray(String[]::new));
		}
		map.from(entry.getRoutingId()).to(builder::routingId);
		map.from(entry.getSendHighWaterMark()).to(builder::sendHighWaterMark);
		map.from(entry.getReceiveHighWaterMark()).to(builder::receiveHighWaterMark);
		map.from(entry.getLinger()).to(builder::linger);
		map.from(entry.getReconnectInterval()).to(builder::reconnectInterval);
		map.from(entry.getHeartbeatInterval()).to(builder::heartbeatInterval);
		map.from(entry.getMaxMessageSize()).as(DataSize::toBytes).to(builder::maxMessageSize);
		map.from(entry.getSendTimeout()).to(builder::sendTimeout);
		try {
			return builder.build();
		}
		catch (InvalidSocketSpecException ex) {
			throw new IllegalStateException(prefix + "." + propertyName(ex.getField()) + ": " + ex.getMessage(), ex);
		}
	}

	/** The builder method name as the property that feeds it ({@code sendHighWaterMark} -> {@code send-high-water-mark}). */
	static String propertyName(String field) {
		if (field.equals("subscriptions")) {
			return "topics";
		}
		StringBuilder property = new StringBuilder();
		for (char c : field.toCharArray()) {
			if (Character.isUpperCase(c)) {
				property.append('-').append(Character.toLowerCase(c));
			}
			else {
				property.append(c);
			}
		}
		return property.toString();
	}

}
