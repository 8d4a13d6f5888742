package io.github.zmqspring.core.internal;

import java.lang.Thread.UncaughtExceptionHandler;
import java.lang.ref.WeakReference;
import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zmq.Ctx;
import zmq.Msg;
import zmq.SocketBase;
import zmq.ZError;
import zmq.ZMQ;
import zmq.io.Metadata;

import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqException;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * The {@link SocketDriver} over JeroMQ 0.6.0's low-level {@code zmq} API (no exceptions on the hot path, errno
 * instead). The only class of the engine that touches JeroMQ.
 */
public final class JeroMqDriver implements SocketDriver {

	private static final Logger logger = LoggerFactory.getLogger(JeroMqDriver.class);

	private static final long HOSTILE_WARNING_INTERVAL_NANOS = 10_000_000_000L;

	private static final long NUDGE_MIN_INTERVAL_NANOS = 5_000_000L;

	private final Ctx ctx;

	private final Object nudgeLock = new Object();

	private @Nullable SocketBase nudgeListener;

	private @Nullable String nudgeEndpoint;

	private long lastNudge = System.nanoTime() - NUDGE_MIN_INTERVAL_NANOS;

	private boolean closed;

	/**
	 * Creates a JeroMQ context.
	 * @param ioThreads the number of I/O threads
	 * @param faultHandler receives exceptions thrown in JeroMQ's I/O threads
	 */
	public JeroMqDriver(int ioThreads, UncaughtExceptionHandler faultHandler) {
		this.ctx = ZMQ.createContext();
		this.ctx.set(ZMQ.ZMQ_IO_THREADS, ioThreads);
		this.ctx.setUncaughtExceptionHandler(faultHandler);
		this.ctx.setNotificationExceptionHandler(faultHandler);
	}

	/**
	 * Generates a CURVE key pair with JeroMQ's Curve25519 implementation.
	 * @return the public key (32 bytes) and the secret key (32 bytes)
	 */
	public static byte[][] curveKeyPair() {
		return new zmq.io.mechanism.curve.Curve().keypair();
	}

	@Override
	public DriverSocket open(ZmqSocketSpec spec, DriverEventSink events, Runnable signal) {
		SocketType type = effectiveType(spec.type());
		SocketBase socket = this.ctx.createSocket(zmqType(type));
		if (socket == null) {
			throw new ZmqException("socket '" + spec.name() + "': JeroMQ could not create a " + type
					+ " socket (errno " + this.ctx.errno().get() + "); is the engine closing?");
		}
		try {
			configure(socket, spec, type);
			socket.setEventHook((event) -> events.onEvent(eventType(event.event), String.valueOf(event.addr),
					(event.arg instanceof Integer value) ? value : 0), ZMQ.ZMQ_EVENT_ALL);
		}
		catch (RuntimeException ex) {
			socket.close();
			throw ex;
		}
		return new JeroMqSocket(spec.name(), type, socket, events);
	}

	/**
	 * The type of the JeroMQ socket behind a spec type: REP is served on ROUTER and REQ requests go out on DEALER.
	 * @param type the spec type
	 * @return the socket type to create
	 */
	static SocketType effectiveType(SocketType type) {
		return switch (type) {
			case REP -> SocketType.ROUTER;
			case REQ -> SocketType.DEALER;
			default -> type;
		};
	}

