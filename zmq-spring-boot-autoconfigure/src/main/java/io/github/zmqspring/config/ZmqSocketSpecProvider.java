package io.github.zmqspring.config;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * Looks up the named sockets of the configuration ({@code zmq.sockets.<name>}), for {@code @ZmqListener(socket = ...)}
 * and {@code @SendTo}. Implementations are thread-safe.
 */
@FunctionalInterface
public interface ZmqSocketSpecProvider {

	/** A provider that knows no socket. */
	ZmqSocketSpecProvider NONE = (name) -> null;

	/**
	 * The spec of a named socket.
	 * @param name the socket name
	 * @return the spec, or {@code null} when no socket of that name is defined
	 */
	@Nullable ZmqSocketSpec getSocketSpec(String name);

}
