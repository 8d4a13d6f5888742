package io.github.zmqspring.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.messaging.converter.MessageConverter;
import org.springframework.util.Assert;

import io.github.zmqspring.core.ErrorReplyFactory;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.listener.DefaultZmqListenerContainer;
import io.github.zmqspring.listener.DefaultZmqListenerErrorHandler;
import io.github.zmqspring.listener.ZmqListenerContainerCustomizer;
import io.github.zmqspring.listener.ZmqListenerContainerProperties;
import io.github.zmqspring.listener.ZmqListenerErrorHandler;
import io.github.zmqspring.listener.ZmqMessageListener;
import io.github.zmqspring.support.DefaultZmqMessageCodec;
import io.github.zmqspring.support.DefaultZmqMessageMapper;
import io.github.zmqspring.support.ZmqMessageCodec;
import io.github.zmqspring.support.ZmqMetrics;
import io.github.zmqspring.support.ZmqSocketRegistry;
import io.github.zmqspring.support.ZmqSocketSpecFactory;
import io.github.zmqspring.support.ZmqSockets;

/**
 * The default {@link ZmqListenerContainerFactory}: builds a {@link DefaultZmqListenerContainer} on one engine with a
 * copy of the factory's {@linkplain #getContainerProperties() container properties} (concurrency 1, auto-startup on,
 * {@link DefaultZmqListenerErrorHandler}, {@link ErrorReplyFactory#DEFAULT} unless configured), overridden by what
 * the endpoint sets, then applies the customizers in order. Configure before the first container is created;
 * thread-safe afterwards.
 */
public class DefaultZmqListenerContainerFactory implements ZmqListenerContainerFactory<DefaultZmqListenerContainer> {

	private final ZmqEngine engine;

	private final ZmqListenerContainerProperties containerProperties = new ZmqListenerContainerProperties();

	private ZmqSocketRegistry namedSockets;

	private ZmqSocketSpecFactory socketSpecFactory = (name, type, configurer) -> {
		ZmqSocketSpec.Builder builder = ZmqSocketSpec.builder(name, type);
		configurer.accept(builder);
		return builder.build();
	};

	private final List<ZmqListenerContainerCustomizer> customizers = new ArrayList<>();

	/**
	 * Creates a factory.
	 * @param engine the engine the containers open their sockets on
	 * @param messageCodec converts received frames to Spring messages and return values back to frames; its
	 * converter resolves the listener methods' payload arguments
	 */
	public DefaultZmqListenerContainerFactory(ZmqEngine engine, ZmqMessageCodec messageCodec) {
		Assert.notNull(engine, "'engine' must not be null");
		Assert.notNull(messageCodec, "'messageCodec' must not be null");
		this.engine = engine;
		this.containerProperties.setMessageCodec(messageCodec);
		this.namedSockets = new ZmqSockets(engine, Map.of(), true, ZmqMetrics.NONE);
	}

	/**
	 * Creates a factory with a {@link DefaultZmqMessageCodec} over the {@link DefaultZmqMessageMapper} and the
	 * converter.
	 * @param engine the engine the containers open their sockets on
	 * @param messageConverter converts payloads from {@code byte[]} to the listener method's arguments and return
	 * values back to {@code byte[]}
	 */
	public DefaultZmqListenerContainerFactory(ZmqEngine engine, MessageConverter messageConverter) {
		this(engine, new DefaultZmqMessageCodec(new DefaultZmqMessageMapper(), messageConverter));
	}

	/**
	 * Sets the named sockets: those a listener receives on ({@code @ZmqListener(socket = ...)}) and those it forwards
	 * to ({@code @SendTo}), which the registry opens, shares with the template and closes (default: none).
	 * @param namedSockets the registry
	 */
	public void setSocketRegistry(ZmqSocketRegistry namedSockets) {
		Assert.notNull(namedSockets, "'namedSockets' must not be null");
		this.namedSockets = namedSockets;
	}

	/**
	 * Sets how the specs of sockets described on the annotation (not named) are built (default: the engine's
	 * defaults; the auto-configuration applies {@code zmq.defaults.*}).
	 * @param socketSpecFactory the spec factory
	 */
	public void setSocketSpecFactory(ZmqSocketSpecFactory socketSpecFactory) {
		Assert.notNull(socketSpecFactory, "'socketSpecFactory' must not be null");
		this.socketSpecFactory = socketSpecFactory;
	}

	/**
	 * The settings every container starts from (codec, error handler, error reply, metrics, concurrency,
	 * auto-startup, phase): configure them here; each container gets its own copy, with its endpoint's settings
	 * applied, then the customizers.
	 * @return the factory's container properties
	 */
	public ZmqListenerContainerProperties getContainerProperties() {
		return this.containerProperties;
	}

	/**
	 * Adds customizers, applied in the given order after the factory's settings.
	 * @param customizers the customizers
	 */
	public void addContainerCustomizers(List<ZmqListenerContainerCustomizer> customizers) {
		this.customizers.addAll(customizers);
	}

	@Override
	public DefaultZmqListenerContainer createListenerContainer(ZmqListenerEndpoint endpoint) {
		Assert.notNull(endpoint, "'endpoint' must not be null");
		ZmqSocketSpec spec = endpoint.createSocketSpec(this.namedSockets, this.socketSpecFactory);
		ZmqMessageListener listener = endpoint.createMessageListener(this.containerProperties.getMessageCodec(),
				this.namedSockets);
		DefaultZmqListenerContainer container = new DefaultZmqListenerContainer(endpoint.getId(), this.engine, spec,
				listener, this.containerProperties);
		ZmqListenerContainerProperties properties = container.getContainerProperties();
		ZmqListenerErrorHandler endpointErrorHandler = endpoint.getErrorHandler();
		if (endpointErrorHandler != null) {
			properties.setErrorHandler(endpointErrorHandler);
		}
		Integer endpointConcurrency = endpoint.getConcurrency();
		if (endpointConcurrency != null) {
			properties.setConcurrency(endpointConcurrency);
		}
		Boolean endpointAutoStartup = endpoint.getAutoStartup();
		if (endpointAutoStartup != null) {
			properties.setAutoStartup(endpointAutoStartup);
		}
		for (ZmqListenerContainerCustomizer customizer : this.customizers) {
			customizer.customize(container);
		}
		return container;
	}

}