	private static void configure(SocketBase socket, ZmqSocketSpec spec, SocketType type) {
		set(socket, spec, ZMQ.ZMQ_SNDHWM, spec.sendHighWaterMark());
		set(socket, spec, ZMQ.ZMQ_RCVHWM, spec.receiveHighWaterMark());
		set(socket, spec, ZMQ.ZMQ_LINGER, (int) spec.linger().toMillis());
		set(socket, spec, ZMQ.ZMQ_RECONNECT_IVL, (int) spec.reconnectInterval().toMillis());
		set(socket, spec, ZMQ.ZMQ_RECONNECT_IVL_MAX, (int) spec.reconnectIntervalMax().toMillis());
		set(socket, spec, ZMQ.ZMQ_HANDSHAKE_IVL, (int) spec.handshakeInterval().toMillis());
		set(socket, spec, ZMQ.ZMQ_MAXMSGSIZE, spec.maxMessageSize());
		set(socket, spec, ZMQ.ZMQ_MSG_ALLOCATOR, new FrameSizeGuard(spec.maxMessageSize()));
		// libzmq's ZMQ_IMMEDIATE shares its number (39) with ZMQ_DELAY_ATTACH_ON_CONNECT, which JeroMQ maps with
		// libzmq's polarity; JeroMQ's own ZMQ_IMMEDIATE is inverted.
		set(socket, spec, ZMQ.ZMQ_DELAY_ATTACH_ON_CONNECT, spec.immediate());
		if (!spec.heartbeatInterval().isZero()) {
			set(socket, spec, ZMQ.ZMQ_HEARTBEAT_IVL, (int) spec.heartbeatInterval().toMillis());
			if (spec.heartbeatTimeout() != null) {
				set(socket, spec, ZMQ.ZMQ_HEARTBEAT_TIMEOUT, (int) spec.heartbeatTimeout().toMillis());
			}
			if (spec.heartbeatTtl() != null) {
				set(socket, spec, ZMQ.ZMQ_HEARTBEAT_TTL, (int) spec.heartbeatTtl().toMillis());
			}
		}
		if (spec.tcpKeepAlive() != null) {
			set(socket, spec, ZMQ.ZMQ_TCP_KEEPALIVE, spec.tcpKeepAlive() ? 1 : 0);
		}
		byte[] routingId = spec.routingId();
		if (routingId != null) {
			set(socket, spec, ZMQ.ZMQ_IDENTITY, routingId);
		}
		if (type == SocketType.ROUTER) {
			// Unroutable replies fail visibly (and are counted) instead of vanishing.
			set(socket, spec, ZMQ.ZMQ_ROUTER_MANDATORY, true);
		}
		if (type == SocketType.PUB || type == SocketType.XPUB) {
			// Lets the send tell when a subscriber is at its high water mark; see JeroMqSocket.send.
			set(socket, spec, ZMQ.ZMQ_XPUB_NODROP, true);
		}
		if (type == SocketType.SUB) {
			for (byte[] prefix : spec.subscriptions()) {
				set(socket, spec, ZMQ.ZMQ_SUBSCRIBE, prefix);
			}
		}
		ZmqSecurity security = spec.security();
		if (security != null) {
			configureSecurity(socket, spec, security);
		}
	}

	private static void configureSecurity(SocketBase socket, ZmqSocketSpec spec, ZmqSecurity security) {
		set(socket, spec, ZMQ.ZMQ_ZAP_DOMAIN, zapDomain(spec));
		switch (security.mechanism()) {
			case CURVE_SERVER -> {
				set(socket, spec, ZMQ.ZMQ_CURVE_SERVER, true);
				set(socket, spec, ZMQ.ZMQ_CURVE_SECRETKEY, security.secretKey());
				set(socket, spec, ZMQ.ZMQ_CURVE_PUBLICKEY, security.publicKey());
			}
			case CURVE_CLIENT -> {
				set(socket, spec, ZMQ.ZMQ_CURVE_SERVERKEY, security.serverKey());
				set(socket, spec, ZMQ.ZMQ_CURVE_PUBLICKEY, security.publicKey());
				set(socket, spec, ZMQ.ZMQ_CURVE_SECRETKEY, security.secretKey());
			}
			case PLAIN_SERVER -> set(socket, spec, ZMQ.ZMQ_PLAIN_SERVER, true);
			case PLAIN_CLIENT -> {
				set(socket, spec, ZMQ.ZMQ_PLAIN_USERNAME, security.username());
				set(socket, spec, ZMQ.ZMQ_PLAIN_PASSWORD, security.password());
			}
		}
	}

	private static void set(SocketBase socket, ZmqSocketSpec spec, int option, @Nullable Object value) {
		boolean ok;
		try {
			ok = socket.setSocketOpt(option, value);
		}
		catch (IllegalArgumentException ex) {
			throw new ZmqException("socket '" + spec.name() + "': JeroMQ refused option " + option + ": " + ex.getMessage(), ex);
		}
		if (!ok) {
			throw new ZmqException("socket '" + spec.name() + "': JeroMQ refused option " + option + " (errno "
					+ socket.errno() + ")");
		}
	}

