package io.github.zmqspring.core.internal;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.ZmqSecurity;

/**
 * One socket of a {@link SocketDriver}. Thread-safe: {@link #send}, {@link #writable()} and
 * {@link #awaitWritable(byte[][], long)} may be called from any thread at any time, concurrently with the owner's
 * receives, so callers send directly with no hand-off queue on top of the high water mark. All operations are
 * non-blocking except {@link #awaitWritable(byte[][], long)}.
 */
public interface DriverSocket {

	/**
	 * Binds an endpoint.
	 * @param endpoint the endpoint, possibly with wildcards
	 * @return the actual endpoint, wildcard port resolved
	 */
	String bind(String endpoint);

	/**
	 * Connects to an endpoint (asynchronously: the connection is made, and remade, in the background).
	 * @param endpoint the endpoint
	 */
	void connect(String endpoint);

	/**
	 * Disconnects from an endpoint connected earlier.
	 * @param endpoint the endpoint
	 */
	void disconnect(String endpoint);

	/**
	 * Receives one whole message if one is ready.
	 * @return the frames, or {@code null} when none is ready
	 */
	byte @Nullable [][] receive();

	/**
	 * Sends one whole message if the socket can take it now.
	 * @param frames the frames
	 * @return the outcome
	 */
	SendResult send(byte[][] frames);

	/**
	 * Adds a subscription (SUB/XSUB).
	 * @param prefix the prefix
	 */
	void subscribe(byte[] prefix);

	/**
	 * Removes a subscription (SUB/XSUB).
	 * @param prefix the prefix
	 */
	void unsubscribe(byte[] prefix);

	/**
	 * Whether a message can be received now (processes pending I/O commands first).
	 * @return {@code true} when {@link #receive()} would return a message
	 */
	boolean readable();

	/**
	 * Whether a message can be sent now (processes pending I/O commands first).
	 * @return {@code true} when {@link #send} would not return {@link SendResult#WOULD_BLOCK}
	 */
	boolean writable();

	/**
	 * Waits until the socket may take this message ({@link #send} may still find it full again), the socket closes,
	 * or the deadline passes.
	 * @param frames the message (its routing id decides for STREAM sockets)
	 * @param deadlineNanos a {@link System#nanoTime()} value
	 * @return {@code true} when the socket may be writable, {@code false} when the deadline passed
	 */
	boolean awaitWritable(byte[][] frames, long deadlineNanos);

	/**
	 * Gives up a request sent on a REQ socket in the requester's format ({@code [request id][""][body]}) whose reply
	 * did not come in time: its connection is reset (the guide's Lazy Pirate), so that a late reply can never be taken
	 * for the answer to a later request. Nothing for other socket types.
	 * @param requestId the request id
	 */
	default void cancelRequest(byte[] requestId) {
	}

	/**
	 * Makes a send to a known peer whose queue is full wait for room ({@link SendResult#WOULD_BLOCK}, so the caller
	 * waits up to its send timeout) instead of dropping the message: the engine's request servers use it, so that a
	 * requester with many requests in flight gets every reply. Sends to an unknown peer are still dropped. Nothing
	 * for socket types that block anyway. Call before the socket has peers.
	 */
	default void waitForRoomAtFullPeers() {
	}

	/**
	 * Stops taking messages from peers, the first step of a close that loses nothing received: connections hand over
	 * what they already read and stop reading (their peers' queues fill, and a PUSH peer sends to other workers), inproc
	 * peers meet a full pipe, new peers too. What was received stays readable. Thread-safe; cannot be undone.
	 */
	void stopTakingMessages();

	/** @return the messages received from peers that the socket has not handed out yet */
	int queuedInbound();

	/** @return the peers attached now (handshake completed) */
	int connectedPeers();

	/** @return the messages in the socket's queues now, to its peers and from them */
	int queuedMessages();

	/**
	 * Replaces the security material handshakes that start from now on use (key rotation); the caller checked that
	 * mechanism, side and ZAP domain are unchanged. Thread-safe.
	 * @param security the new settings
	 */
	void updateSecurity(ZmqSecurity security);

	/**
	 * Closes the socket; queued messages are delivered in the background within the spec's linger.
	 */
	void close();

}
