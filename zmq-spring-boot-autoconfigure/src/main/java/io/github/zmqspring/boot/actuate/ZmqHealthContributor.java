package io.github.zmqspring.boot.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.github.zmqspring.config.ZmqListenerEndpointRegistry;
import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.listener.ZmqListenerContainer;
import io.github.zmqspring.support.ZmqComponentHealth;
import io.github.zmqspring.support.ZmqHealthReporter;
import io.github.zmqspring.support.ZmqLifecycle;
import io.github.zmqspring.support.ZmqSockets;

/**
 * The {@code zmq} health contributor, composed as Spring Boot composes its DataSources: one indicator per listener
 * container (under its id) and per socket (under its name), so that {@code /actuator/health/zmq/<name>} answers for
 * one of them and a health group can include a single one ({@code management.endpoint.health.group.<group>.include
 * =zmq/orders}). The entries, looked up afresh on every call:
 * <ul>
 * <li>every listener container: DOWN when it {@linkplain ZmqLifecycle.State#FAILED failed} (its socket could
 * not be opened or died); a container stopped on purpose is UP. Details: type, socket, state, concurrency, bound and
 * connected endpoints, conversion and listener error counts;</li>
 * <li>every declared socket ({@code zmq.sockets}) and every other open socket of the engine (adapter and proxy
 * sockets), except a socket a listener of the same id listens on (that listener's entry shows it): DOWN when it
 * failed. Details: type, state, bound and connected endpoints (only while it is open: a socket that failed or is not
 * open yet lists what it was asked to do under {@code bind} and {@code connect} instead);</li>
 * <li>every component of the application's {@link ZmqHealthReporter} beans.</li>
 * </ul>
 * A name already taken gets {@code -2}, {@code -3}, ... Once the engine is closed every entry is DOWN.
 * <p>
 * I/O faults (a peer sent frames the engine cannot decode safely, {@code SocketStats.engineFaults()}) are shown on
 * the socket's entry ({@code engineFaults}, {@code faultsSinceLastCheck}); fresh faults turn that entry DOWN for one
 * check: the engine has quarantined the offending connection and the socket keeps serving, so the next check is UP
 * again unless new faults arrive. Turn this off ({@link #setDownOnFault(boolean)},
 * {@code zmq.engine.health-down-on-fault=false}) where a remote peer must not be able to flip the status.
 * Thread-safe.
 */
public class ZmqHealthContributor implements CompositeHealthContributor {

	private final ZmqInventory inventory;

	private final List<ZmqHealthReporter> reporters;

	private final Map<String, Long> faultsAtLastCheck = new ConcurrentHashMap<>();

	private volatile boolean downOnFault = true;

	/**
	 * Creates the contributor.
	 * @param engine the engine
	 * @param sockets the declared sockets, or {@code null} without them
	 * @param registry the listener containers, or {@code null} without listeners
	 * @param reporters further components, in order
	 */
	public ZmqHealthContributor(ZmqEngine engine, @Nullable ZmqSockets sockets,
			@Nullable ZmqListenerEndpointRegistry registry, List<ZmqHealthReporter> reporters) {
		this.inventory = new ZmqInventory(Objects.requireNonNull(engine, "'engine' must not be null"), sockets,
				registry);
		this.reporters = List.copyOf(reporters);
	}

	/**
	 * Sets whether fresh I/O faults turn a socket's entry DOWN for one check (default {@code true}).
	 * @param downOnFault the flag
	 */
	public void setDownOnFault(boolean downOnFault) {
		this.downOnFault = downOnFault;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		return components().containsKey(name) ? indicator(name) : null;
	}

	@Override
	public Stream<HealthContributors.Entry> stream() {
		return components().keySet().stream().map((name) -> new HealthContributors.Entry(name, indicator(name)));
	}

	private HealthIndicator indicator(String name) {
		return () -> {
			Supplier<Health> health = components().get(name);
			return (health != null) ? health.get()
					: Health.unknown().withDetail("error", "'" + name + "' is gone since it was listed").build();
		};
	}

