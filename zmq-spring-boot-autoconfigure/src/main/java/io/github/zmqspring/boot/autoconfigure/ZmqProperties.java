package io.github.zmqspring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.github.zmqspring.core.SocketType;

/**
 * Configuration properties for ZeroMQ, under the prefix {@code zmq}: the engine, options applied to every socket,
 * named sockets, the template and the listener containers. Spring Integration adapters have their own properties
 * ({@code zmq.integration.*}).
 * <pre class="code">
 * zmq:
 *   defaults: { linger: 2s, send-hwm: 10000 }
 *   sockets:
 *     weather: { type: PUB, bind: "tcp://*:5556" }
 *     echo:    { type: DEALER, connect: "tcp://localhost:15000" }
 *   template: { request-timeout: 2s }
 * </pre>
 */
@ConfigurationProperties("zmq")
public class ZmqProperties {

	/**
	 * Engine settings.
	 */
	private final Engine engine = new Engine();

	/**
	 * Socket options applied to every socket unless the socket sets its own.
	 */
	private final Defaults defaults = new Defaults();

	/**
	 * Named sockets, keyed by name: the template sends and requests on them, listeners may receive from them.
	 */
	private final Map<String, Socket> sockets = new LinkedHashMap<>();

	/**
	 * Template settings.
	 */
	private final Template template = new Template();

	/**
	 * Listener container settings.
	 */
	private final Listener listener = new Listener();

	/**
	 * The engine settings ({@code zmq.engine.*}).
	 * @return the engine settings
	 */
	public Engine getEngine() {
		return this.engine;
	}

	/**
	 * The options applied to every socket unless a named socket overrides them ({@code zmq.defaults.*}).
	 * @return the defaults
	 */
	public Defaults getDefaults() {
		return this.defaults;
	}

	/**
	 * The named sockets ({@code zmq.sockets.<name>.*}), in declaration order, keyed by socket name.
	 * @return the mutable map of sockets
	 */
	public Map<String, Socket> getSockets() {
		return this.sockets;
	}

	/**
	 * The template settings ({@code zmq.template.*}).
	 * @return the template settings
	 */
	public Template getTemplate() {
		return this.template;
	}

	/**
	 * The listener container settings ({@code zmq.listener.*}).
	 * @return the listener settings
	 */
	public Listener getListener() {
		return this.listener;
	}

	/**
	 * Engine settings.
	 */
	public static class Engine {

		/**
		 * Number of ZeroMQ I/O threads.
		 */
		private int ioThreads = 1;

		/**
		 * How long a fresh connection may wait for its ZMTP greeting before the engine recovers it.
		 */
		private Duration handshakeStallTimeout = Duration.ofMillis(100);

		/**
		 * How long closing the engine waits for every socket to deliver its queued messages and close.
		 */
		private Duration closeTimeout = Duration.ofSeconds(30);

		/**
		 * Whether start-up fails when a named socket cannot be opened (a bind fails); when false the socket is
		 * reported FAILED by the health indicator and start-up goes on.
		 */
		private boolean failFast = true;

		public int getIoThreads() {
			return this.ioThreads;
		}

		public void setIoThreads(int ioThreads) {
			this.ioThreads = ioThreads;
		}

		public Duration getHandshakeStallTimeout() {
			return this.handshakeStallTimeout;
		}

		public void setHandshakeStallTimeout(Duration handshakeStallTimeout) {
			this.handshakeStallTimeout = handshakeStallTimeout;
		}

		public Duration getCloseTimeout() {
			return this.closeTimeout;
		}

		public void setCloseTimeout(Duration closeTimeout) {
			this.closeTimeout = closeTimeout;
		}

		public boolean isFailFast() {
			return this.failFast;
		}

		public void setFailFast(boolean failFast) {
			this.failFast = failFast;
		}

	}

	/**
	 * Socket options applied to every socket (named sockets, listener sockets, integration adapters) unless the
	 * socket sets its own.
	 */
	public static class Defaults {

		/**
		 * Send high water mark in messages per peer; 0 is unlimited.
		 */
		private int sendHwm = 1000;

		/**
		 * Receive high water mark in messages per peer; 0 is unlimited.
		 */
		private int receiveHwm = 1000;

		/**
		 * How long closing a socket waits to deliver its queued messages.
		 */
		private Duration linger = Duration.ofSeconds(1);

		/**
		 * Interval between reconnection attempts.
		 */
		private Duration reconnectInterval = Duration.ofMillis(100);

