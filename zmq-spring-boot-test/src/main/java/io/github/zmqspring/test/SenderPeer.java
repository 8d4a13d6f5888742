package io.github.zmqspring.test;

import java.time.Duration;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * A PUSH peer that feeds the application: {@link #send(String...)}, {@link #send(byte[]...)},
 * {@link #sendJson(Object)}.
 * <p>
 * The first send waits (up to the default timeout) until a peer completed its handshake, so that the test does not
 * depend on how fast the application connects, and fails with an {@link AssertionError} naming this peer's endpoint
 * when none did. PUSH deals messages round-robin over the peers connected <em>at the time of the send</em>: to
 * spread messages over several workers, first {@link #awaitConnectedPeers(int) wait for all of them}. At the high
 * water mark a send blocks up to the socket's send timeout (5 s by default), then throws
 * {@link io.github.zmqspring.core.ZmqSendTimeoutException}. Thread-safe.
 */
public final class SenderPeer extends ZmqPeer {

	private final ZmqSocket socket;

	private volatile boolean connectedOnce;

	private SenderPeer(PeerSetup setup, ZmqSocket socket) {
		super(setup, socket);
		this.socket = socket;
	}

	/**
	 * Sends a message whose frames are the UTF-8 bytes of the given strings.
	 * @param frames one or more frames
	 */
	public void send(String... frames) {
		send(ZmqMessage.of(frames));
	}

	/**
	 * Sends a message of binary frames.
	 * @param frames one or more frames (not copied: do not change them afterwards)
	 */
	public void send(byte[]... frames) {
		send(ZmqMessage.of(frames));
	}

	/**
	 * Sends a value as one JSON frame (Jackson 3 on the class path).
	 * @param value the value
	 */
	public void sendJson(Object value) {
		send(JsonPayloads.defaults().message(value));
	}

	/**
	 * Sends a message, first waiting for a connected peer if none ever connected.
	 * @param message the message
	 * @throws AssertionError when no peer connected within the default timeout
	 * @throws io.github.zmqspring.core.ZmqSendTimeoutException when the message could not be queued in time
	 */
	public void send(ZmqMessage message) {
		send(message, defaultTimeout());
	}

	/**
	 * Sends a message, first waiting up to {@code timeout} for a connected peer if none ever connected.
	 * @param message the message
	 * @param timeout how long to wait for the first peer
	 * @throws AssertionError when no peer connected in time
	 */
	public void send(ZmqMessage message, Duration timeout) {
		if (!this.connectedOnce) {
			connections().awaitFirstHandshake(timeout, this::describe);
			this.connectedOnce = true;
		}
		this.socket.send(message);
	}

	/**
	 * Builds a {@link SenderPeer} on a PUSH socket. Not thread-safe.
	 */
	public static final class Builder extends PeerBuilder<Builder, SenderPeer> {

		Builder(ZmqPeers peers) {
			super(peers, SocketType.PUSH);
		}

		@Override
		SenderPeer open(PeerSetup setup, ZmqSocketSpec spec) {
			return new SenderPeer(setup, setup.peers().engine().open(spec));
		}

	}

}