	/**
	 * The ZAP domain a secured socket presents to the authenticator.
	 * @param spec a spec with security
	 * @return the configured domain, or the socket's name
	 */
	public static String zapDomain(ZmqSocketSpec spec) {
		ZmqSecurity security = spec.security();
		String domain = (security != null) ? security.zapDomain() : null;
		return (domain != null) ? domain : spec.name();
	}

	static int zmqType(SocketType type) {
		return switch (type) {
			case REQ -> ZMQ.ZMQ_REQ;
			case REP -> ZMQ.ZMQ_REP;
			case PUB -> ZMQ.ZMQ_PUB;
			case SUB -> ZMQ.ZMQ_SUB;
			case PUSH -> ZMQ.ZMQ_PUSH;
			case PULL -> ZMQ.ZMQ_PULL;
			case DEALER -> ZMQ.ZMQ_DEALER;
			case ROUTER -> ZMQ.ZMQ_ROUTER;
			case PAIR -> ZMQ.ZMQ_PAIR;
			case XPUB -> ZMQ.ZMQ_XPUB;
			case XSUB -> ZMQ.ZMQ_XSUB;
			case STREAM -> ZMQ.ZMQ_STREAM;
		};
	}

	static SocketEventType eventType(int event) {
		return switch (event) {
			case ZMQ.ZMQ_EVENT_CONNECTED -> SocketEventType.CONNECTED;
			case ZMQ.ZMQ_EVENT_CONNECT_DELAYED -> SocketEventType.CONNECT_DELAYED;
			case ZMQ.ZMQ_EVENT_CONNECT_RETRIED -> SocketEventType.CONNECT_RETRIED;
			case ZMQ.ZMQ_EVENT_LISTENING -> SocketEventType.LISTENING;
			case ZMQ.ZMQ_EVENT_BIND_FAILED -> SocketEventType.BIND_FAILED;
			case ZMQ.ZMQ_EVENT_ACCEPTED -> SocketEventType.ACCEPTED;
			case ZMQ.ZMQ_EVENT_ACCEPT_FAILED -> SocketEventType.ACCEPT_FAILED;
			case ZMQ.ZMQ_EVENT_CLOSED -> SocketEventType.CLOSED;
			case ZMQ.ZMQ_EVENT_CLOSE_FAILED -> SocketEventType.CLOSE_FAILED;
			case ZMQ.ZMQ_EVENT_DISCONNECTED -> SocketEventType.DISCONNECTED;
			// JeroMQ 0.6.0 never emits HANDSHAKE_SUCCEEDED; HANDSHAKE_PROTOCOL (greeting done) is its closest event.
			case ZMQ.ZMQ_EVENT_HANDSHAKE_PROTOCOL, ZMQ.ZMQ_EVENT_HANDSHAKE_SUCCEEDED -> SocketEventType.HANDSHAKE_SUCCEEDED;
			case ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH -> SocketEventType.AUTH_FAILED;
			default -> SocketEventType.HANDSHAKE_FAILED;
		};
	}

	@Override
	public void nudge() {
		// A connect hand-off race in JeroMQ 0.6.0's poller (issue #912, PR #1022) can leave a fresh connection's
		// channel unregistered until the poller next re-examines its handles. Any handle change makes it do so:
		// a throw-away connection to a local listener is one.
		synchronized (this.nudgeLock) {
			long now = System.nanoTime();
			if (this.closed || now - this.lastNudge < NUDGE_MIN_INTERVAL_NANOS) {
				return;
			}
			this.lastNudge = now;
			if (this.nudgeListener == null) {
				SocketBase listener = this.ctx.createSocket(ZMQ.ZMQ_PULL);
				if (listener == null) {
					return;
				}
				listener.setSocketOpt(ZMQ.ZMQ_LINGER, 0);
				if (!listener.bind("tcp://127.0.0.1:*")) {
					listener.close();
					return;
				}
				this.nudgeListener = listener;
				this.nudgeEndpoint = (String) listener.getSocketOptx(ZMQ.ZMQ_LAST_ENDPOINT);
			}
			SocketBase probe = this.ctx.createSocket(ZMQ.ZMQ_PUSH);
			if (probe != null) {
				probe.setSocketOpt(ZMQ.ZMQ_LINGER, 0);
				probe.connect(this.nudgeEndpoint);
				probe.close();
			}
		}
	}