		/**
		 * Maximum reconnection interval for exponential back-off; 0 disables the back-off.
		 */
		private Duration reconnectIntervalMax = Duration.ZERO;

		/**
		 * ZMTP heartbeat interval; 0 disables heartbeats.
		 */
		private Duration heartbeatInterval = Duration.ZERO;

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
		private Duration handshakeInterval = Duration.ofSeconds(5);

		/**
		 * Maximum size of one received frame; a peer announcing a larger frame is disconnected.
		 */
		private DataSize maxMessageSize = DataSize.ofMegabytes(4);

		/**
		 * Whether messages are queued only to connections whose handshake completed (libzmq's ZMQ_IMMEDIATE).
		 */
		private boolean immediate;

		/**
		 * Whether TCP keep-alive is on; unset leaves the operating system's setting.
		 */
		private @Nullable Boolean tcpKeepAlive;

		/**
		 * How long a send may block while the socket is at its high water mark before it fails.
		 */
		private Duration sendTimeout = Duration.ofSeconds(5);

		/**
		 * How many messages callers may queue for a socket's owner thread before sends block.
		 */
		private int sendQueueCapacity = 4096;

		public int getSendHwm() {
			return this.sendHwm;
		}

		public void setSendHwm(int sendHwm) {
			this.sendHwm = sendHwm;
		}

		public int getReceiveHwm() {
			return this.receiveHwm;
		}

		public void setReceiveHwm(int receiveHwm) {
			this.receiveHwm = receiveHwm;
		}

		public Duration getLinger() {
			return this.linger;
		}

		public void setLinger(Duration linger) {
			this.linger = linger;
		}

		public Duration getReconnectInterval() {
			return this.reconnectInterval;
		}

		public void setReconnectInterval(Duration reconnectInterval) {
			this.reconnectInterval = reconnectInterval;
		}

		public Duration getReconnectIntervalMax() {
			return this.reconnectIntervalMax;
		}

		public void setReconnectIntervalMax(Duration reconnectIntervalMax) {
			this.reconnectIntervalMax = reconnectIntervalMax;
		}

		public Duration getHeartbeatInterval() {
			return this.heartbeatInterval;
		}

		public void setHeartbeatInterval(Duration heartbeatInterval) {
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

		public Duration getHandshakeInterval() {
			return this.handshakeInterval;
		}

		public void setHandshakeInterval(Duration handshakeInterval) {
			this.handshakeInterval = handshakeInterval;
		}

		public DataSize getMaxMessageSize() {
			return this.maxMessageSize;
		}

		public void setMaxMessageSize(DataSize maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
		}

		public boolean isImmediate() {
			return this.immediate;
		}

		public void setImmediate(boolean immediate) {
			this.immediate = immediate;
		}

		public @Nullable Boolean getTcpKeepAlive() {
			return this.tcpKeepAlive;
		}

		public void setTcpKeepAlive(@Nullable Boolean tcpKeepAlive) {
			this.tcpKeepAlive = tcpKeepAlive;
		}

		public Duration getSendTimeout() {
			return this.sendTimeout;
		}

		public void setSendTimeout(Duration sendTimeout) {
			this.sendTimeout = sendTimeout;
		}

		public int getSendQueueCapacity() {
			return this.sendQueueCapacity;
		}

		public void setSendQueueCapacity(int sendQueueCapacity) {
			this.sendQueueCapacity = sendQueueCapacity;
		}

	}

	/**
	 * One named socket. Options left unset fall back to {@code zmq.defaults.*}.
	 */
	public static class Socket {

		/**
		 * Socket type (PUB, SUB, PUSH, PULL, REQ, REP, DEALER, ROUTER, PAIR, XPUB, XSUB, STREAM); required.
		 */
		private @Nullable SocketType type;

		/**
		 * Endpoints to bind, such as tcp://*:5556, tcp://127.0.0.1:* (random port) or inproc://name.
		 */
		private List<String> bind = new ArrayList<>();

		/**
		 * Endpoints to connect to, such as tcp://localhost:5556.
		 */
		private List<String> connect = new ArrayList<>();

		/**
		 * Subscriptions of a SUB or XSUB socket: prefixes of the first frame; an empty string receives everything.
		 */
		private List<String> topics = new ArrayList<>();

		/**
		 * Routing id (ZMQ_ROUTING_ID, UTF-8) that peers' ROUTER sockets see; unset lets the peer generate one.
		 */
		private @Nullable String routingId;

		/**
		 * Send high water mark in messages per peer; unset uses zmq.defaults.send-hwm.
		 */
		private @Nullable Integer sendHwm;

