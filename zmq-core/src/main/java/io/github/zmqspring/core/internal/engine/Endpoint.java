package io.github.zmqspring.core.internal.engine;

/**
 * What a bind or a connect left behind on a socket: a listener, a connecter or an inproc name.
 */
interface Endpoint {

	/** @return the endpoint as the user gave it */
	String endpoint();

	/** @return the endpoint with wildcards resolved (a bind's actual port) */
	String resolved();

	/** @return whether it was made by a connect (and can be disconnected) */
	boolean connecting();

	/**
	 * Stops it: no new connections; connections it made deliver what is queued within the linger, then close.
	 * Thread-safe, returns at once.
	 * @param lingerNanos the linger
	 */
	void close(long lingerNanos);

}
