package io.github.zmqspring.boot.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * The socket options of the configuration: one class for {@code zmq.defaults.*}, for every named socket
 * ({@code zmq.sockets.<name>.*}) and for every {@code zmq.integration.*} entry, whose keys sit beside the group's own
 * ({@code zmq.sockets.tasks.send-hwm}).
 * <p>
 * Every option is unset ({@code null}) unless configured; an unset option of a socket falls back to
 * {@code zmq.defaults}, and an unset default to the engine's own default ({@code ZmqSocketSpec.builder(..)}), so that
 * the defaults are written in one place, the engine. Mapping onto the engine's builder lives in
 * {@link ZmqPropertiesMapper}.
 */
public class ZmqSocketOptions {

	/**
	 * Send high water mark in messages per peer; 0 is unlimited.
	 */
	private @Nullable Integer sendHwm;

	/**
	 * Receive high water mark in messages per peer; 0 is unlimited.
	 */
	private @Nullable Integer receiveHwm;

	/**
	 * How long closing a socket waits to deliver its queued messages.
	 */
	private @Nullable Duration linger;

	/**
	 * How long a send may block while the socket is at its high water mark before it fails.
	 */
	private @Nullable Duration sendTimeout;

	/**
	 * Interval between reconnection attempts.
	 */
	private @Nullable Duration reconnectInterval;

	/**
	 * Maximum reconnection interval for exponential back-off; 0 disables the back-off.
	 */
	private @Nullable Duration reconnectIntervalMax;

	/**
	 * ZMTP heartbeat interval; 0 disables heartbeats.
	 */
	private @Nullable Duration heartbeatInterval;

	/**
	 * How long to wait for a heartbeat reply before dropping the connection; unset means the heartbeat interval.
	 */
	private @Nullable Duration heartbeatTimeout;

	/**
	 * Time-to-live announced to peers in heartbeats (at most 6553.5s); unset announces none.
	 */
	private @Nullable Duration heartbeatTtl;

	/**
	 * Maximum duration of a ZMTP handshake; 0 means no limit (not recommended).
	 */
	private @Nullable Duration handshakeInterval;

	/**
	 * Maximum size of one received frame; a peer announcing a larger frame is disconnected.
	 */
	private @Nullable DataSize maxMessageSize;

	/**
	 * Maximum number of frames in one received message; a peer sending more is disconnected.
	 */
	private @Nullable Integer maxFrames;

	/**
	 * Maximum size of one received message, all frames together (not below max-message-size); unset: 4 x that.
	 */
	private @Nullable DataSize maxMultipartSize;

	/**
	 * Maximum number of subscriptions one peer may hold on a PUB or XPUB socket; past it the peer is disconnected.
	 */
	private @Nullable Integer maxSubscriptions;

	/**
	 * Maximum total size of one peer's subscriptions on a PUB or XPUB socket; past it the peer is disconnected.
	 */
	private @Nullable DataSize maxSubscriptionBytes;

	/**
	 * Maximum number of accepted connections still in their handshake; past it newcomers wait for a slot, which one
	 * stalled for a second gives up.
	 */
	private @Nullable Integer maxPendingHandshakes;

	/**
	 * Number of REQ connections (requests in flight) a REQ socket keeps per endpoint; 1 when routing-id is set.
	 */
	private @Nullable Integer reqPoolSize;

	/**
	 * Whether messages are queued only to connections whose handshake completed (libzmq's ZMQ_IMMEDIATE).
	 */
	private @Nullable Boolean immediate;

	/**
	 * Whether TCP keep-alive is on; unset leaves the operating system's setting.
	 */
	private @Nullable Boolean tcpKeepAlive;

	/**
	 * ROUTER: whether a routing id already in use goes to the newcomer (libzmq's ZMQ_ROUTER_HANDOVER).
	 */
	private @Nullable Boolean routerHandover;

	/**
	 * ROUTER: whether a send to an unknown or full peer fails instead of being dropped (ZMQ_ROUTER_MANDATORY).
	 */
	private @Nullable Boolean routerMandatory;

	/**
	 * XPUB: whether every subscription message reaches the application (libzmq's ZMQ_XPUB_VERBOSE).
	 */
	private @Nullable Boolean xpubVerbose;

	/**
	 * PUB/XPUB: whether a send waits for a full subscriber instead of dropping for it (ZMQ_XPUB_NODROP).
	 */
	private @Nullable Boolean xpubNoDrop;

	/**
	 * Requesting sockets: how a request without a reply in time is sent again (Lazy Pirate); off unless set. On a
	 * socket, when any of it is set, it replaces zmq.defaults.request-retry as a whole.
	 */
	@NestedConfigurationProperty
	private ZmqRequestRetry requestRetry = new ZmqRequestRetry();

	/**
	 * Security mechanism (CURVE or PLAIN); on a socket, when any of it is set, it replaces zmq.defaults.security as a
	 * whole.
	 */
	@NestedConfigurationProperty
	private ZmqSocketSecurity security = new ZmqSocketSecurity();

	/**
	 * The optional header frame (trace context and message headers before the payload); off unless set. Each key
	 * left unset on a socket falls back to zmq.defaults.headers.
	 */
	@NestedConfigurationProperty
	private ZmqSocketHeaders headers = new ZmqSocketHeaders();

	public @Nullable Integer getSendHwm() {
		return this.sendHwm;
	}

