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
import io.github.zmqspring.listener.ZmqListenerErrorHandler;
import io.github.zmqspring.listener.ZmqMessageListener;
import io.github.zmqspring.support.DefaultZmqMessageCodec;
import io.github.zmqspring.support.DefaultZmqMessageMapper;
import io.github.zmqspring.support.ZmqMessageCodec;
import io.github.zmqspring.support.ZmqMessageMapper;
import io.github.zmqspring.support.ZmqMetrics;
import io.github.zmqspring.support.ZmqSocketRegistry;
import io.github.zmqspring.support.ZmqSocketSpecFactory;
import io.github.zmqspring.support.ZmqSockets;

/**
 * The default {@link ZmqListenerContainerFactory}: builds a {@link DefaultZmqListenerContainer} on one engine, with
 * the factory's defaults (concurrency 1, auto-startup on, {@link DefaultZmqListenerErrorHandler},
 * {@link ErrorReplyFactory#DEFAULT}) where the endpoint sets nothing, then applies the customizers in order.
 * Configure with the setters before the first container is created; thread-safe afterwards.
 */
public class DefaultZmqListenerContainerFactory implements ZmqListenerContainerFactory<DefaultZmqListenerContainer> {

	private final ZmqEngine engine;

	private ZmqMessageCodec messageCodec;

	private ZmqSocketRegistry namedSockets;

	private ZmqSocketSpecFactory socketSpecFactory = (name, type, configurer) -> {
		ZmqSocketSpec.Builder builder = ZmqSocketSpec.builder(name, type);
		configurer.accept(builder);
		return builder.build();
	};

	private ZmqMetrics metrics = ZmqMetrics.NONE;

	private ZmqListenerErrorHandler errorHandler = new DefaultZmqListenerErrorHandler();

	private ErrorReplyFactory errorReplyFactory = ErrorReplyFactory.DEFAULT;

	private int concurrency = 1;

	private boolean autoStartup = true;

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
		this.messageCodec = messageCodec;
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
	 * Sets the codec between frames and Spring messages.
	 * @param messageCodec the codec
	 */
	public void setMessageCodec(ZmqMessageCodec messageCodec) {
		Assert.notNull(messageCodec, "'messageCodec' must not be null");
		this.messageCodec = messageCodec;
	}

	/**
	 * Sets the mapper between frames and Spring messages.
	 * @param messageMapper the mapper
	 * @deprecated since 0.1.0 in favour of {@link #setMessageCodec(ZmqMessageCodec)}: this sets a
	 * {@link DefaultZmqMessageCodec} over the mapper and the current codec's converter
	 */
	@Deprecated(since = "0.1.0")
	public void setMessageMapper(ZmqMessageMapper messageMapper) {
		Assert.notNull(messageMapper, "'messageMapper' must not be null");
		this.messageCodec = new DefaultZmqMessageCodec(messageMapper, this.messageCodec.getMessageConverter());
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
	 * Sets where containers report their sockets and conversion errors (default {@link ZmqMetrics#NONE}).
	 * @param metrics the metrics
	 */
	public void setMetrics(ZmqMetrics metrics) {
		Assert.notNull(metrics, "'metrics' must not be null");
		this.metrics = metrics;
	}

	/**
	 * Sets the error handler of listeners that name none (default {@link DefaultZmqListenerErrorHandler}).
	 * @param errorHandler the error handler
	 */
	public void setErrorHandler(ZmqListenerErrorHandler errorHandler) {
		Assert.notNull(errorHandler, "'errorHandler' must not be null");
		this.errorHandler = errorHandler;
	}

	/**
	 * Sets the error reply of REP/ROUTER listeners (default {@link ErrorReplyFactory#DEFAULT}).
	 * @param errorReplyFactory the factory
	 */
	public void setErrorReplyFactory(ErrorReplyFactory errorReplyFactory) {
		Assert.notNull(errorReplyFactory, "'errorReplyFactory' must not be null");
		this.errorReplyFactory = errorReplyFactory;
	}

	/**
	 * Sets the concurrency of listeners that set none (default 1).
	 * @param concurrency at least 1
	 */
	public void setConcurrency(int concurrency) {
		Assert.isTrue(concurrency >= 1, () -> "concurrency '" + concurrency + "' must be at least 1");
		this.concurrency = concurrency;
	}

	/**
	 * Sets whether containers of listeners that set nothing start with the context (default {@code true}).
	 * @param autoStartup the flag
	 */
	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	/**
	 * Adds customizers, applied in the given order after the factory's settings.
	 * @param customizers the customizers
	 */
	public void addContainerCustomizers(List<ZmqListenerContainerCustomizer> customizers) {
		this.customizers.addAll(customizers);
	}

	/**
	 * The message converter: the codec's.
	 * @return the converter
	 */
	public MessageConverter getMessageConverter() {
		return this.messageCodec.getMessageConverter();
	}

	/**
	 * The codec between frames and Spring messages.
	 * @return the codec
	 */
	public ZmqMessageCodec getMessageCodec() {
		return this.messageCodec;
	}

	@Override
	public DefaultZmqListenerContainer createListenerContainer(ZmqListenerEndpoint endpoint) {
		Assert.notNull(endpoint, "'endpoint' must not be null");
		ZmqSocketSpec spec = endpoint.createSocketSpec(this.namedSockets, this.socketSpecFactory);
		ZmqMessageListener listener = endpoint.createMessageListener(this.messageCodec, this.namedSockets);
		DefaultZmqListenerContainer container = new DefaultZmqListenerContainer(endpoint.getId(), this.engine, spec,
				listener);
		container.setMessageCodec(this.messageCodec);
		container.setErrorReplyFactory(this.errorReplyFactory);
		container.setMetrics(this.metrics);
		ZmqListenerErrorHandler endpointErrorHandler = endpoint.getErrorHandler();
		container.setErrorHandler((endpointErrorHandler != null) ? endpointErrorHandler : this.errorHandler);
		Integer endpointConcurrency = endpoint.getConcurrency();
		container.setConcurrency((endpointConcurrency != null) ? endpointConcurrency : this.concurrency);
		Boolean endpointAutoStartup = endpoint.getAutoStartup();
		container.setAutoStartup((endpointAutoStartup != null) ? endpointAutoStartup : this.autoStartup);
		for (ZmqListenerContainerCustomizer customizer : this.customizers) {
			customizer.customize(container);
		}
		return container;
	}

}
