package io.github.zmqspring.support;

import java.util.function.Consumer;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * Creates socket specs that carry the application-wide socket defaults ({@code zmq.defaults.*}) and the registered
 * spec customizers, for sockets that are not declared under {@code zmq.sockets} (a {@code @ZmqListener}'s own socket,
 * an integration adapter's socket). Named sockets come from {@link ZmqSockets#spec(String)}. Thread-safe.
 */
@FunctionalInterface
public interface ZmqSocketSpecFactory {

	/**
	 * Builds a spec: the defaults first, then {@code configurer} (endpoints, topics, overrides), then the
	 * customizers.
	 * @param name the socket name (used in logs, metrics and errors)
	 * @param type the socket type
	 * @param configurer sets what is specific to this socket
	 * @return the validated spec
	 * @throws io.github.zmqspring.core.InvalidSocketSpecException when a value is invalid
	 */
	ZmqSocketSpec create(String name, SocketType type, Consumer<ZmqSocketSpec.Builder> configurer);

}
