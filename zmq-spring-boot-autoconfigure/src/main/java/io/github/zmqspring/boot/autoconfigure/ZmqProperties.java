package io.github.zmqspring.boot.autoconfigure;

import java.nio.file.Path;
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
 * Secrets (CURVE secret keys, PLAIN passwords) never appear in the {@code toString()} of these classes.
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
	 * Engine-wide security settings: the authenticator that admits CURVE and PLAIN clients.
	 */
	private final Security security = new Security();

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
	 * The engine-wide security settings ({@code zmq.security.*}).
	 * @return the security settings
	 */
	public Security getSecurity() {
		return this.security;
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
		 * How long closing the engine waits for every socket to deliver its queued messages and close.
		 */
		private Duration closeTimeout = Duration.ofSeconds(30);

		/**
		 * Whether start-up fails when a named socket cannot be opened (a bind fails); when false the socket is
		 * reported FAILED by the health indicator and start-up goes on.
		 */
		private boolean failFast = true;

		/**
		 * Whether the health indicator reports DOWN, naming the socket, when the engine dropped an established
		 * connection for a fault (a protocol error or an exceeded limit after the handshake) since the previous health
		 * check; the next check is UP again if no new fault came.
		 */
		private boolean healthDownOnFault = true;

		public int getIoThreads() {
			return this.ioThreads;
		}

		public void setIoThreads(int ioThreads) {
			this.ioThreads = ioThreads;
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

		public boolean isHealthDownOnFault() {
			return this.healthDownOnFault;
		}

		public void setHealthDownOnFault(boolean healthDownOnFault) {
			this.healthDownOnFault = healthDownOnFault;
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
		 * Maximum number of frames in one received message; a peer sending more is disconnected.
		 */
		private int maxFrames = 4096;

		/**
		 * Maximum size of one received message, all frames together (not below max-message-size); unset: 4 x that.
		 */
		private @Nullable DataSize maxMultipartSize;

		/**
		 * Maximum number of subscriptions one peer may hold on a PUB or XPUB socket; past it the peer is disconnected.
		 */
		private int maxSubscriptions = 10_000;

		/**
		 * Maximum total size of one peer's subscriptions on a PUB or XPUB socket; past it the peer is disconnected.
		 */
		private DataSize maxSubscriptionBytes = DataSize.ofMegabytes(1);

		/**
		 * Maximum number of accepted connections still in their handshake; past it the one that made no handshake
		 * progress for the longest time is dropped.
		 */
		private int maxPendingHandshakes = 1000;

		/**
		 * Number of REQ connections (requests in flight) a REQ socket keeps per endpoint; 1 when routing-id is set.
		 */
		private int reqPoolSize = 4;

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
		 * Security mechanism of every socket that sets no security of its own.
		 */
		private final SocketSecurity security = new SocketSecurity();

		public SocketSecurity getSecurity() {
			return this.security;
		}

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

		public int getMaxFrames() {
			return this.maxFrames;
		}

		public void setMaxFrames(int maxFrames) {
			this.maxFrames = maxFrames;
		}

		public @Nullable DataSize getMaxMultipartSize() {
			return this.maxMultipartSize;
		}

		public void setMaxMultipartSize(@Nullable DataSize maxMultipartSize) {
			this.maxMultipartSize = maxMultipartSize;
		}

		public int getMaxSubscriptions() {
			return this.maxSubscriptions;
		}

		public void setMaxSubscriptions(int maxSubscriptions) {
			this.maxSubscriptions = maxSubscriptions;
		}

		public DataSize getMaxSubscriptionBytes() {
			return this.maxSubscriptionBytes;
		}

		public void setMaxSubscriptionBytes(DataSize maxSubscriptionBytes) {
			this.maxSubscriptionBytes = maxSubscriptionBytes;
		}

		public int getMaxPendingHandshakes() {
			return this.maxPendingHandshakes;
		}

		public void setMaxPendingHandshakes(int maxPendingHandshakes) {
			this.maxPendingHandshakes = maxPendingHandshakes;
		}

		public int getReqPoolSize() {
			return this.reqPoolSize;
		}

		public void setReqPoolSize(int reqPoolSize) {
			this.reqPoolSize = reqPoolSize;
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
		 * Maximum number of frames in one received message; unset uses zmq.defaults.max-frames.
		 */
		private @Nullable Integer maxFrames;

		/**
		 * Maximum size of one received message; unset uses zmq.defaults.max-multipart-size (unset: 4 x max-message-size).
		 */
		private @Nullable DataSize maxMultipartSize;

		/**
		 * Maximum number of subscriptions one peer may hold (PUB, XPUB); unset uses zmq.defaults.max-subscriptions.
		 */
		private @Nullable Integer maxSubscriptions;

		/**
		 * Maximum total size of one peer's subscriptions (PUB, XPUB); unset uses zmq.defaults.max-subscription-bytes.
		 */
		private @Nullable DataSize maxSubscriptionBytes;

		/**
		 * Maximum number of accepted connections in their handshake; unset uses zmq.defaults.max-pending-handshakes.
		 */
		private @Nullable Integer maxPendingHandshakes;

		/**
		 * Number of REQ connections kept to each endpoint (REQ); unset uses zmq.defaults.req-pool-size.
		 */
		private @Nullable Integer reqPoolSize;

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
		 * Security mechanism of this socket; when any of it is set, it replaces zmq.defaults.security as a whole.
		 */
		private final SocketSecurity security = new SocketSecurity();

		public SocketSecurity getSecurity() {
			return this.security;
		}

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

		public @Nullable Duration getSendTimeout() {
			return this.sendTimeout;
		}

		public void setSendTimeout(@Nullable Duration sendTimeout) {
			this.sendTimeout = sendTimeout;
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

	/**
	 * Engine-wide security settings.
	 */
	public static class Security {

		/**
		 * The authenticator (ZAP handler) deciding which CURVE and PLAIN clients the engine's server sockets admit.
		 */
		private final Authenticator authenticator = new Authenticator();

		public Authenticator getAuthenticator() {
			return this.authenticator;
		}

		@Override
		public String toString() {
			return "Security[authenticator=" + this.authenticator + "]";
		}

	}

	/**
	 * The engine's authenticator (ZAP handler, ZeroMQ RFC 27). Without one, a CURVE server admits every client that
	 * knows its public key and a PLAIN server every user name and password.
	 */
	public static class Authenticator {

		/**
		 * Whether the authenticator starts with the engine; unset starts it when any of its rules is set.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Public keys (Z85, 40 characters) of the CURVE clients admitted.
		 */
		private List<String> allowCurveKeys = new ArrayList<>();

		/**
		 * Directory of czmq/pyzmq certificate files whose public keys are admitted CURVE clients.
		 */
		private @Nullable Path allowCurveKeyDirectory;

		/**
		 * Whether every CURVE client that knows the server's public key is admitted (encryption only).
		 */
		private boolean allowAnyCurveKey;

		/**
		 * PLAIN users admitted, user name to password.
		 */
		private Map<String, String> plainUsers = new LinkedHashMap<>();

		/**
		 * Properties file of PLAIN users (user=password lines).
		 */
		private @Nullable Path plainUsersFile;

		/**
		 * Peer IP addresses admitted; when set, every other address is refused and deny-ips is ignored.
		 */
		private List<String> allowIps = new ArrayList<>();

		/**
		 * Peer IP addresses refused.
		 */
		private List<String> denyIps = new ArrayList<>();

		/**
		 * Whether allow-curve-key-directory and plain-users-file are reread when they change (new handshakes use them).
		 */
		private boolean reloadOnUpdate;

		/**
		 * How long changed authenticator files must stay unchanged before reload-on-update rereads them.
		 */
		private Duration quietPeriod = Duration.ofSeconds(10);

		/**
		 * Whether the authenticator starts: {@code enabled} when set, otherwise whether any rule is set.
		 * @return whether it starts with the engine
		 */
		boolean isActive() {
			if (this.enabled != null) {
				return this.enabled;
			}
			return !this.allowCurveKeys.isEmpty() || this.allowCurveKeyDirectory != null || this.allowAnyCurveKey
					|| !this.plainUsers.isEmpty() || this.plainUsersFile != null || !this.allowIps.isEmpty()
					|| !this.denyIps.isEmpty();
		}

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getAllowCurveKeys() {
			return this.allowCurveKeys;
		}

		public void setAllowCurveKeys(List<String> allowCurveKeys) {
			this.allowCurveKeys = allowCurveKeys;
		}

		public @Nullable Path getAllowCurveKeyDirectory() {
			return this.allowCurveKeyDirectory;
		}

		public void setAllowCurveKeyDirectory(@Nullable Path allowCurveKeyDirectory) {
			this.allowCurveKeyDirectory = allowCurveKeyDirectory;
		}

		public boolean isAllowAnyCurveKey() {
			return this.allowAnyCurveKey;
		}

		public void setAllowAnyCurveKey(boolean allowAnyCurveKey) {
			this.allowAnyCurveKey = allowAnyCurveKey;
		}

		public Map<String, String> getPlainUsers() {
			return this.plainUsers;
		}

		public void setPlainUsers(Map<String, String> plainUsers) {
			this.plainUsers = plainUsers;
		}

		public @Nullable Path getPlainUsersFile() {
			return this.plainUsersFile;
		}

		public void setPlainUsersFile(@Nullable Path plainUsersFile) {
			this.plainUsersFile = plainUsersFile;
		}

		public List<String> getAllowIps() {
			return this.allowIps;
		}

		public void setAllowIps(List<String> allowIps) {
			this.allowIps = allowIps;
		}

		public List<String> getDenyIps() {
			return this.denyIps;
		}

		public void setDenyIps(List<String> denyIps) {
			this.denyIps = denyIps;
		}

		public boolean isReloadOnUpdate() {
			return this.reloadOnUpdate;
		}

		public void setReloadOnUpdate(boolean reloadOnUpdate) {
			this.reloadOnUpdate = reloadOnUpdate;
		}

		public Duration getQuietPeriod() {
			return this.quietPeriod;
		}

		public void setQuietPeriod(Duration quietPeriod) {
			this.quietPeriod = quietPeriod;
		}

		@Override
		public String toString() {
			return "Authenticator[enabled=" + this.enabled + ", allowCurveKeys=" + this.allowCurveKeys
					+ ", allowCurveKeyDirectory=" + this.allowCurveKeyDirectory + ", allowAnyCurveKey="
					+ this.allowAnyCurveKey + ", plainUsers=" + this.plainUsers.keySet() + " (passwords hidden)"
					+ ", plainUsersFile=" + this.plainUsersFile + ", allowIps=" + this.allowIps + ", denyIps="
					+ this.denyIps + ", reloadOnUpdate=" + this.reloadOnUpdate + ", quietPeriod=" + this.quietPeriod
					+ "]";
		}

	}

	/**
	 * The security mechanism of a socket: CURVE (encryption and authentication by key pairs) or PLAIN (clear-text
	 * user name and password, for trusted networks only). Unset, a socket uses the NULL mechanism.
	 */
	public static class SocketSecurity {

		/**
		 * Security mechanism; unset infers CURVE when curve.* is set, PLAIN when plain.* is set, else NULL.
		 */
		private @Nullable Mechanism mechanism;

		/**
		 * ZAP domain the authenticator sees; unset uses the socket name.
		 */
		private @Nullable String zapDomain;

		/**
		 * CURVE settings.
		 */
		private final Curve curve = new Curve();

		/**
		 * PLAIN settings.
		 */
		private final Plain plain = new Plain();

		/**
		 * Whether anything of this group is set.
		 * @return {@code true} when the socket configures its own security
		 */
		boolean isConfigured() {
			return this.mechanism != null || this.zapDomain != null || this.curve.isConfigured()
					|| this.plain.isConfigured();
		}

		public @Nullable Mechanism getMechanism() {
			return this.mechanism;
		}

		public void setMechanism(@Nullable Mechanism mechanism) {
			this.mechanism = mechanism;
		}

		public @Nullable String getZapDomain() {
			return this.zapDomain;
		}

		public void setZapDomain(@Nullable String zapDomain) {
			this.zapDomain = zapDomain;
		}

		public Curve getCurve() {
			return this.curve;
		}

		public Plain getPlain() {
			return this.plain;
		}

		@Override
		public String toString() {
			return "SocketSecurity[mechanism=" + this.mechanism + ", zapDomain=" + this.zapDomain + ", curve="
					+ this.curve + ", plain=" + this.plain + "]";
		}

		/** Security mechanisms. */
		public enum Mechanism {

			/** No security (ZeroMQ's NULL mechanism); disables zmq.defaults.security for a socket. */
			NULL,
			/** CURVE: encryption and authentication by key pairs. */
			CURVE,
			/** PLAIN: clear-text user name and password. */
			PLAIN

		}

	}

	/**
	 * CURVE settings of a socket. Keys are 40-character Z85 strings (as ZmqKeyGenerator, libzmq's
	 * {@code zmq_curve_keypair} and pyzmq's {@code zmq.curve_keypair()} print them) or czmq/pyzmq certificate files.
	 */
	public static class Curve {

		/**
		 * Whether this socket is the CURVE server (holds its key pair; clients must know its public key).
		 */
		private boolean server;

		/**
		 * Own public key (Z85); or use key-pair-file.
		 */
		private @Nullable String publicKey;

		/**
		 * Own secret key (Z85); keep it out of source control, e.g. ${MY_SECRET_KEY}.
		 */
		private @Nullable String secretKey;

		/**
		 * Own key pair as a secret certificate file (.key_secret, czmq/pyzmq format) instead of public-key and secret-key.
		 */
		private @Nullable Path keyPairFile;

		/**
		 * Public key (Z85) of the CURVE server this client connects to.
		 */
		private @Nullable String serverKey;

		/**
		 * Public certificate file (.key) of the CURVE server this client connects to, instead of server-key.
		 */
		private @Nullable Path serverKeyFile;

		boolean isConfigured() {
			return this.server || this.publicKey != null || this.secretKey != null || this.keyPairFile != null
					|| this.serverKey != null || this.serverKeyFile != null;
		}

		public boolean isServer() {
			return this.server;
		}

		public void setServer(boolean server) {
			this.server = server;
		}

		public @Nullable String getPublicKey() {
			return this.publicKey;
		}

		public void setPublicKey(@Nullable String publicKey) {
			this.publicKey = publicKey;
		}

		public @Nullable String getSecretKey() {
			return this.secretKey;
		}

		public void setSecretKey(@Nullable String secretKey) {
			this.secretKey = secretKey;
		}

		public @Nullable Path getKeyPairFile() {
			return this.keyPairFile;
		}

		public void setKeyPairFile(@Nullable Path keyPairFile) {
			this.keyPairFile = keyPairFile;
		}

		public @Nullable String getServerKey() {
			return this.serverKey;
		}

		public void setServerKey(@Nullable String serverKey) {
			this.serverKey = serverKey;
		}

		public @Nullable Path getServerKeyFile() {
			return this.serverKeyFile;
		}

		public void setServerKeyFile(@Nullable Path serverKeyFile) {
			this.serverKeyFile = serverKeyFile;
		}

		@Override
		public String toString() {
			return "Curve[server=" + this.server + ", publicKey=" + this.publicKey + ", secretKey="
					+ ((this.secretKey != null) ? "(hidden)" : "null") + ", keyPairFile=" + this.keyPairFile
					+ ", serverKey=" + this.serverKey + ", serverKeyFile=" + this.serverKeyFile + "]";
		}

	}

	/**
	 * PLAIN settings of a socket: a server checks user names and passwords through the authenticator, a client
	 * sends them. Passwords travel in clear text: use PLAIN on trusted networks only.
	 */
	public static class Plain {

		/**
		 * Whether this socket is the PLAIN server (checks credentials through zmq.security.authenticator).
		 */
		private boolean server;

		/**
		 * User name a PLAIN client sends.
		 */
		private @Nullable String username;

		/**
		 * Password a PLAIN client sends; keep it out of source control, e.g. ${MY_PASSWORD}.
		 */
		private @Nullable String password;

		boolean isConfigured() {
			return this.server || this.username != null || this.password != null;
		}

		public boolean isServer() {
			return this.server;
		}

		public void setServer(boolean server) {
			this.server = server;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		@Override
		public String toString() {
			return "Plain[server=" + this.server + ", username=" + this.username + ", password="
					+ ((this.password != null) ? "(hidden)" : "null") + "]";
		}

	}

}
