package io.github.zmqspring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.springframework.beans.factory.DisposableBean;

import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventListener;
import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.SocketState;
import io.github.zmqspring.core.SocketStats;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.support.ZmqMetrics;

/**
 * Publishes the engine's sockets to Micrometer. Every meter is tagged {@code socket} (name) and {@code type}:
 * <ul>
 * <li>function counters over each socket's {@link SocketStats}: {@code zmq.messages.sent}, {@code zmq.bytes.sent},
 * {@code zmq.messages.received}, {@code zmq.bytes.received}, {@code zmq.send.timeouts}, {@code zmq.messages.dropped},
 * {@code zmq.listener.errors}, {@code zmq.replies.late}, {@code zmq.messages.malformed},
 * {@code zmq.handshake.failures}, {@code zmq.auth.failures} (credentials the
 * authenticator refused), {@code zmq.engine.faults} (hostile or corrupt frame headers); they keep counting
 * across a socket's close and re-open under the same name;</li>
 * <li>{@code zmq.socket.peers} and {@code zmq.socket.queued}: gauges of the peers connected now and the messages
 * waiting in the socket's queues now;</li>
 * <li>{@code zmq.socket.events}: one count per socket event, tagged {@code event} ({@code connected},
 * {@code disconnected}, {@code handshake_failed}, {@code auth_failed}, ...) and {@code reason} (the event's
 * {@link SocketEventReason#tagValue() reason}: {@code none}, {@code client_key_refused}, {@code crypto_failed},
 * {@code handshake_timeout}, ...; a closed set). The peer's address is never a tag: it is in the event only;</li>
 * <li>{@code zmq.conversion.errors}: received messages whose payload could not be converted; registered at zero
 * for every socket that receives (all types but PUB, PUSH, REQ and XPUB) as soon as it is reported;</li>
 * <li>{@code zmq.requests}: a timer of template requests, tagged {@code outcome} ({@code success}, {@code timeout},
 * {@code error}); registered, empty, for each outcome of every requester as soon as it is reported.</li>
 * </ul>
 * Sockets are found when someone reports them ({@link #socketOpened}) and, as a safety net, on every socket event.
 * Thread-safe.
 */
public class ZmqMicrometerMetrics implements ZmqMetrics, DisposableBean {

	private static final List<StatMeter> STAT_METERS = List.of(
			new StatMeter("zmq.messages.sent", "messages handed to the socket", null, SocketStats::messagesSent),
			new StatMeter("zmq.bytes.sent", "payload bytes sent, all frames", "bytes", SocketStats::bytesSent),
			new StatMeter("zmq.messages.received", "messages received", null, SocketStats::messagesReceived),
			new StatMeter("zmq.bytes.received", "payload bytes received, all frames", "bytes", SocketStats::bytesReceived),
			new StatMeter("zmq.send.timeouts", "sends that timed out at the high water mark", null, SocketStats::sendTimeouts),
			new StatMeter("zmq.messages.dropped", "messages dropped (PUB subscriber full, ROUTER peer gone, linger expired)",
					null, SocketStats::dropped),
			new StatMeter("zmq.listener.errors", "messages whose handler threw", null, SocketStats::handlerErrors),
			new StatMeter("zmq.replies.late", "replies after their request timed out", null, SocketStats::lateReplies),
			new StatMeter("zmq.requests.retried", "requests sent again under the socket's request-retry policy", null,
					SocketStats::requestRetries),
			new StatMeter("zmq.messages.malformed", "received messages dropped for their shape", null, SocketStats::malformed),
			new StatMeter("zmq.handshake.failures", "ZMTP handshakes that failed for a protocol reason (bad greeting, "
					+ "wrong CURVE server key, malformed command)", null, SocketStats::handshakeFailures),
			new StatMeter("zmq.auth.failures", "handshakes whose credentials the authenticator refused", null,
					SocketStats::authFailures),
			new StatMeter("zmq.engine.faults", "I/O faults attributed to the socket (a peer sent a frame header the "
					+ "engine cannot decode safely); the offending connection's messages are dropped", null,
					SocketStats::engineFaults));

	/** Socket types whose received messages are never converted (they do not receive, or only replies). */
	private static final Set<SocketType> NO_CONVERSION = EnumSet.of(SocketType.PUB, SocketType.PUSH, SocketType.REQ,
			SocketType.XPUB);

	/** The {@code zmq.requests} timers by socket name, indexed by outcome. */
	private final Map<String, RequestTimers> requestTimers = new ConcurrentHashMap<>();

	private final MeterRegistry registry;

	private final ZmqEngine engine;

	private final SocketEventListener eventListener = this::onEvent;

	private final Map<String, SocketMeters> meters = new ConcurrentHashMap<>();

	private final Set<ManagedSocket> seen = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	/**
	 * Creates the metrics and starts listening to the engine's socket events.
	 * @param registry the registry
	 * @param engine the engine
	 */
	public ZmqMicrometerMetrics(MeterRegistry registry, ZmqEngine engine) {
		this.registry = registry;
		this.engine = engine;
		engine.addEventListener(this.eventListener);
		engine.sockets().forEach(this::socketOpened);
	}

