package io.github.zmqspring.core.internal;

import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * The seam under the engine: everything the engine's public API needs from the socket layer, the engine's own ZMTP
 * implementation ({@link io.github.zmqspring.core.internal.engine.ZmtpDriver}). Thread-safe.
 */
public interface SocketDriver {

	/**
	 * Creates a socket with the spec's type and options (endpoints are not bound or connected yet).
	 * @param spec the spec
	 * @param events where the I/O layer reports the socket's events (called on I/O threads)
	 * @param signal called (on any thread, cheaply, possibly spuriously) when the socket's readability or
	 * writability may have changed
	 * @return the socket
	 */
	DriverSocket open(ZmqSocketSpec spec, DriverEventSink events, Runnable signal);

	/**
	 * Terminates the I/O layer. Every socket must have been closed before.
	 */
	void close();

}
