package io.github.zmqspring.test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * A REQ or DEALER peer that sends requests to the application's REP or ROUTER sockets (a {@code @ZmqListener} server,
 * a broker) and returns the replies: {@link #request(String...)}, {@link #requestJson(Object, Class)}.
 * <p>
 * It runs on the engine's {@link ZmqRequester}: a REQ peer is libzmq's REQ on the wire ({@code [""][body]}), a DEALER
 * peer sends {@code [request id][""][body]} and keeps many requests in flight. A request that gets no reply within its
 * timeout throws {@link io.github.zmqspring.core.ZmqRequestTimeoutException}. Thread-safe.
 */
public final class RequesterPeer extends ZmqPeer {

	private final ZmqRequester requester;

	private RequesterPeer(PeerSetup setup, ZmqRequester requester) {
		super(setup, requester);
		this.requester = requester;
	}

	/**
	 * Sends a request of UTF-8 frames and waits, up to the default timeout, for the reply.
	 * @param frames one or more frames
	 * @return the reply
	 * @throws io.github.zmqspring.core.ZmqRequestTimeoutException when no reply came in time
	 */
	public PeerMessage request(String... frames) {
		return request(ZmqMessage.of(frames), defaultTimeout());
	}

	/**
	 * Sends a request and waits for the reply.
	 * @param body the request frames
	 * @param timeout how long to wait for the reply
	 * @return the reply
	 * @throws io.github.zmqspring.core.ZmqRequestTimeoutException when no reply came in time
	 */
	public PeerMessage request(ZmqMessage body, Duration timeout) {
		return PeerMessage.of(this.requester.request(body, timeout));
	}

	/**
	 * Sends a request without waiting; the future completes with the reply, or exceptionally as
	 * {@link ZmqRequester#requestAsync(ZmqMessage, Duration)} says.
	 * @param body the request frames
	 * @param timeout how long to wait for the reply
	 * @return the future reply
	 */
	public CompletableFuture<PeerMessage> requestAsync(ZmqMessage body, Duration timeout) {
		return this.requester.requestAsync(body, timeout).thenApply(PeerMessage::of);
	}

	/**
	 * Sends a value as one JSON frame and reads the reply's last frame as JSON (Jackson 3 on the class path).
	 * @param <T> the reply type
	 * @param body the request value
	 * @param replyType the reply type
	 * @return the reply value
	 */
	public <T> T requestJson(Object body, Class<T> replyType) {
		return request(JsonPayloads.defaults().message(body), defaultTimeout()).json(replyType);
	}

	/**
	 * The number of requests waiting for their reply.
	 * @return the count
	 */
	public int inFlight() {
		return this.requester.inFlight();
	}

	/**
	 * Builds a {@link RequesterPeer} on a REQ or DEALER socket. Not thread-safe.
	 */
	public static final class Builder extends PeerBuilder<Builder, RequesterPeer> {

		Builder(ZmqPeers peers, SocketType type) {
			super(peers, type);
		}

		@Override
		RequesterPeer open(PeerSetup setup, ZmqSocketSpec spec) {
			return new RequesterPeer(setup, setup.peers().engine().requester(spec));
		}

	}

}