	@Override
	public void socketOpened(ManagedSocket socket) {
		if (!this.seen.add(socket)) {
			return;
		}
		String key = socket.name() + '\u0000' + socket.type();
		this.meters.computeIfAbsent(key, (k) -> new SocketMeters(socket.name(), socket.type())).add(socket);
		// registered at zero, so that they are listed (and alerts can be set) before the first error or request
		if (!NO_CONVERSION.contains(socket.type())) {
			conversionErrors(socket.name(), socket.type());
		}
		if (socket instanceof ZmqRequester) {
			for (RequestOutcome outcome : RequestOutcome.values()) {
				requests(socket.name(), socket.type(), outcome);
			}
		}
	}

	@Override
	public void conversionError(String socketName, SocketType socketType) {
		conversionErrors(socketName, socketType).increment();
	}

	private Counter conversionErrors(String socketName, SocketType socketType) {
		return Counter.builder("zmq.conversion.errors")
			.description("received messages whose payload could not be converted")
			.tags(tags(socketName, socketType))
			.register(this.registry);
	}

	@Override
	public void requestCompleted(String socketName, SocketType socketType, Duration duration, RequestOutcome outcome) {
		requests(socketName, socketType, outcome).record(duration);
	}

	private Timer requests(String socketName, SocketType socketType, RequestOutcome outcome) {
		// Looked up once per socket and outcome, not built and registered on every request.
		RequestTimers known = this.requestTimers.get(socketName);
		if (known == null) {
			known = this.requestTimers.computeIfAbsent(socketName, (name) -> new RequestTimers(socketType));
		}
		Timer[] timers = (known.type() == socketType) ? known.timers() : new Timer[RequestOutcome.values().length];
		Timer timer = timers[outcome.ordinal()];
		if (timer == null) {
			timer = Timer.builder("zmq.requests")
				.description("template requests, by outcome")
				.tags(tags(socketName, socketType).and("outcome", outcome.tagValue()))
				.register(this.registry);
			timers[outcome.ordinal()] = timer;
		}
		return timer;
	}

	private void onEvent(SocketEvent event) {
		Counter.builder("zmq.socket.events")
			.description("socket events (connections, disconnections, handshake and authentication failures)")
			.tags(tags(event.socketName(), event.socketType()).and("event", event.type().name().toLowerCase(Locale.ROOT))
				.and("reason", event.reason().tagValue()))
			.register(this.registry)
			.increment();
		for (ManagedSocket socket : this.engine.sockets()) {
			socketOpened(socket);
		}
	}

	@Override
	public void destroy() {
		this.engine.removeEventListener(this.eventListener);
	}

	private static Tags tags(String socketName, SocketType type) {
		return Tags.of("socket", socketName, "type", type.name());
	}

	private record RequestTimers(SocketType type, Timer[] timers) {

		RequestTimers(SocketType type) {
			this(type, new Timer[RequestOutcome.values().length]);
		}

	}

	private record StatMeter(String name, String description, @Nullable String baseUnit, ToLongFunction<SocketStats> stat) {
	}

	/** The sockets that ever had one name and type: live ones, plus the totals of those that closed. */
	private final class SocketMeters {

		private final List<ManagedSocket> live = new ArrayList<>();

		private final long[] retired = new long[STAT_METERS.size()];

		SocketMeters(String name, SocketType type) {
			for (int i = 0; i < STAT_METERS.size(); i++) {
				StatMeter meter = STAT_METERS.get(i);
				int index = i;
				FunctionCounter.builder(meter.name(), this, (self) -> self.value(index))
					.description(meter.description())
					.baseUnit(meter.baseUnit())
					.tags(tags(name, type))
					.register(ZmqMicrometerMetrics.this.registry);
			}
			Gauge.builder("zmq.socket.peers", this, (self) -> self.sum(ManagedSocket::connectedPeers))
				.description("peers connected now, handshake completed")
				.tags(tags(name, type))
				.register(ZmqMicrometerMetrics.this.registry);
			Gauge.builder("zmq.socket.queued", this, (self) -> self.sum(ManagedSocket::queuedMessages))
				.description("messages waiting in the socket's queues now, to its peers and from them")
				.tags(tags(name, type))
				.register(ZmqMicrometerMetrics.this.registry);
		}

		synchronized double sum(ToIntFunction<ManagedSocket> now) {
			int total = 0;
			for (ManagedSocket socket : this.live) {
				total += now.applyAsInt(socket);
			}
			return total;
		}

		synchronized void add(ManagedSocket socket) {
			this.live.removeIf((old) -> {
				SocketState state = old.state();
				if (state != SocketState.CLOSED && state != SocketState.FAILED) {
					return false;
				}
				SocketStats stats = old.stats();
				for (int i = 0; i < STAT_METERS.size(); i++) {
					this.retired[i] += STAT_METERS.get(i).stat().applyAsLong(stats);
				}
				return true;
			});
			this.live.add(socket);
		}

		synchronized double value(int index) {
			ToLongFunction<SocketStats> stat = STAT_METERS.get(index).stat();
			long total = this.retired[index];
			for (ManagedSocket socket : this.live) {
				total += stat.applyAsLong(socket.stats());
			}
			return total;
		}

	}

}
