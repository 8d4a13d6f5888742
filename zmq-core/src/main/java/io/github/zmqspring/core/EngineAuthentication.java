package io.github.zmqspring.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.internal.SocketCounters;
import io.github.zmqspring.core.internal.engine.ZmtpDriver;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZapReply;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZapRequest;

/**
 * The authentication side of one {@link ZmqEngine}: its authenticator's REP socket on
 * {@value ZmqAuthenticator#ZAP_ENDPOINT}, the direct ZAP decisions for the engine's own handshakes, and the secured
 * server sockets by ZAP domain, so that a refusal is counted on the socket it belongs to.
 */
final class EngineAuthentication {

	private static final Logger logger = LoggerFactory.getLogger(ZmqEngine.class);

	private final ZmqEngine engine;

	private final ZmtpDriver driver;

	private final Consumer<SocketEvent> events;

	private final Object lock = new Object();

	private volatile @Nullable ZmqServer authenticatorSocket;

	private final Map<String, Secured> securedByDomain = new ConcurrentHashMap<>();

	private record Secured(String name, SocketType type, SocketCounters counters) {
	}

	EngineAuthentication(ZmqEngine engine, ZmtpDriver driver, Consumer<SocketEvent> events) {
		this.engine = engine;
		this.driver = driver;
		this.events = events;
	}

	/** See {@link ZmqEngine#startAuthenticator(ZmqAuthenticator)}. */
	ZmqServer start(ZmqAuthenticator authenticator) {
		Objects.requireNonNull(authenticator, "'authenticator' must not be null");
		synchronized (this.lock) {
			ZmqServer running = this.authenticatorSocket;
			if (running != null && running.state() != SocketState.CLOSED && running.state() != SocketState.FAILED) {
				throw new IllegalStateException("engine '" + this.engine.name() + "' already runs an authenticator; "
						+ "close its socket '" + running.name() + "' first");
			}
			ZmqSocketSpec spec = ZmqSocketSpec.builder("zmq-authenticator", SocketType.REP)
				.bind(ZmqAuthenticator.ZAP_ENDPOINT)
				.build();
			ZmqServer server = this.engine.server(spec, (request) -> authenticate(authenticator, request), 1,
					(request, failure) -> ZmqMessage.of("1.0".getBytes(), request.body().frame(1), "500".getBytes(),
							"Internal error".getBytes(), new byte[0], new byte[0]));
			this.authenticatorSocket = server;
			authenticator.watchWhileOpen(this.engine.name(), server); // reload-on-update, while the socket is open
			this.driver.zapHandler((request) -> (server.state() == SocketState.CLOSED
					|| server.state() == SocketState.FAILED) ? ZapReply.accept(request, "")
							: decide(authenticator, request));
			logger.info("Engine '{}': authenticator started ({})", this.engine.name(), authenticator);
			return server;
		}
	}

	/**
	 * Remembers a secured server socket's ZAP domain, and warns when a server socket's clients go unauthenticated.
	 * @param spec the socket opening
	 * @param counters its counters
	 */
	void socketOpened(ZmqSocketSpec spec, SocketCounters counters) {
		ZmqSecurity security = spec.security();
		if (security == null) {
			return;
		}
		boolean server = security.mechanism() == ZmqSecurity.Mechanism.CURVE_SERVER
				|| security.mechanism() == ZmqSecurity.Mechanism.PLAIN_SERVER;
		if (server) {
			this.securedByDomain.put(ZmtpDriver.zapDomain(spec), new Secured(spec.name(), spec.type(), counters));
		}
		if (this.authenticatorSocket != null) {
			return;
		}
		if (security.mechanism() == ZmqSecurity.Mechanism.CURVE_SERVER) {
			logger.warn("Socket '{}' is a CURVE server but engine '{}' runs no authenticator: every client that knows "
					+ "the server's public key is admitted (encryption without client authentication). Start one with "
					+ "ZmqEngine.Builder.authenticator(..).", spec.name(), this.engine.name());
		}
		else if (security.mechanism() == ZmqSecurity.Mechanism.PLAIN_SERVER) {
			logger.warn("Socket '{}' is a PLAIN server but engine '{}' runs no authenticator: every user name and "
					+ "password is admitted. Start one with ZmqEngine.Builder.authenticator(..).", spec.name(),
					this.engine.name());
		}
	}

	/**
	 * Forgets a closed socket.
	 * @param name the socket's name
	 */
	void socketClosed(String name) {
		this.securedByDomain.values().removeIf((secured) -> secured.name().equals(name));
	}

	/**
	 * Decides a ZAP request of the own engine's handshakes. Refusals are counted and reported by the refused
	 * connection itself, on its own socket; this runs on an I/O thread and calls no listener.
	 */
	private ZapReply decide(ZmqAuthenticator authenticator, ZapRequest request) {
		List<byte[]> frames = new ArrayList<>(List.of(request.version().getBytes(StandardCharsets.US_ASCII),
				request.requestId().getBytes(StandardCharsets.US_ASCII), request.domain().getBytes(StandardCharsets.UTF_8),
				request.address().getBytes(StandardCharsets.US_ASCII), request.identity(),
				request.mechanism().getBytes(StandardCharsets.US_ASCII)));
		frames.addAll(request.credentials());
		ZmqAuthenticator.Decision decision = authenticator.decide(ZmqMessage.of(frames));
		ZmqMessage reply = decision.reply();
		return new ZapReply(ZapRequest.VERSION, request.requestId(), reply.frameAsString(2), reply.frameAsString(3),
				reply.frameAsString(4), new ZmtpMetadata(), decision.eventReason());
	}

	/** Answers a ZAP request that arrived as a message on the authenticator's socket. */
	private ZmqMessage authenticate(ZmqAuthenticator authenticator, ZmqRequest request) {
		ZmqAuthenticator.Decision decision;
		try {
			decision = authenticator.decide(request.body());
		}
		catch (RuntimeException ex) {
			// Never let the server log the request: a PLAIN request carries a password.
			logger.error("Engine '{}': the authenticator failed ({}); the peer is refused", this.engine.name(),
					ex.toString());
			byte[] requestId = (request.body().size() > 1) ? request.body().frame(1) : new byte[0];
			return ZmqMessage.of("1.0".getBytes(), requestId, "500".getBytes(), "Internal error".getBytes(),
					new byte[0], new byte[0]);
		}
		if (!decision.admitted()) {
			String domain = (request.body().size() > 2) ? request.body().frameAsString(2) : "";
			Secured secured = this.securedByDomain.get(domain);
			if (secured != null) {
				secured.counters().event(SocketEventType.AUTH_FAILED);
				this.events.accept(new SocketEvent(secured.name(), secured.type(), SocketEventType.AUTH_FAILED,
						decision.address(), 400, Instant.now()));
			}
			else {
				this.events.accept(new SocketEvent(request.socketName(), SocketType.REP, SocketEventType.AUTH_FAILED,
						decision.address(), 400, Instant.now()));
			}
		}
		return decision.reply();
	}

}
