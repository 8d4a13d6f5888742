package io.github.zmqspring.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A request/reply client that keeps many requests in flight, each with its own timeout.
 * <ul>
 * <li>On a <b>DEALER</b> spec it sends {@code [request id][empty][body...]}: any REP peer (libzmq, pyzmq, JeroMQ or
 * this engine's {@link ZmqServer}) echoes the envelope, so the reply comes back as {@code [request id][empty][reply...]}
 * and is matched to its request: any number of requests in flight on one connection.</li>
 * <li>On a <b>REQ</b> spec it is libzmq's REQ on the wire ({@code [empty][body...]}, one request at a time per
 * connection, the reply taken from the peer asked), so ROUTER servers and brokers written for libzmq read
 * {@code [identity][empty][body]}; concurrency comes from a pool of
 * {@linkplain ZmqSocketSpec#reqPoolSize() REQ connections} per endpoint. A request abandoned on timeout keeps its
 * connection busy for a second for its late reply, then resets it (the guide's Lazy Pirate).</li>
 * </ul>
 * There is no lock-step for the caller: a request that times out fails with {@link ZmqRequestTimeoutException} and
 * never delays the next one; its reply, if it comes later, is dropped and counted in
 * {@link SocketStats#lateReplies()}. Requests are spread over all connected servers. A spec with a
 * {@linkplain ZmqSocketSpec#requestRetry() retry policy} sends a request without a reply again (the guide's Lazy
 * Pirate) and fails with {@link ZmqRequestRetriesExhaustedException} after the last attempt. Thread-safe.
 */
public interface ZmqRequester extends ManagedSocket {

	/**
	 * Sends a request and waits for its reply.
	 * @param body the request frames
	 * @param timeout how long to wait for the reply
	 * @return the reply frames
	 * @throws ZmqRequestTimeoutException when no reply arrived in time, including when the request could not even be
	 * queued within its timeout (no peer took it; the cause is then a {@link ZmqSendTimeoutException})
	 * @throws ZmqSendTimeoutException when the request could not be queued within the socket's send timeout, where
	 * that is shorter than the request's timeout
	 */
	ZmqMessage request(ZmqMessage body, Duration timeout);

	/**
	 * Sends a request; the future completes with the reply, or exceptionally with
	 * {@link ZmqRequestTimeoutException}, {@link ZmqSendTimeoutException} or {@link ZmqClosedException}.
	 * @param body the request frames
	 * @param timeout how long to wait for the reply
	 * @return the future reply
	 */
	CompletableFuture<ZmqMessage> requestAsync(ZmqMessage body, Duration timeout);

	/**
	 * The number of requests waiting for their reply.
	 * @return the count
	 */
	int inFlight();

}
