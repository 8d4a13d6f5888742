package io.github.zmqspring.boot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

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
	 * Socket options applied to every socket unless the socket sets its own; unset ones are the engine's defaults.
	 */
	@NestedConfigurationProperty
	private final ZmqSocketOptions defaults = new ZmqSocketOptions();

	/**
	 * Named sockets, keyed by name: the template sends and requests on them, listeners may receive from them.
	 */
	private final Map<String, ZmqSocketProperties> sockets = new LinkedHashMap<>();

	/**
	 * Proxies (brokers in the middle) by name: ROUTER/DEALER, XSUB/XPUB or PULL/PUSH, each side a socket as under
	 * zmq.sockets, with an optional capture socket; started and stopped with the context.
	 */
	private final Map<String, ZmqProxyProperties> proxies = new LinkedHashMap<>();

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
	public ZmqSocketOptions getDefaults() {
		return this.defaults;
	}

	/**
	 * The named sockets ({@code zmq.sockets.<name>.*}), in declaration order, keyed by socket name.
	 * @return the mutable map of sockets
	 */
	public Map<String, ZmqSocketProperties> getSockets() {
		return this.sockets;
	}

	/**
	 * The proxies ({@code zmq.proxies.<name>.*}), in declaration order, keyed by proxy name.
	 * @return the mutable map of proxies
	 */
	public Map<String, ZmqProxyProperties> getProxies() {
		return this.proxies;
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
		 * reported FAILED at /actuator/health/zmq/<name> and start-up goes on.
		 */
		private boolean failFast = true;

		/**
		 * Whether a socket's health entry (zmq/<name>) reports DOWN when the engine dropped an established
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

		/**
		 * Whether each send and request is a Micrometer observation (zmq.template), using the ObservationRegistry bean.
		 */
		private boolean observationEnabled;

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

		public boolean isObservationEnabled() {
			return this.observationEnabled;
		}

		public void setObservationEnabled(boolean observationEnabled) {
			this.observationEnabled = observationEnabled;
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

		/**
		 * Whether each delivery to a @ZmqListener method is a Micrometer observation (zmq.listener), using the
		 * ObservationRegistry bean.
		 */
		private boolean observationEnabled;

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

		public boolean isObservationEnabled() {
			return this.observationEnabled;
		}

		public void setObservationEnabled(boolean observationEnabled) {
			this.observationEnabled = observationEnabled;
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

}
