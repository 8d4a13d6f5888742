package io.github.zmqspring.boot.autoconfigure;

import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;

import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqProxy;

/**
 * Publishes the actual TCP port of every open socket of the engine as {@code local.zmq.port.<socket name>}, as Spring
 * Boot publishes {@code local.server.port}: the named sockets ({@code zmq.sockets.<name>}), the listeners' sockets
 * (named after the {@code zmq.sockets} entry they use, or the listener id), the Spring Integration adapters' sockets,
 * and the proxies ({@code local.zmq.port.<proxy name>.frontend} and {@code .backend}). A bind to port {@code *} or
 * {@code 0} is published with the port the system chose.
 * <p>
 * The property source is live: it reads the engine's sockets on every lookup, so a port is there as soon as its socket
 * is bound (for the sockets opened at start-up, once the context has started: read it from a test, an
 * {@code ApplicationRunner} or an {@code ApplicationStartedEvent} listener, not while beans are created) and gone once
 * the socket is closed. The first TCP bind of a socket counts; when several open sockets share a name, the lowest port.
 * The source is added first to the environment, and removed when the context closes.
 */
final class ZmqLocalPorts implements InitializingBean, DisposableBean {

	/** The name of the property source in the environment. */
	static final String PROPERTY_SOURCE_NAME = "zmq.ports";

	/** The prefix of every published property. */
	static final String PREFIX = "local.zmq.port.";

	private final ConfigurableEnvironment environment;

	private final PortsPropertySource source;

	ZmqLocalPorts(ZmqEngine engine, ConfigurableEnvironment environment) {
		this.environment = environment;
		this.source = new PortsPropertySource(engine);
	}

	@Override
	public void afterPropertiesSet() {
		MutablePropertySources sources = this.environment.getPropertySources();
		if (sources.contains(PROPERTY_SOURCE_NAME)) {
			sources.replace(PROPERTY_SOURCE_NAME, this.source);
		}
		else {
			sources.addFirst(this.source);
		}
	}

	@Override
	public void destroy() {
		MutablePropertySources sources = this.environment.getPropertySources();
		if (sources.get(PROPERTY_SOURCE_NAME) == this.source) {
			sources.remove(PROPERTY_SOURCE_NAME);
		}
	}

	/** Reads the ports from the engine on every call. */
	static final class PortsPropertySource extends EnumerablePropertySource<ZmqEngine> {

		PortsPropertySource(ZmqEngine engine) {
			super(PROPERTY_SOURCE_NAME, engine);
		}

		@Override
		public String[] getPropertyNames() {
			return ports().keySet().toArray(String[]::new);
		}

		@Override
		public @Nullable Object getProperty(String name) {
			if (!name.startsWith(PREFIX)) {
				return null;
			}
			return ports().get(name);
		}

		@Override
		public boolean containsProperty(String name) {
			return getProperty(name) != null;
		}

		private Map<String, Integer> ports() {
			Map<String, Integer> ports = new TreeMap<>();
			for (ManagedSocket socket : getSource().sockets()) {
				int port = socket.boundPort();
				if (port > 0) {
					ports.merge(PREFIX + socket.name(), port, Math::min);
				}
			}
			for (ZmqProxy proxy : getSource().proxies()) {
				put(ports, PREFIX + proxy.name() + ".frontend", proxy.frontendEndpoints().toArray(String[]::new));
				put(ports, PREFIX + proxy.name() + ".backend", proxy.backendEndpoints().toArray(String[]::new));
			}
			return ports;
		}

		private static void put(Map<String, Integer> ports, String name, String[] endpoints) {
			for (String endpoint : endpoints) {
				if (endpoint.startsWith("tcp://")) {
					ports.merge(name, Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1)), Math::min);
					return;
				}
			}
		}

	}

}
