package io.github.zmqspring.core.internal;

import java.nio.channels.SelectableChannel;

import org.jspecify.annotations.Nullable;

/**
 * One socket of a {@link SocketDriver}. Not thread-safe unless {@link #threadSafe()} says so: every method is then
 * called on the owner thread. All operations are non-blocking except {@link #awaitWritable(byte[][], long)}.
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
	 * A channel that becomes readable when the socket's state may have changed; the owner registers it with its
	 * selector and then checks {@link #readable()} and {@link #writable()}.
	 * @return the channel, or {@code null} when the socket signals through the callback given to
	 * {@link SocketDriver#open}
	 */
	@Nullable SelectableChannel waitChannel();

	/**
	 * Whether {@link #send}, {@link #writable()} and {@link #awaitWritable(byte[][], long)} may be called from any thread at any
	 * time, concurrently with the owner's receives (the engine's own ZMTP sockets); the owner then lets callers send
	 * directly, with no hand-off queue on top of the high water mark.
	 * @return {@code true} for a thread-safe socket
	 */
	default boolean threadSafe() {
		return false;
	}

	/**
	 * Waits until the socket may take this message ({@link #send} may still find it full again), the socket closes,
	 * or the deadline passes. Thread-safe sockets only.
	 * @param frames the message (its routing id decides for STREAM sockets)
	 * @param deadlineNanos a {@link System#nanoTime()} value
	 * @return {@code true} when the socket may be writable, {@code false} when the deadline passed
	 */
	default boolean awaitWritable(byte[][] frames, long deadlineNanos) {
		throw new UnsupportedOperationException("not a thread-safe socket");
	}

	/**
	 * Gives up a request sent on a REQ socket in the requester's format ({@code [request id][""][body]}) whose reply
	 * did not come in time: its connection is reset (the guide's Lazy Pirate), so that a late reply can never be taken
	 * for the answer to a later request. Nothing for other socket types.
	 * @param requestId the request id
	 */
	default void cancelRequest(byte[] requestId) {
	}

	/**
	 * Closes the socket; queued messages are delivered in the background within the spec's linger.
	 */
	void close();

}
