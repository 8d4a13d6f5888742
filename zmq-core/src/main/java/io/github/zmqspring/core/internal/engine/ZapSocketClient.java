package io.github.zmqspring.core.internal.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.SendResult;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZapReply;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZapRequest;

/**
 * Sends the ZAP requests of the engine's PLAIN and CURVE servers to a handler socket the application bound on
 * {@code inproc://zeromq.zap.01} (RFC 27), as libzmq does: a DEALER of the engine's own, each request
 * {@code [""][1.0][id][domain][address][identity][mechanism][credentials...]}, each reply matched to its handshake by
 * its request id. Used only when the engine runs no authenticator of its own. Replies are asynchronous: the handshake
 * waits (bounded by its handshake interval) while the handler decides on its own thread. At most
 * {@value #MAX_WAITING} requests wait at once; a request unanswered for {@link #FORGET_AFTER} is forgotten (its
 * handshake expired long before). Thread-safe.
 */
final class ZapSocketClient {

	/** The inproc name every ZeroMQ implementation sends ZAP requests to. */
	static final String NAME = "zeromq.zap.01";

	static final int MAX_WAITING = 10_000;

	static final Duration FORGET_AFTER = Duration.ofMinutes(1);

	private static final Logger logger = LoggerFactory.getLogger(ZapSocketClient.class);

	private static final byte[] VERSION = ZapRequest.VERSION.getBytes(StandardCharsets.US_ASCII);

	private record Waiting(ZapRequest request, Consumer<ZapReply> answer, long sentAt) {
	}

	private final EngineSocket dealer;

	/** Guarded by {@code this}; in the order requests were sent. */
	private final Map<String, Waiting> waiting = new LinkedHashMap<>();

	/** Guarded by {@code this}. */
	private long nextId;

	private final Object drainLock = new Object();

	ZapSocketClient(ZmtpDriver driver) {
		ZmqSocketSpec spec = ZmqSocketSpec.builder("zmq-zap-client", SocketType.DEALER)
			.linger(Duration.ZERO)
			.sendHighWaterMark(MAX_WAITING)
			.receiveHighWaterMark(MAX_WAITING)
			.build();
		this.dealer = (EngineSocket) driver.open(spec, (type, endpoint, value, reason) -> {
		}, this::drain);
		this.dealer.connect("inproc://" + NAME);
	}

	/**
	 * Sends a request; the answer comes later, on the handler's thread (or at once when the request cannot be sent).
	 * @param request the request
	 * @param answer called once with the reply, whose request id is the request's
	 */
	void ask(ZapRequest request, Consumer<ZapReply> answer) {
		String id;
		synchronized (this) {
			forgetExpired(System.nanoTime());
			if (this.waiting.size() >= MAX_WAITING) {
				id = null;
			}
			else {
				id = Long.toString(++this.nextId);
				this.waiting.put(id, new Waiting(request, answer, System.nanoTime()));
			}
		}
		if (id == null) {
			logger.warn("The ZAP handler on inproc://{} has {} requests unanswered; the peer {} is refused", NAME,
					MAX_WAITING, request.address());
			answer.accept(ZapReply.refuse(request, "500", "ZAP handler overloaded"));
			return;
		}
		List<byte[]> frames = new ArrayList<>();
		frames.add(new byte[0]);
		frames.add(VERSION);
		frames.add(id.getBytes(StandardCharsets.US_ASCII));
		frames.add(request.domain().getBytes(StandardCharsets.UTF_8));
		frames.add(request.address().getBytes(StandardCharsets.UTF_8));
		frames.add(request.identity());
		frames.add(request.mechanism().getBytes(StandardCharsets.US_ASCII));
		frames.addAll(request.credentials());
		SendResult sent = this.dealer.send(frames.toArray(new byte[0][]));
		if (sent != SendResult.SENT) {
			Waiting unsent;
			synchronized (this) {
				unsent = this.waiting.remove(id);
			}
			if (unsent != null) {
				logger.warn("The ZAP request for peer {} could not be queued to inproc://{}; the peer is refused",
						request.address(), NAME);
				answer.accept(ZapReply.refuse(request, "500", "ZAP handler unreachable"));
			}
		}
	}

	/** Takes every reply that arrived (the socket's signal; any thread, one at a time). */
	private void drain() {
		synchronized (this.drainLock) {
			byte[][] frames;
			while ((frames = this.dealer.receive()) != null) {
				onReply(frames);
			}
		}
	}

	private void onReply(byte[][] frames) {
		// [""][version][request id][status code][status text][user id][metadata]
		if (frames.length < 6 || frames[0].length != 0) {
			logger.warn("The ZAP handler on inproc://{} sent a reply of {} frame(s) that is not a ZAP reply; ignored",
					NAME, frames.length);
			return;
		}
		String id = new String(frames[2], StandardCharsets.US_ASCII);
		Waiting asked;
		synchronized (this) {
			asked = this.waiting.remove(id);
		}
		if (asked == null) {
			logger.debug("A ZAP reply for request '{}' matched no waiting handshake (expired); ignored", id);
			return;
		}
		asked.answer().accept(toReply(asked.request(), frames));
	}

	private static ZapReply toReply(ZapRequest request, byte[][] frames) {
		String version = new String(frames[1], StandardCharsets.US_ASCII);
		String status = new String(frames[3], StandardCharsets.US_ASCII);
		String text = new String(frames[4], StandardCharsets.UTF_8);
		byte[] properties = (frames.length > 6) ? frames[6] : new byte[0];
		try {
			if (!ZapRequest.VERSION.equals(version)) {
				throw new IllegalArgumentException("version '" + version + "' is not " + ZapRequest.VERSION);
			}
			// ZapReply checks the status code (200, 300, 400 or 500) and the metadata parser the properties.
			return new ZapReply(ZapRequest.VERSION, request.requestId(), status, text,
					new String(frames[5], StandardCharsets.UTF_8), ZmtpMetadata.parse(properties, 0, properties.length));
		}
		catch (IllegalArgumentException | ZmtpProtocolException ex) {
			logger.warn("The ZAP handler on inproc://{} answered a reply that is not valid (RFC 27) for peer {}: {}; the "
					+ "peer is refused", NAME, request.address(), ex.getMessage());
			return ZapReply.refuse(request, "500", "Invalid ZAP reply");
		}
	}

	/** Guarded by {@code this}. */
	private void forgetExpired(long now) {
		long limit = TimeUnit.MILLISECONDS.toNanos(FORGET_AFTER.toMillis());
		Iterator<Waiting> oldest = this.waiting.values().iterator();
		while (oldest.hasNext()) {
			if (now - oldest.next().sentAt() < limit) {
				return;
			}
			oldest.remove();
		}
	}

	void close() {
		this.dealer.close();
	}

}