	@Override
	public void close() {
		synchronized (this.nudgeLock) {
			this.closed = true;
			if (this.nudgeListener != null) {
				this.nudgeListener.close();
				this.nudgeListener = null;
			}
		}
		this.ctx.terminate();
	}

	/**
	 * One JeroMQ socket, used by its owner thread only.
	 */
	static final class JeroMqSocket implements DriverSocket {

		private final String name;

		private final SocketType type;

		private final SocketBase socket;

		private final boolean publisher;

		private final boolean routing;

		private final DriverEventSink events;

		private final List<WeakReference<Metadata>> quarantined = new ArrayList<>();

		private long lastHostileWarning;

		JeroMqSocket(String name, SocketType type, SocketBase socket, DriverEventSink events) {
			this.name = name;
			this.type = type;
			this.socket = socket;
			this.events = events;
			this.publisher = type == SocketType.PUB || type == SocketType.XPUB;
			this.routing = type == SocketType.ROUTER || type == SocketType.STREAM;
		}

		@Override
		public String bind(String endpoint) {
			if (!this.socket.bind(endpoint)) {
				throw new ZmqException("socket '" + this.name + "': cannot bind " + endpoint + ": "
						+ describe(this.socket.errno()) + " (is another process or socket bound to it?)");
			}
			return (String) this.socket.getSocketOptx(ZMQ.ZMQ_LAST_ENDPOINT);
		}

		@Override
		public void connect(String endpoint) {
			if (!this.socket.connect(endpoint)) {
				throw new ZmqException("socket '" + this.name + "': cannot connect to " + endpoint + ": "
						+ describe(this.socket.errno()));
			}
		}

		@Override
		public void disconnect(String endpoint) {
			this.socket.termEndpoint(endpoint);
		}

		@Override
		public byte @Nullable [][] receive() {
			while (true) {
				Msg msg = this.socket.recv(ZMQ.ZMQ_DONTWAIT);
				if (msg == null) {
					checkAgain("receive");
					return null;
				}
				List<Msg> frames = new ArrayList<>(4);
				frames.add(msg);
				while (msg.hasMore()) {
					// The rest of a multipart message is always there: ZeroMQ delivers messages atomically.
					msg = this.socket.recv(0);
					if (msg == null) {
						checkAgain("receive");
						break;
					}
					frames.add(msg);
				}
				if (isFromHostilePeer(frames)) {
					continue;
				}
				byte[][] data = new byte[frames.size()][];
				for (int i = 0; i < data.length; i++) {
					data[i] = frames.get(i).data();
				}
				return data;
			}
		}

		/**
		 * Tells whether a message must be dropped because its connection sent a hostile frame header: the message
		 * that holds the {@link FrameSizeGuard.HostileFrame}, and everything that connection sends afterwards (its
		 * stream is out of step from then on). A connection is recognised by its metadata object, which JeroMQ
		 * creates once per connection and attaches to each message it decodes. The first time, the fault is reported
		 * as an {@link SocketEventType#ENGINE_FAULT} naming the peer's address.
		 */
		private boolean isFromHostilePeer(List<Msg> frames) {
			Metadata connection = null;
			boolean hostile = false;
			for (Msg frame : frames) {
				hostile |= frame instanceof FrameSizeGuard.HostileFrame;
				if (connection == null) {
					connection = frame.getMetadata();
				}
			}
			if (connection != null && !hostile) {
				return !this.quarantined.isEmpty() && isQuarantined(connection);
			}
			if (!hostile) {
				return false;
			}
			String peer = (connection != null) ? connection.get(Metadata.PEER_ADDRESS) : null;
			String address = (peer != null) ? "tcp://" + peer : "";
			if (connection != null) {
				this.quarantined.removeIf((ref) -> ref.get() == null);
				this.quarantined.add(new WeakReference<>(connection));
			}
			// One warning per socket and 10 s: an attacker opening connections in a loop must not flood the log (each
			// fault is still an event and a count).
			long now = System.nanoTime();
			if (this.lastHostileWarning == 0 || now - this.lastHostileWarning > HOSTILE_WARNING_INTERVAL_NANOS) {
				this.lastHostileWarning = now;
				logger.warn("Socket '{}' ({}): peer {} sent a frame header with an impossible size (negative or over the "
						+ "maximum message size once JeroMQ 0.6.0 casts it); that connection's messages are dropped",
						this.name, this.type, address.isEmpty() ? "(unknown address)" : address);
			}
			else {
				logger.debug("Socket '{}': hostile frame header from {}", this.name, address);
			}
			this.events.onEvent(SocketEventType.ENGINE_FAULT, address, 0);
			return true;
		}