		/**
		 * Receive high water mark in messages per peer; unset uses zmq.defaults.receive-hwm.
		 */
		private @Nullable Integer receiveHwm;

		/**
		 * How long closing the socket waits to deliver queued messages; unset uses zmq.defaults.linger.
		 */
		private @Nullable Duration linger;

		/**
		 * Interval between reconnection attempts; unset uses zmq.defaults.reconnect-interval.
		 */
		private @Nullable Duration reconnectInterval;

		/**
		 * Maximum reconnection interval for back-off; unset uses zmq.defaults.reconnect-interval-max.
		 */
		private @Nullable Duration reconnectIntervalMax;

		/**
		 * ZMTP heartbeat interval; unset uses zmq.defaults.heartbeat-interval.
		 */
		private @Nullable Duration heartbeatInterval;

		/**
		 * Heartbeat reply timeout; unset uses zmq.defaults.heartbeat-timeout.
		 */
		private @Nullable Duration heartbeatTimeout;

		/**
		 * Heartbeat time-to-live announced to peers; unset uses zmq.defaults.heartbeat-ttl.
		 */
		private @Nullable Duration heartbeatTtl;

		/**
		 * Maximum duration of a ZMTP handshake; unset uses zmq.defaults.handshake-interval.
		 */
		private @Nullable Duration handshakeInterval;

		/**
		 * Maximum size of one received frame; unset uses zmq.defaults.max-message-size.
		 */
		private @Nullable DataSize maxMessageSize;

		/**
		 * Whether messages are queued only to completed connections; unset uses zmq.defaults.immediate.
		 */
		private @Nullable Boolean immediate;

		/**
		 * Whether TCP keep-alive is on; unset uses zmq.defaults.tcp-keep-alive.
		 */
		private @Nullable Boolean tcpKeepAlive;

		/**
		 * How long a send may block at the high water mark; unset uses zmq.defaults.send-timeout.
		 */
		private @Nullable Duration sendTimeout;

		/**
		 * How many messages callers may queue for the owner thread; unset uses zmq.defaults.send-queue-capacity.
		 */
		private @Nullable Integer sendQueueCapacity;

		public @Nullable SocketType getType() {
			return this.type;
		}

		public void setType(@Nullable SocketType type) {
			this.type = type;
		}

		public List<String> getBind() {
			return this.bind;
		}

		public void setBind(List<String> bind) {
			this.bind = bind;
		}

		public List<String> getConnect() {
			return this.connect;
		}

		public void setConnect(List<String> connect) {
			this.connect = connect;
		}

		public List<String> getTopics() {
			return this.topics;
		}

		public void setTopics(List<String> topics) {
			this.topics = topics;
		}

		public @Nullable String getRoutingId() {
			return this.routingId;
		}

		public void setRoutingId(@Nullable String routingId) {
			this.routingId = routingId;
		}

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

		public @Nullable Duration getSendTimeout() {
			return this.sendTimeout;
		}

		public void setSendTimeout(@Nullable Duration sendTimeout) {
			this.sendTimeout = sendTimeout;
		}

		public @Nullable Integer getSendQueueCapacity() {
			return this.sendQueueCapacity;
		}

		public void setSendQueueCapacity(@Nullable Integer sendQueueCapacity) {
			this.sendQueueCapacity = sendQueueCapacity;
		}

	}

	/**
	 * Template settings.
	 */
	public static class Template {

		/**
		 * How long a request waits for its reply when the call gives no timeout.
		 */
		private Duration requestTimeout = Duration.ofSeconds(5);

		/**
		 * How long a send may block at the high water mark; unset uses the socket's own send-timeout.
		 */
		private @Nullable Duration sendTimeout;

		public Duration getRequestTimeout() {
			return this.requestTimeout;
		}

		public void setRequestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
		}

		public @Nullable Duration getSendTimeout() {
			return this.sendTimeout;
		}

		public void setSendTimeout(@Nullable Duration sendTimeout) {
			this.sendTimeout = sendTimeout;
		}

	}

	/**
	 * Listener container settings, defaults for every {@code @ZmqListener} that does not set its own.
	 */
	public static class Listener {

		/**
		 * Number of threads each listener container runs its handler on; 1 keeps per-socket order.
		 */
		private int concurrency = 1;

		/**
		 * Whether listener containers start with the application context.
		 */
		private boolean autoStartup = true;

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public boolean isAutoStartup() {
			return this.autoStartup;
		}

		public void setAutoStartup(boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

	}

}
