package io.github.zmqspring.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * An immutable, validated description of one socket: its name, type, endpoints and options. Built with
 * {@link #builder(String, SocketType)}; {@link Builder#build()} fails with an {@link InvalidSocketSpecException}
 * naming the field and the bad value.
 * <p>
 * Defaults differ from libzmq's and JeroMQ's where theirs are dangerous: every received input is bounded (frame
 * {@value #DEFAULT_MAX_MESSAGE_SIZE} bytes, whole message, frame count, subscriptions per peer, connections in
 * their handshake), linger is bounded (1 s) so that a graceful close delivers queued messages, and the handshake
 * interval is 5 s instead of 30 s. {@linkplain Builder#immediate(boolean)
 * Immediate} has libzmq's meaning ({@code ZMQ_IMMEDIATE}), not JeroMQ's inverted flag.
 * <p>
 * Endpoints: {@code tcp://host:port} ({@code *} as host binds every interface, {@code *} or {@code 0} as port binds a
 * random free port whose value {@link ZmqSocket#boundEndpoints()} tells), {@code inproc://name} (same engine only) and
 * {@code ipc://path}: a Unix domain socket, interoperable with libzmq's ipc (abstract {@code ipc://@name} endpoints
 * are refused).
 */
public final class ZmqSocketSpec {

	/** Default maximum size of one received frame: 4 MiB (libzmq's ZMQ_MAXMSGSIZE, which is per frame). */
	public static final long DEFAULT_MAX_MESSAGE_SIZE = 4L * 1024 * 1024;

	/** Default maximum number of frames in one received message: 4096. */
	public static final int DEFAULT_MAX_FRAMES = 4096;

	/** Default maximum number of subscriptions one peer may hold on a PUB/XPUB socket: 10,000. */
	public static final int DEFAULT_MAX_SUBSCRIPTIONS = 10_000;

	/** Default maximum total size of one peer's subscriptions on a PUB/XPUB socket: 1 MiB. */
	public static final long DEFAULT_MAX_SUBSCRIPTION_BYTES = 1024L * 1024;

	/** Default maximum number of accepted connections of one socket still in their handshake: 1,000. */
	public static final int DEFAULT_MAX_PENDING_HANDSHAKES = 1000;

	private static final Pattern TCP = Pattern.compile("tcp://(\\*|\\[[0-9a-fA-F:.]+\\]|[^:/\\s]+(?:;[^:/\\s]+)?):(\\*|!|\\d{1,5})");

	private final String name;

	private final SocketType type;

	private final List<String> binds;

	private final List<String> connects;

	private final int sendHighWaterMark;

	private final int receiveHighWaterMark;

	private final Duration linger;

	private final byte @Nullable [] routingId;

	private final List<byte[]> subscriptions;

	private final Duration reconnectInterval;

	private final Duration reconnectIntervalMax;

	private final Duration heartbeatInterval;

	private final @Nullable Duration heartbeatTimeout;

	private final @Nullable Duration heartbeatTtl;

	private final Duration handshakeInterval;

	private final long maxMessageSize;

	private final int maxFrames;

	private final long maxMultipartSize;

	private final int maxSubscriptions;

	private final long maxSubscriptionBytes;

	private final int maxPendingHandshakes;

	private final int reqPoolSize;

	private final boolean routerHandover;

	private final boolean xpubVerbose;

	private final boolean routerMandatory;

	private final boolean xpubNoDrop;

	private final boolean immediate;

	private final @Nullable Boolean tcpKeepAlive;

	private final Duration sendTimeout;

	private final @Nullable ZmqSecurity security;

	private final ZmqRetryPolicy requestRetry;

	private ZmqSocketSpec(Builder builder) {
		this.name = builder.name;
		this.type = builder.type;
		this.binds = List.copyOf(builder.binds);
		this.connects = List.copyOf(builder.connects);
		this.sendHighWaterMark = builder.sendHighWaterMark;
		this.receiveHighWaterMark = builder.receiveHighWaterMark;
		this.linger = builder.linger;
		this.routingId = (builder.routingId != null) ? builder.routingId.clone() : null;
		List<byte[]> subs = new ArrayList<>();
		builder.subscriptions.forEach((s) -> subs.add(s.clone()));
		this.subscriptions = Collections.unmodifiableList(subs);
		this.reconnectInterval = builder.reconnectInterval;
		this.reconnectIntervalMax = builder.reconnectIntervalMax;
		this.heartbeatInterval = builder.heartbeatInterval;
		this.heartbeatTimeout = builder.heartbeatTimeout;
		this.heartbeatTtl = builder.heartbeatTtl;
		this.handshakeInterval = builder.handshakeInterval;
		this.maxMessageSize = builder.maxMessageSize;
		this.maxFrames = builder.maxFrames;
		this.maxMultipartSize = (builder.maxMultipartSize != null) ? builder.maxMultipartSize
				: multiply(builder.maxMessageSize, 4);
		this.maxSubscriptions = builder.maxSubscriptions;
		this.maxSubscriptionBytes = builder.maxSubscriptionBytes;
		this.maxPendingHandshakes = builder.maxPendingHandshakes;
		this.reqPoolSize = builder.reqPoolSize;
		this.routerHandover = builder.routerHandover;
		this.xpubVerbose = builder.xpubVerbose;
		this.routerMandatory = builder.routerMandatory;
		this.xpubNoDrop = builder.xpubNoDrop;
		this.immediate = builder.immediate;
		this.tcpKeepAlive = builder.tcpKeepAlive;
		this.sendTimeout = builder.sendTimeout;
		this.security = builder.security;
		this.requestRetry = builder.requestRetry;
	}

	/**
	 * Starts a builder.
	 * @param name the socket name, used in logs, metrics, events and error messages
	 * @param type the socket type
	 * @return a builder with the defaults
	 */
	public static Builder builder(String name, SocketType type) {
		return new Builder(name, type);
	}

	/**
	 * A builder initialised with this spec's values.
	 * @return a new builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder(this.name, this.type);
		builder.binds.addAll(this.binds);
		builder.connects.addAll(this.connects);
		builder.sendHighWaterMark = this.sendHighWaterMark;
		builder.receiveHighWaterMark = this.receiveHighWaterMark;
		builder.linger = this.linger;
		builder.routingId = this.routingId;
		builder.subscriptions.addAll(this.subscriptions);
		builder.reconnectInterval = this.reconnectInterval;
		builder.reconnectIntervalMax = this.reconnectIntervalMax;
		builder.heartbeatInterval = this.heartbeatInterval;
		builder.heartbeatTimeout = this.heartbeatTimeout;
		builder.heartbeatTtl = this.heartbeatTtl;
		builder.handshakeInterval = this.handshakeInterval;
		builder.maxMessageSize = this.maxMessageSize;
		builder.maxFrames = this.maxFrames;
		builder.maxMultipartSize = this.maxMultipartSize;
		builder.maxSubscriptions = this.maxSubscriptions;
		builder.maxSubscriptionBytes = this.maxSubscriptionBytes;
		builder.maxPendingHandshakes = this.maxPendingHandshakes;
		builder.reqPoolSize = this.reqPoolSize;
		builder.routerHandover = this.routerHandover;
		builder.xpubVerbose = this.xpubVerbose;
		builder.routerMandatory = this.routerMandatory;
		builder.xpubNoDrop = this.xpubNoDrop;
		builder.immediate = this.immediate;
		builder.tcpKeepAlive = this.tcpKeepAlive;
		builder.sendTimeout = this.sendTimeout;
		builder.security = this.security;
		builder.requestRetry = this.requestRetry;
		return builder;
	}

	/** @return the socket name */
	public String name() {
		return this.name;
	}

	/** @return the socket type */
	public SocketType type() {
		return this.type;
	}

	/** @return the endpoints to bind, in order */
	public List<String> binds() {
		return this.binds;
	}

	/** @return the endpoints to connect to, in order */
	public List<String> connects() {
		return this.connects;
	}

	/** @return the send high water mark in messages per peer (0 = unlimited) */
	public int sendHighWaterMark() {
		return this.sendHighWaterMark;
	}

	/** @return the receive high water mark in messages per peer (0 = unlimited) */
	public int receiveHighWaterMark() {
		return this.receiveHighWaterMark;
	}

	/** @return how long a close waits to deliver queued messages */
	public Duration linger() {
		return this.linger;
	}

	/** @return a copy of the routing id (ZMQ_ROUTING_ID), or {@code null} to let the peer generate one */
	public byte @Nullable [] routingId() {
		return (this.routingId != null) ? this.routingId.clone() : null;
	}

	/** @return the initial subscriptions (byte prefixes) of a SUB or XSUB socket */
	public List<byte[]> subscriptions() {
		return this.subscriptions;
	}

	/** @return the interval between reconnection attempts */
	public Duration reconnectInterval() {
		return this.reconnectInterval;
	}

	/** @return the maximum reconnection interval for exponential back-off (zero = no back-off) */
	public Duration reconnectIntervalMax() {
		return this.reconnectIntervalMax;
	}

	/** @return the ZMTP heartbeat interval (zero = no heartbeats) */
	public Duration heartbeatInterval() {
		return this.heartbeatInterval;
	}

	/** @return the heartbeat timeout, or {@code null} for the heartbeat interval */
	public @Nullable Duration heartbeatTimeout() {
		return this.heartbeatTimeout;
	}

	/** @return the heartbeat time-to-live announced to peers, or {@code null} for none */
	public @Nullable Duration heartbeatTtl() {
		return this.heartbeatTtl;
	}

	/** @return the maximum time a ZMTP handshake may take before the connection is dropped (zero = no limit) */
	public Duration handshakeInterval() {
		return this.handshakeInterval;
	}

	/** @return the maximum size in bytes of one received frame; larger frames drop the connection */
	public long maxMessageSize() {
		return this.maxMessageSize;
	}

	/** @return the maximum number of frames in one received message */
	public int maxFrames() {
		return this.maxFrames;
	}

	/** @return the maximum size of one received message, all its frames together */
	public long maxMultipartSize() {
		return this.maxMultipartSize;
	}

	private static long multiply(long value, int factor) {
		return (value > Long.MAX_VALUE / factor) ? Long.MAX_VALUE : value * factor;
	}

	/** @return the maximum number of subscriptions one peer may hold on a PUB/XPUB socket */
	public int maxSubscriptions() {
		return this.maxSubscriptions;
	}

	/** @return the maximum total size of the subscriptions one peer may hold on a PUB/XPUB socket */
	public long maxSubscriptionBytes() {
		return this.maxSubscriptionBytes;
	}

	/** @return the maximum number of accepted connections still in their handshake */
	public int maxPendingHandshakes() {
		return this.maxPendingHandshakes;
	}

	/** @return whether a ROUTER gives a routing id already in use to the newcomer (libzmq's ZMQ_ROUTER_HANDOVER) */
	public boolean routerHandover() {
		return this.routerHandover;
	}

	/** @return whether an XPUB passes every subscription to the application (libzmq's ZMQ_XPUB_VERBOSE) */
	public boolean xpubVerbose() {
		return this.xpubVerbose;
	}

	/** @return whether a ROUTER send to an unknown or full peer fails instead of being dropped (ZMQ_ROUTER_MANDATORY) */
	public boolean routerMandatory() {
		return this.routerMandatory;
	}

	/** @return whether a PUB/XPUB send waits for full subscribers instead of dropping for them (ZMQ_XPUB_NODROP) */
	public boolean xpubNoDrop() {
		return this.xpubNoDrop;
	}

	/**
	 * How many REQ connections a REQ socket keeps to each endpoint it connects to (1 when a routing id is set).
	 * @return the pool size
	 */
	public int reqPoolSize() {
		return (this.routingId != null) ? 1 : this.reqPoolSize;
	}

	/** @return libzmq's ZMQ_IMMEDIATE: queue messages only to completed connections */
	public boolean immediate() {
		return this.immediate;
	}

	/** @return whether TCP keep-alive is on, or {@code null} for the operating system's default */
	public @Nullable Boolean tcpKeepAlive() {
		return this.tcpKeepAlive;
	}

	/** @return how long a send may block when the socket is at its high water mark */
	public Duration sendTimeout() {
		return this.sendTimeout;
	}

	/** @return the security settings, or {@code null} for the NULL mechanism */
	public @Nullable ZmqSecurity security() {
		return this.security;
	}

	/** @return how a requester on this spec retries a request without a reply (none by default) */
	public ZmqRetryPolicy requestRetry() {
		return this.requestRetry;
	}

	@Override
	public String toString() {
		return "socket '" + this.name + "' (" + this.type + ", bind=" + this.binds + ", connect=" + this.connects + ")";
	}

	/**
	 * Builds a {@link ZmqSocketSpec}. Not thread-safe.
	 */
	public static final class Builder extends AbstractZmqSocketSpecBuilder<Builder> {

		private Builder(String name, SocketType type) {
			super(name, type);
		}

		/**
		 * Validates and builds the spec.
		 * @return the spec
		 * @throws InvalidSocketSpecException naming the field and the value when something is invalid
		 */
		public ZmqSocketSpec build() {
			if (this.name.isBlank()) {
				throw new InvalidSocketSpecException("name", "socket name must not be blank");
			}
			for (String endpoint : this.binds) {
				checkEndpoint("bind", endpoint, true);
			}
			for (String endpoint : this.connects) {
				checkEndpoint("connect", endpoint, false);
			}
			check("sendHighWaterMark", this.sendHighWaterMark, this.sendHighWaterMark >= 0, "must be 0 (unlimited) or positive");
			check("receiveHighWaterMark", this.receiveHighWaterMark, this.receiveHighWaterMark >= 0, "must be 0 (unlimited) or positive");
			checkDuration("linger", this.linger, false);
			checkDuration("reconnectInterval", this.reconnectInterval, true);
			checkDuration("reconnectIntervalMax", this.reconnectIntervalMax, false);
			if (!this.reconnectIntervalMax.isZero() && this.reconnectIntervalMax.compareTo(this.reconnectInterval) < 0) {
				throw invalid("reconnectIntervalMax", this.reconnectIntervalMax,
						"must be zero (no back-off) or at least reconnectInterval (" + this.reconnectInterval + ")");
			}
			checkDuration("heartbeatInterval", this.heartbeatInterval, false);
			if (this.heartbeatTimeout != null) {
				checkDuration("heartbeatTimeout", this.heartbeatTimeout, true);
			}
			if (this.heartbeatTtl != null) {
				checkDuration("heartbeatTtl", this.heartbeatTtl, false);
				check("heartbeatTtl", this.heartbeatTtl, this.heartbeatTtl.toMillis() <= 6_553_500, "must be at most 6553.5 s");
			}
			checkDuration("handshakeInterval", this.handshakeInterval, false);
			check("maxMessageSize", this.maxMessageSize, this.maxMessageSize > 0,
					"must be positive (an unlimited size lets one peer exhaust memory)");
			check("maxFrames", this.maxFrames, this.maxFrames > 0, "must be positive");
			if (this.maxMultipartSize != null) {
				check("maxMultipartSize", this.maxMultipartSize, this.maxMultipartSize >= this.maxMessageSize,
						"must be at least maxMessageSize (" + this.maxMessageSize + ")");
			}
			check("maxSubscriptions", this.maxSubscriptions, this.maxSubscriptions > 0, "must be positive");
			check("maxSubscriptionBytes", this.maxSubscriptionBytes, this.maxSubscriptionBytes > 0, "must be positive");
			check("maxPendingHandshakes", this.maxPendingHandshakes, this.maxPendingHandshakes > 0, "must be positive");
			check("reqPoolSize", this.reqPoolSize, this.reqPoolSize > 0, "must be positive");
			checkDuration("sendTimeout", this.sendTimeout, false);
			if (this.routingId != null) {
				check("routingId", ZmqMessage.of(this.routingId).dump(), this.routingId.length >= 1 && this.routingId.length <= 255,
						"must be 1 to 255 bytes long");
				check("routingId", ZmqMessage.of(this.routingId).dump(), this.routingId[0] != 0,
						"must not start with a zero byte (reserved for generated ids)");
			}
			if (!this.subscriptions.isEmpty() && this.type != SocketType.SUB && this.type != SocketType.XSUB) {
				throw invalid("subscriptions", this.subscriptions.size() + " topic(s)", "apply to SUB and XSUB sockets only, not " + this.type);
			}
			return new ZmqSocketSpec(this);
		}

		private void checkEndpoint(String field, String endpoint, boolean bind) {
			if (endpoint == null || !isValidEndpoint(endpoint, bind)) {
				throw invalid(field, endpoint, "is not a valid endpoint (expected tcp://host:port, ipc://path or inproc://name"
						+ (bind ? "; a bind may use * as host or port" : "; a connect needs a host and a numeric port") + ")");
			}
		}

		private static boolean isValidEndpoint(String endpoint, boolean bind) {
			if (endpoint.startsWith("inproc://") || endpoint.startsWith("ipc://")) {
				return endpoint.length() > endpoint.indexOf("://") + 3 && endpoint.chars().noneMatch(Character::isWhitespace);
			}
			var matcher = TCP.matcher(endpoint);
			if (!matcher.matches()) {
				return false;
			}
			String host = matcher.group(1);
			String port = matcher.group(2);
			if (port.equals("*") || port.equals("!")) {
				return bind;
			}
			int number = Integer.parseInt(port);
			if (number > 65535 || (!bind && number == 0)) {
				return false;
			}
			return bind || !host.equals("*");
		}

		private void checkDuration(String field, Duration value, boolean positive) {
			Objects.requireNonNull(value, () -> "socket '" + this.name + "': " + field + " must not be null");
			boolean ok = positive ? (!value.isNegative() && !value.isZero()) : !value.isNegative();
			check(field, value, ok, positive ? "must be positive" : "must not be negative");
			check(field, value, value.toMillis() <= Integer.MAX_VALUE, "is too large (at most " + Integer.MAX_VALUE + " ms)");
		}

		private void check(String field, Object value, boolean condition, String rule) {
			if (!condition) {
				throw invalid(field, value, rule);
			}
		}

		private InvalidSocketSpecException invalid(String field, @Nullable Object value, String rule) {
			return new InvalidSocketSpecException(field, "socket '" + this.name + "': " + field + " '" + value + "' " + rule);
		}

	}

}