		private boolean isQuarantined(Metadata connection) {
			for (WeakReference<Metadata> ref : this.quarantined) {
				if (ref.get() == connection) {
					return true;
				}
			}
			return false;
		}

		@Override
		public SendResult send(byte[][] frames) {
			if (sendFrames(frames)) {
				return SendResult.SENT;
			}
			int errno = this.socket.errno();
			if (errno == ZError.EHOSTUNREACH || (errno == ZError.EAGAIN && this.routing)) {
				return SendResult.UNROUTABLE;
			}
			if (errno != ZError.EAGAIN) {
				throw new ZmqException("socket '" + this.name + "': send failed: " + describe(errno));
			}
			if (!this.publisher) {
				return SendResult.WOULD_BLOCK;
			}
			// PUB at a subscriber's high water mark: deliver to the subscribers that have room, as libzmq's PUB does,
			// and tell the caller so that the drop is counted.
			this.socket.setSocketOpt(ZMQ.ZMQ_XPUB_NODROP, false);
			try {
				if (!sendFrames(frames)) {
					throw new ZmqException("socket '" + this.name + "': send failed: " + describe(this.socket.errno()));
				}
			}
			finally {
				this.socket.setSocketOpt(ZMQ.ZMQ_XPUB_NODROP, true);
			}
			return SendResult.SENT_WITH_DROPS;
		}

		private boolean sendFrames(byte[][] frames) {
			int last = frames.length - 1;
			for (int i = 0; i <= last; i++) {
				int flags = ZMQ.ZMQ_DONTWAIT | ((i < last) ? ZMQ.ZMQ_SNDMORE : 0);
				if (!this.socket.send(new Msg(frames[i]), flags)) {
					if (i == 0) {
						return false;
					}
					throw new ZmqException("socket '" + this.name + "': frame " + i + " of " + frames.length
							+ " could not be sent: " + describe(this.socket.errno()));
				}
			}
			return true;
		}

		@Override
		public void subscribe(byte[] prefix) {
			this.socket.setSocketOpt(ZMQ.ZMQ_SUBSCRIBE, prefix);
		}

		@Override
		public void unsubscribe(byte[] prefix) {
			this.socket.setSocketOpt(ZMQ.ZMQ_UNSUBSCRIBE, prefix);
		}

		@Override
		public boolean readable() {
			return (events() & ZMQ.ZMQ_POLLIN) != 0;
		}

		@Override
		public boolean writable() {
			return (events() & ZMQ.ZMQ_POLLOUT) != 0;
		}

		private int events() {
			int events = this.socket.getSocketOpt(ZMQ.ZMQ_EVENTS);
			return Math.max(events, 0);
		}

		@Override
		public SelectableChannel waitChannel() {
			return this.socket.getFD();
		}

		@Override
		public void close() {
			this.socket.close();
		}

		private void checkAgain(String operation) {
			int errno = this.socket.errno();
			if (errno != ZError.EAGAIN) {
				throw new ZmqException("socket '" + this.name + "' (" + this.type + "): " + operation + " failed: "
						+ describe(errno));
			}
		}

		private static String describe(int errno) {
			return switch (errno) {
				case ZError.EADDRINUSE -> "address already in use";
				case ZError.EADDRNOTAVAIL -> "address not available on this host";
				case ZError.EPROTONOSUPPORT -> "transport not supported";
				case ZError.EINVAL -> "invalid endpoint";
				case ZError.ETERM -> "the engine is closing";
				case ZError.EFSM -> "operation not allowed in the socket's current state";
				case ZError.ENOTSUP -> "operation not supported by this socket type";
				default -> "error " + errno + " (" + ZError.toString(errno) + ")";
			};
		}

	}

}
