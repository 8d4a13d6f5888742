package io.github.zmqspring.core.internal;

import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * The seam under the engine: everything the engine needs from a ZeroMQ implementation: the engine's own ZMTP
 * implementation ({@code internal.zmtp.engine}) or JeroMQ ({@link JeroMqDriver}).
 * <p>
 * {@link #open} must be called on the thread that will own the socket; unless the socket is
 * {@linkplain DriverSocket#threadSafe() thread-safe}, every {@link DriverSocket} method must then be called on that
 * same thread. {@link #nudge()} and {@link #close()} are thread-safe.
 */
public interface SocketDriver {

	/**
	 * Creates a socket with the spec's type and options (endpoints are not bound or connected yet).
	 * @param spec the spec
	 * @param events where the I/O layer reports the socket's events (called on I/O threads)
	 * @param signal called (on any thread, cheaply, possibly spuriously) when the socket's readability or
	 * writability may have changed; drivers whose sockets have a {@link DriverSocket#waitChannel()} may ignore it
	 * @return the socket, owned by the calling thread
	 */
	DriverSocket open(ZmqSocketSpec spec, DriverEventSink events, Runnable signal);

	/**
	 * Makes the I/O layer re-examine its registrations; the engine calls it when a connection completed its TCP
	 * connect but not its handshake in time. Cheap, harmless when nothing is stalled.
	 */
	void nudge();

	/**
	 * Terminates the I/O layer. Every socket must have been closed before.
	 */
	void close();

}
