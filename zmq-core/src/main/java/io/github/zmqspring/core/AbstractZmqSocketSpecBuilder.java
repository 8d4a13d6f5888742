package io.github.zmqspring.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The option setters of {@link ZmqSocketSpec.Builder}, with their defaults; {@link ZmqSocketSpec.Builder#build()}
 * validates what they set. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter for chaining
 */
public abstract class AbstractZmqSocketSpecBuilder<B extends AbstractZmqSocketSpecBuilder<B>> {

	final String name;

	final SocketType type;

	final List<String> binds = new ArrayList<>();

	final List<String> connects = new ArrayList<>();

	int sendHighWaterMark = 1000;

	int receiveHighWaterMark = 1000;

	Duration linger = Duration.ofSeconds(1);

	byte @Nullable [] routingId;

	final List<byte[]> subscriptions = new ArrayList<>();

	Duration reconnectInterval = Duration.ofMillis(100);

	Duration reconnectIntervalMax = Duration.ZERO;

	Duration heartbeatInterval = Duration.ZERO;

	@Nullable Duration heartbeatTimeout;

	@Nullable Duration heartbeatTtl;

	Duration handshakeInterval = Duration.ofSeconds(5);

	long maxMessageSize = ZmqSocketSpec.DEFAULT_MAX_MESSAGE_SIZE;

	int maxFrames = ZmqSocketSpec.DEFAULT_MAX_FRAMES;

	@Nullable Long maxMultipartSize;

	int maxSubscriptions = ZmqSocketSpec.DEFAULT_MAX_SUBSCRIPTIONS;

	long maxSubscriptionBytes = ZmqSocketSpec.DEFAULT_MAX_SUBSCRIPTION_BYTES;

	int maxPendingHandshakes = ZmqSocketSpec.DEFAULT_MAX_PENDING_HANDSHAKES;

	int reqPoolSize = 4;

	boolean routerHandover;

	boolean xpubVerbose;

	boolean routerMandatory;

	boolean xpubNoDrop;

	boolean immediate;

	@Nullable Boolean tcpKeepAlive;

	Duration sendTimeout = Duration.ofSeconds(5);

	@Nullable ZmqSecurity security;

	ZmqRetryPolicy requestRetry = ZmqRetryPolicy.none();

	AbstractZmqSocketSpecBuilder(String name, SocketType type) {
		this.name = Objects.requireNonNull(name, "'name' must not be null");
		this.type = Objects.requireNonNull(type, "'type' must not be null");
	}

	/**
	 * Adds endpoints to bind.
	 * @param endpoints e.g. {@code tcp://*:5556}, {@code tcp://127.0.0.1:*}, {@code inproc://jobs}
	 * @return this builder
	 */
	public B bind(String... endpoints) {
		this.binds.addAll(Arrays.asList(endpoints));
		return self();
	}

	/**
	 * Adds endpoints to connect to.
	 * @param endpoints e.g. {@code tcp://localhost:5556}
	 * @return this builder
	 */
	public B connect(String... endpoints) {
		this.connects.addAll(Arrays.asList(endpoints));
		return self();
	}

	/**
	 * Sets the send high water mark (default 1000 messages per peer, 0 = unlimited).
	 * @param messages the limit
	 * @return this builder
	 */
	public B sendHighWaterMark(int messages) {
		this.sendHighWaterMark = messages;
		return self();
	}

	/**
	 * Sets the receive high water mark (default 1000 messages per peer, 0 = unlimited).
	 * @param messages the limit
	 * @return this builder
	 */
	public B receiveHighWaterMark(int messages) {
		this.receiveHighWaterMark = messages;
		return self();
	}

	/**
	 * Sets how long a close waits to deliver queued messages (default 1 s).
	 * @param linger a non-negative duration
	 * @return this builder
	 */
	public B linger(Duration linger) {
		this.linger = linger;
		return self();
	}

	/**
	 * Sets the routing id (ZMQ_ROUTING_ID) peers' ROUTER sockets see: 1 to 255 bytes, not starting with a zero
	 * byte (libzmq reserves those for generated ids), with every security mechanism.
	 * @param routingId the id, or {@code null} to let the peer generate one
	 * @return this builder
	 */
	public B routingId(byte @Nullable [] routingId) {
		this.routingId = (routingId != null) ? routingId.clone() : null;
		return self();
	}

	/**
	 * Sets the routing id from a UTF-8 string.
	 * @param routingId the id
	 * @return this builder
	 */
	public B routingId(String routingId) {
		return routingId(routingId.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Adds subscriptions (SUB and XSUB only): UTF-8 byte prefixes of the first frame; {@code ""} receives all.
	 * @param topics the prefixes
	 * @return this builder
	 */
	public B subscribe(String... topics) {
		for (String topic : topics) {
			this.subscriptions.add(topic.getBytes(StandardCharsets.UTF_8));
		}
		return self();
	}

	/**
	 * Adds a binary subscription prefix (SUB and XSUB only).
	 * @param prefix the prefix
	 * @return this builder
	 */
	public B subscribe(byte[] prefix) {
		this.subscriptions.add(prefix.clone());
		return self();
	}

	/**
	 * Sets the interval between reconnection attempts (default 100 ms).
	 * @param interval a positive duration
	 * @return this builder
	 */
	public B reconnectInterval(Duration interval) {
		this.reconnectInterval = interval;
		return self();
	}

	/**
	 * Sets the maximum reconnection interval for exponential back-off (default zero: no back-off).
	 * @param interval zero or a duration not shorter than the reconnect interval
	 * @return this builder
	 */
	public B reconnectIntervalMax(Duration interval) {
		this.reconnectIntervalMax = interval;
		return self();
	}

	/**
	 * Sets the ZMTP heartbeat interval (default zero: no heartbeats).
	 * @param interval the interval
	 * @return this builder
	 */
	public B heartbeatInterval(Duration interval) {
		this.heartbeatInterval = interval;
		return self();
	}

	/**
	 * Sets how long to wait for a heartbeat reply before dropping the connection (default: the interval).
	 * @param timeout the timeout, or {@code null}
	 * @return this builder
	 */
	public B heartbeatTimeout(@Nullable Duration timeout) {
		this.heartbeatTimeout = timeout;
		return self();
	}

	/**
	 * Sets the time-to-live announced to peers in heartbeats (at most 6553.5 s).
	 * @param ttl the ttl, or {@code null}
	 * @return this builder
	 */
	public B heartbeatTtl(@Nullable Duration ttl) {
		this.heartbeatTtl = ttl;
		return self();
	}

	/**
	 * Sets the maximum duration of a ZMTP handshake (default 5 s; zero = no limit, not recommended).
	 * @param interval the interval
	 * @return this builder
	 */
	public B handshakeInterval(Duration interval) {
		this.handshakeInterval = interval;
		return self();
	}

	/**
	 * Sets the maximum size of one received frame (default 4 MiB); a peer that announces a larger frame is
	 * disconnected before anything is allocated.
	 * @param bytes a positive size
	 * @return this builder
	 */
	public B maxMessageSize(long bytes) {
		this.maxMessageSize = bytes;
		return self();
	}

	/**
	 * Sets the maximum number of frames in one received message (default {@value ZmqSocketSpec#DEFAULT_MAX_FRAMES});
	 * a peer that sends more frames in one message (MORE set forever) is disconnected and reported.
	 * @param frames a positive number
	 * @return this builder
	 */
	public B maxFrames(int frames) {
		this.maxFrames = frames;
		return self();
	}

	/**
	 * Sets the maximum size of one received message, all its frames together (default four times the
	 * {@linkplain #maxMessageSize(long) maximum frame size}, 16 MiB); a peer that sends more in one message is
	 * disconnected and reported.
	 * @param bytes a size not below the maximum frame size
	 * @return this builder
	 */
	public B maxMultipartSize(long bytes) {
		this.maxMultipartSize = bytes;
		return self();
	}

	/**
	 * Sets how many subscriptions one peer may hold on a PUB/XPUB socket (default
	 * {@value ZmqSocketSpec#DEFAULT_MAX_SUBSCRIPTIONS}); a peer that asks for more is disconnected and reported.
	 * @param subscriptions a positive number
	 * @return this builder
	 */
	public B maxSubscriptions(int subscriptions) {
		this.maxSubscriptions = subscriptions;
		return self();
	}

	/**
	 * Sets the total size of the subscriptions one peer may hold on a PUB/XPUB socket (default 1 MiB); a peer that
	 * asks for more is disconnected and reported.
	 * @param bytes a positive size
	 * @return this builder
	 */
	public B maxSubscriptionBytes(long bytes) {
		this.maxSubscriptionBytes = bytes;
		return self();
	}

	/**
	 * Sets how many accepted connections may be in their handshake at once (default
	 * {@value ZmqSocketSpec#DEFAULT_MAX_PENDING_HANDSHAKES}). Past it newcomers wait (in the listener, then in the
	 * listen backlog) until a handshake completes, so that a burst of good clients is served in turn; one that made
	 * no progress for a second (or half the {@linkplain #handshakeInterval(Duration) handshake interval}, if
	 * shorter) gives its slot to a waiting newcomer and is dropped, and newcomers that sent nothing are refused
	 * meanwhile, so that a flood of idle or stalled connections cannot lock good peers out.
	 * @param connections a positive number
	 * @return this builder
	 */
	public B maxPendingHandshakes(int connections) {
		this.maxPendingHandshakes = connections;
		return self();
	}

	/**
	 * Sets how many REQ connections a REQ socket keeps to each endpoint it connects to (default 4): each is libzmq's
	 * REQ on the wire ({@code [""][body]}, one request at a time, the reply taken from that peer only), so this many
	 * requests per endpoint can be in flight. A routing id makes it 1 (peers would see the same id twice).
	 * @param connections a positive number
	 * @return this builder
	 */
	public B reqPoolSize(int connections) {
		this.reqPoolSize = connections;
		return self();
	}

	/**
	 * ROUTER: when a peer announces a routing id that another connected peer already has, gives it to the newcomer
	 * and disconnects the older one (libzmq's ZMQ_ROUTER_HANDOVER; default {@code false}: the newcomer gets a
	 * generated id, as libzmq).
	 * @param handover the flag
	 * @return this builder
	 */
	public B routerHandover(boolean handover) {
		this.routerHandover = handover;
		return self();
	}

	/**
	 * XPUB: passes every subscription message to the application, not only a topic's first subscription and last
	 * cancellation (libzmq's ZMQ_XPUB_VERBOSE; default {@code false}).
	 * @param verbose the flag
	 * @return this builder
	 */
	public B xpubVerbose(boolean verbose) {
		this.xpubVerbose = verbose;
		return self();
	}

	/**
	 * ROUTER: a message for a peer that is not connected, or whose queue is full, fails the send with a
	 * {@link ZmqException} naming the routing id, instead of being dropped and counted (libzmq's
	 * ZMQ_ROUTER_MANDATORY; default {@code false}).
	 * @param mandatory the flag
	 * @return this builder
	 */
	public B routerMandatory(boolean mandatory) {
		this.routerMandatory = mandatory;
		return self();
	}

	/**
	 * PUB/XPUB: a send waits (up to the send timeout) while a matching subscriber's queue is full, instead of
	 * dropping the message for that subscriber (libzmq's ZMQ_XPUB_NODROP; default {@code false}: a slow subscriber
	 * never holds back the others).
	 * @param noDrop the flag
	 * @return this builder
	 */
	public B xpubNoDrop(boolean noDrop) {
		this.xpubNoDrop = noDrop;
		return self();
	}

	/**
	 * Sets libzmq's ZMQ_IMMEDIATE (default {@code false}): when {@code true}, messages are queued only to
	 * connections whose handshake completed, so a send blocks (or fails) while no peer is up instead of queueing
	 * for a peer that may come. JeroMQ's own {@code immediate} flag has the opposite meaning; this one does not.
	 * @param immediate the flag
	 * @return this builder
	 */
	public B immediate(boolean immediate) {
		this.immediate = immediate;
		return self();
	}

	/**
	 * Turns TCP keep-alive on or off ({@code null}, the default, leaves the operating system's setting).
	 * @param keepAlive the flag or {@code null}
	 * @return this builder
	 */
	public B tcpKeepAlive(@Nullable Boolean keepAlive) {
		this.tcpKeepAlive = keepAlive;
		return self();
	}

	/**
	 * Sets how long a send blocks when the socket is at its high water mark before it fails with
	 * {@link ZmqSendTimeoutException} (default 5 s). PUB sockets never block: a message a subscriber cannot take
	 * is dropped for that subscriber and counted.
	 * @param timeout a non-negative duration
	 * @return this builder
	 */
	public B sendTimeout(Duration timeout) {
		this.sendTimeout = timeout;
		return self();
	}

	/**
	 * Sets the security mechanism (CURVE or PLAIN); {@code null}, the default, is the NULL mechanism.
	 * @param security the security settings
	 * @return this builder
	 */
	public B security(@Nullable ZmqSecurity security) {
		this.security = security;
		return self();
	}

	/**
	 * Sets how a {@linkplain ZmqEngine#requester(ZmqSocketSpec) requester} on this spec retries a request that got no
	 * reply in time (the guide's Lazy Pirate; default {@link ZmqRetryPolicy#none()}). Only for idempotent requests:
	 * a retried request may be handled twice.
	 * @param policy the policy
	 * @return this builder
	 */
	public B requestRetry(ZmqRetryPolicy policy) {
		this.requestRetry = Objects.requireNonNull(policy, "'policy' must not be null");
		return self();
	}

	@SuppressWarnings("unchecked")
	private B self() {
		return (B) this;
	}

}