	public void setSendHwm(@Nullable Integer sendHwm) {
		this.sendHwm = sendHwm;
	}

	public @Nullable Integer getReceiveHwm() {
		return this.receiveHwm;
	}

	public void setReceiveHwm(@Nullable Integer receiveHwm) {
		this.receiveHwm = receiveHwm;
	}

	public @Nullable Duration getLinger() {
		return this.linger;
	}

	public void setLinger(@Nullable Duration linger) {
		this.linger = linger;
	}

	public @Nullable Duration getSendTimeout() {
		return this.sendTimeout;
	}

	public void setSendTimeout(@Nullable Duration sendTimeout) {
		this.sendTimeout = sendTimeout;
	}

	public @Nullable Duration getReconnectInterval() {
		return this.reconnectInterval;
	}

	public void setReconnectInterval(@Nullable Duration reconnectInterval) {
		this.reconnectInterval = reconnectInterval;
	}

	public @Nullable Duration getReconnectIntervalMax() {
		return this.reconnectIntervalMax;
	}

	public void setReconnectIntervalMax(@Nullable Duration reconnectIntervalMax) {
		this.reconnectIntervalMax = reconnectIntervalMax;
	}

	public @Nullable Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(@Nullable Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public @Nullable Duration getHeartbeatTimeout() {
		return this.heartbeatTimeout;
	}

	public void setHeartbeatTimeout(@Nullable Duration heartbeatTimeout) {
		this.heartbeatTimeout = heartbeatTimeout;
	}

	public @Nullable Duration getHeartbeatTtl() {
		return this.heartbeatTtl;
	}

	public void setHeartbeatTtl(@Nullable Duration heartbeatTtl) {
		this.heartbeatTtl = heartbeatTtl;
	}

	public @Nullable Duration getHandshakeInterval() {
		return this.handshakeInterval;
	}

	public void setHandshakeInterval(@Nullable Duration handshakeInterval) {
		this.handshakeInterval = handshakeInterval;
	}

	public @Nullable DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(@Nullable DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public @Nullable Integer getMaxFrames() {
		return this.maxFrames;
	}

	public void setMaxFrames(@Nullable Integer maxFrames) {
		this.maxFrames = maxFrames;
	}

	public @Nullable DataSize getMaxMultipartSize() {
		return this.maxMultipartSize;
	}

	public void setMaxMultipartSize(@Nullable DataSize maxMultipartSize) {
		this.maxMultipartSize = maxMultipartSize;
	}

	public @Nullable Integer getMaxSubscriptions() {
		return this.maxSubscriptions;
	}

	public void setMaxSubscriptions(@Nullable Integer maxSubscriptions) {
		this.maxSubscriptions = maxSubscriptions;
	}

	public @Nullable DataSize getMaxSubscriptionBytes() {
		return this.maxSubscriptionBytes;
	}

	public void setMaxSubscriptionBytes(@Nullable DataSize maxSubscriptionBytes) {
		this.maxSubscriptionBytes = maxSubscriptionBytes;
	}

	public @Nullable Integer getMaxPendingHandshakes() {
		return this.maxPendingHandshakes;
	}

	public void setMaxPendingHandshakes(@Nullable Integer maxPendingHandshakes) {
		this.maxPendingHandshakes = maxPendingHandshakes;
	}

	public @Nullable Integer getReqPoolSize() {
		return this.reqPoolSize;
	}

	public void setReqPoolSize(@Nullable Integer reqPoolSize) {
		this.reqPoolSize = reqPoolSize;
	}

	public @Nullable Boolean getImmediate() {
		return this.immediate;
	}

	public void setImmediate(@Nullable Boolean immediate) {
		this.immediate = immediate;
	}

	public @Nullable Boolean getTcpKeepAlive() {
		return this.tcpKeepAlive;
	}

	public void setTcpKeepAlive(@Nullable Boolean tcpKeepAlive) {
		this.tcpKeepAlive = tcpKeepAlive;
	}

	public @Nullable Boolean getRouterHandover() {
		return this.routerHandover;
	}

	public void setRouterHandover(@Nullable Boolean routerHandover) {
		this.routerHandover = routerHandover;
	}

	public @Nullable Boolean getRouterMandatory() {
		return this.routerMandatory;
	}

	public void setRouterMandatory(@Nullable Boolean routerMandatory) {
		this.routerMandatory = routerMandatory;
	}

	public @Nullable Boolean getXpubVerbose() {
		return this.xpubVerbose;
	}

	public void setXpubVerbose(@Nullable Boolean xpubVerbose) {
		this.xpubVerbose = xpubVerbose;
	}

	public @Nullable Boolean getXpubNoDrop() {
		return this.xpubNoDrop;
	}

	public void setXpubNoDrop(@Nullable Boolean xpubNoDrop) {
		this.xpubNoDrop = xpubNoDrop;
	}

	public ZmqSocketSecurity getSecurity() {
		return this.security;
	}

	public void setSecurity(ZmqSocketSecurity security) {
		this.security = security;
	}

	public ZmqSocketHeaders getHeaders() {
		return this.headers;
	}

	public void setHeaders(ZmqSocketHeaders headers) {
		this.headers = headers;
	}

	public ZmqRequestRetry getRequestRetry() {
		return this.requestRetry;
	}

	public void setRequestRetry(ZmqRequestRetry requestRetry) {
		this.requestRetry = requestRetry;
	}

}
