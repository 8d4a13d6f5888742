package io.github.zmqspring.core;

/**
 * The life-cycle state of a socket managed by the engine.
 */
public enum SocketState {

	/** The socket is being created, bound and connected. */
	STARTING,
	/** The socket is open and its loop runs. */
	RUNNING,
	/** A close was requested; queued messages are being delivered within the linger. */
	CLOSING,
	/** The socket is closed. */
	CLOSED,
	/** The socket could not be opened (for example a bind failed) or its loop died; see the failure. */
	FAILED

}
