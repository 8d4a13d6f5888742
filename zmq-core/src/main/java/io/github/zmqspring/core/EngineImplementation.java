package io.github.zmqspring.core;

/**
 * Which protocol implementation a {@link ZmqEngine} runs its sockets on.
 */
public enum EngineImplementation {

	/** The engine's own pure-Java ZMTP 3.1 implementation. */
	ZMTP,
	/** JeroMQ 0.6.0 (ZMTP 3.0). */
	JEROMQ

}
