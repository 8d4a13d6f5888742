package io.github.zmqspring.config;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.converter.MessageConverter;

import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.listener.ZmqListenerErrorHandler;
import io.github.zmqspring.listener.ZmqMessageListener;
import io.github.zmqspring.support.DefaultZmqMessageCodec;
import io.github.zmqspring.support.ZmqMessageCodec;
import io.github.zmqspring.support.ZmqMessageMapper;
import io.github.zmqspring.support.ZmqSocketRegistry;
import io.github.zmqspring.support.ZmqSocketSpecFactory;

/**
 * One listener as declared (by {@code @ZmqListener}, or programmatically): what a
 * {@link ZmqListenerContainerFactory} needs to build its container. Values left {@code null} take the factory's
 * defaults.
 */
public interface ZmqListenerEndpoint {

	/**
	 * The endpoint's id, unique in the registry.
	 * @return the id
	 */
	String getId();

	/**
	 * The number of handler threads.
	 * @return the concurrency, or {@code null} for the factory's
	 */
	@Nullable Integer getConcurrency();

	/**
	 * Whether the container starts with the application context.
	 * @return the flag, or {@code null} for the factory's
	 */
	@Nullable Boolean getAutoStartup();

	/**
	 * The error handler of this listener.
	 * @return the error handler, or {@code null} for the factory's
	 */
	@Nullable ZmqListenerErrorHandler getErrorHandler();

	/**
	 * Builds the spec of the socket to listen on.
	 * @param namedSockets the sockets defined in the configuration
	 * @param specFactory builds the spec of a socket that is not named (applying the configured socket defaults)
	 * @return the spec
	 * @throws IllegalStateException when the endpoint's socket settings are incomplete or invalid; the message names
	 * the listener and the setting
	 */
	ZmqSocketSpec createSocketSpec(ZmqSocketRegistry namedSockets, ZmqSocketSpecFactory specFactory);

	/**
	 * Builds the listener.
	 * @param messageCodec converts between frames and Spring messages; its
	 * {@linkplain ZmqMessageCodec#getMessageConverter() converter} resolves payload arguments
	 * @param namedSockets the named sockets results are forwarded to ({@code @SendTo}); the registry opens them on
	 * first use and owns them
	 * @return the listener
	 */
	ZmqMessageListener createMessageListener(ZmqMessageCodec messageCodec, ZmqSocketRegistry namedSockets);

	/**
	 * Builds the listener with a {@link DefaultZmqMessageCodec} over the converter and the mapper.
	 * @param messageConverter converts payloads from and to {@code byte[]}
	 * @param messageMapper maps frames and Spring messages
	 * @param namedSockets the named sockets results are forwarded to
	 * @return the listener
	 * @deprecated since 0.1.0 in favour of {@link #createMessageListener(ZmqMessageCodec, ZmqSocketRegistry)}
	 */
	@Deprecated(since = "0.1.0")
	default ZmqMessageListener createMessageListener(MessageConverter messageConverter,
			ZmqMessageMapper messageMapper, ZmqSocketRegistry namedSockets) {
		return createMessageListener(new DefaultZmqMessageCodec(messageMapper, messageConverter), namedSockets);
	}

}