	/** The entries by name, each computing its health when asked. */
	private Map<String, Supplier<Health>> components() {
		Map<String, Supplier<Health>> components = new LinkedHashMap<>();
		Map<String, ZmqListenerContainer> listeners = new LinkedHashMap<>();
		for (ZmqListenerContainer container : this.inventory.listeners()) {
			listeners.put(container.getListenerId(), container);
			components.put(container.getListenerId(), () -> listenerHealth(container));
		}
		this.inventory.sockets().forEach((key, socket) -> {
			ZmqListenerContainer namesake = listeners.get(key);
			if (namesake != null && namesake.getSocketName().equals(socket.name())) {
				return;
			}
			components.put(ZmqInventory.uniqueKey(components.keySet(), key), () -> socketHealth(socket));
		});
		for (ZmqHealthReporter reporter : this.reporters) {
			for (ZmqComponentHealth component : reporter.health()) {
				components.put(ZmqInventory.uniqueKey(components.keySet(), component.name()),
						() -> reportedHealth(reporter, component.name()));
			}
		}
		return components;
	}

	private Health listenerHealth(ZmqListenerContainer container) {
		Map<String, Object> details = new LinkedHashMap<>();
		ZmqLifecycle.State state = container.getState();
		details.put("type", container.getSocketType().name());
		details.put("socket", container.getSocketName());
		details.put("state", state.name());
		details.put("concurrency", container.getConcurrency());
		ZmqInventory.SocketView socket = this.inventory.socketOf(container);
		boolean started = state == ZmqLifecycle.State.STARTED;
		details.put("bound", (started && socket != null) ? socket.bound() : List.of());
		details.put("connected", (started && socket != null) ? socket.connected() : List.of());
		details.put("conversionErrors", container.getConversionErrors());
		details.put("listenerErrors", container.getListenerErrors());
		String error = null;
		if (state == ZmqLifecycle.State.FAILED) {
			Throwable failure = container.getFailure();
			error = (failure != null) ? ZmqSockets.describe(failure) : "failed";
		}
		else if (started && socket != null && socket.failed()) {
			error = "socket '" + socket.name() + "' failed: " + socket.error();
		}
		String faultError = (started && socket != null) ? faults(socket.socket(), details) : null;
		return health(details, (error != null) ? error : faultError);
	}

	private Health socketHealth(ZmqInventory.SocketView socket) {
		Map<String, Object> details = socket.details();
		String error = socket.failed() ? socket.error() : null;
		String faultError = faults(socket.socket(), details);
		return health(details, (error != null) ? error : faultError);
	}

	private Health reportedHealth(ZmqHealthReporter reporter, String name) {
		for (ZmqComponentHealth component : reporter.health()) {
			if (component.name().equals(name)) {
				return health(component.details(), component.healthy() ? null : "unhealthy");
			}
		}
		return Health.unknown().withDetail("error", "'" + name + "' is gone since it was listed").build();
	}

	private Health health(Map<String, Object> details, @Nullable String error) {
		ZmqEngine engine = this.inventory.engine();
		if (engine.isClosed()) {
			return Health.down().withDetails(details).withDetail("error", "engine '" + engine.name() + "' is closed")
				.build();
		}
		if (error == null) {
			return Health.up().withDetails(details).build();
		}
		Health.Builder builder = Health.down().withDetails(details);
		if (!details.containsKey("error")) {
			builder.withDetail("error", error);
		}
		return builder.build();
	}

	/** Adds the socket's fault counts to the details; returns the error when fresh faults turn it DOWN. */
	private @Nullable String faults(@Nullable ManagedSocket socket, Map<String, Object> details) {
		if (socket == null) {
			return null;
		}
		long total = socket.stats().engineFaults();
		if (total == 0) {
			return null;
		}
		Long previous = this.faultsAtLastCheck.put(socket.name(), total);
		// a socket re-opened under the same name counts from zero again
		long since = (previous == null || previous > total) ? total : total - previous;
		details.put("engineFaults", total);
		details.put("faultsSinceLastCheck", since);
		if (!this.downOnFault || since == 0) {
			return null;
		}
		return since + " I/O fault(s) since the previous check: a peer sent frames the engine could not decode "
				+ "safely; its connection is quarantined and the socket keeps serving";
	}

}
