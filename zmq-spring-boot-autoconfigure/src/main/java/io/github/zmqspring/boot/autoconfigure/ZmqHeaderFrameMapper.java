package io.github.zmqspring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.support.ZmqHeaderFramePolicy;
import io.github.zmqspring.support.ZmqHeaderFrameSettings;

/**
 * Maps the {@code headers} groups of {@code zmq.defaults}, {@code zmq.sockets.<name>} and the {@code zmq.integration}
 * entries to the codec's {@link ZmqHeaderFramePolicy}, by socket name. Sockets not named there (a
 * {@code @ZmqListener}'s own socket, named after its id) take {@code zmq.defaults.headers}.
 */
final class ZmqHeaderFrameMapper {

	private final ZmqProperties properties;

	ZmqHeaderFrameMapper(ZmqProperties properties) {
		this.properties = properties;
	}

	ZmqHeaderFramePolicy toPolicy(Environment environment) {
		ZmqIntegrationProperties integration = new ZmqIntegrationProperties();
		Binder.get(environment)
			.bind("zmq.integration", Bindable.ofInstance(integration),
					new ZmqSocketOptionsBindHandler(BindHandler.DEFAULT));
		return toPolicy(integration);
	}

	ZmqHeaderFramePolicy toPolicy(ZmqIntegrationProperties integration) {
		ZmqSocketHeaders defaults = this.properties.getDefaults().getHeaders();
		ZmqHeaderFrameSettings defaultSettings = new ZmqSocketHeaders().toSettings("zmq.defaults", defaults);
		Map<String, ZmqHeaderFrameSettings> sockets = new LinkedHashMap<>();
		Map<String, String> prefixes = new LinkedHashMap<>();
		this.properties.getSockets()
			.forEach((name, socket) -> put(sockets, prefixes, "zmq.sockets." + name, name, socket, defaults));
		integration.getInbound()
			.forEach((name, entry) -> put(sockets, prefixes, "zmq.integration.inbound." + name, name, entry.socket(),
					defaults));
		integration.getOutbound()
			.forEach((name, entry) -> put(sockets, prefixes, "zmq.integration.outbound." + name, name, entry.socket(),
					defaults));
		integration.getInboundGateways()
			.forEach((name, entry) -> put(sockets, prefixes, "zmq.integration.inbound-gateways." + name, name,
					entry.socket(), defaults));
		integration.getOutboundGateways()
			.forEach((name, entry) -> put(sockets, prefixes, "zmq.integration.outbound-gateways." + name, name,
					entry.socket(), defaults));
		return ZmqHeaderFramePolicy.of(defaultSettings, sockets);
	}

	private static void put(Map<String, ZmqHeaderFrameSettings> sockets, Map<String, String> prefixes, String prefix,
			String name, ZmqSocketProperties socket, ZmqSocketHeaders defaults) {
		ZmqSocketHeaders own = socket.options().getHeaders();
		if (socket.getType() == SocketType.STREAM && Boolean.TRUE.equals(own.getEnabled())) {
			throw new InvalidZmqPropertyException(prefix + ".headers.enabled", "a STREAM socket carries raw TCP "
					+ "bytes, not ZeroMQ frames, so it has no header frame; remove the key", null);
		}
		ZmqHeaderFrameSettings settings = own.toSettings(prefix, defaults);
		String previous = prefixes.putIfAbsent(name, prefix);
		if (previous != null && !settings.equals(sockets.get(name))) {
			throw new InvalidZmqPropertyException(prefix + ".headers", "the socket name '" + name + "' is also "
					+ previous + ", whose header frame settings differ; the codec knows sockets by name: give both "
					+ "the same headers settings or rename one", null);
		}
		sockets.put(name, settings);
	}

}
