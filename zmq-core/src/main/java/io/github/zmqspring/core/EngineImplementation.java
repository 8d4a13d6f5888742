package io.github.zmqspring.core;

/**
 * The socket engine behind a {@link ZmqEngine}: the project's own ZMTP 3.1 implementation or JeroMQ 0.6.0.
 */
public enum EngineImplementation {

	/** The project's own pure-Java ZMTP 3.1 engine. */
	ZMTP,

	/** JeroMQ 0.6.0. */
	JEROMQ

}
