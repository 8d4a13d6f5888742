package io.github.zmqspring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.support.ZmqComponentHealth;
import io.github.zmqspring.support.ZmqHealthReporter;

/**
 * The {@code zmq} health indicator: UP when every component of every {@link ZmqHealthReporter} is healthy (every
 * socket open or not yet needed, every listener container running), DOWN otherwise, with the failed components and
 * their reasons in the details ({@code error}). The details group components by reporter: {@code sockets} (name,
 * type, state, bound and connected endpoints) from {@link io.github.zmqspring.support.ZmqSockets}, {@code listeners}
 * from the listener registry, and so on. A closed engine is DOWN.
 * <p>
 * I/O faults (a peer sent a frame header the engine cannot decode safely, see {@code SocketStats.engineFaults()}) are
 * reported under {@code faults}: per socket, the total and how many arrived since the previous health check, and the
 * exceptions JeroMQ's I/O threads reported ({@code ioThreadExceptions}, {@code ZmqEngine.ioFaults()}). They do not
 * turn the status DOWN: the engine drops the offending connection's messages and the socket keeps serving its other
 * peers, so a DOWN would only let any remote peer that can reach the port get a healthy instance taken out of
 * service or restarted.
 */
public class ZmqHealthIndicator extends AbstractHealthIndicator {

	private final ZmqEngine engine;

	private final List<ZmqHealthReporter> reporters;

	private final Map<String, Long> faultsAtLastCheck = new ConcurrentHashMap<>();

	/**
	 * Creates the indicator.
	 * @param engine the engine
	 * @param reporters the reporters, in order
	 */
	public ZmqHealthIndicator(ZmqEngine engine, List<ZmqHealthReporter> reporters) {
		super("ZeroMQ health check failed");
		this.engine = engine;
		this.reporters = List.copyOf(reporters);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (this.engine.isClosed()) {
			builder.down().withDetail("error", "engine '" + this.engine.name() + "' is closed");
			return;
		}
		boolean healthy = true;
		Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
		for (ZmqHealthReporter reporter : this.reporters) {
			Map<String, Object> group = groups.computeIfAbsent(reporter.group(), (name) -> new LinkedHashMap<>());
			for (ZmqComponentHealth component : reporter.health()) {
				Map<String, Object> details = new LinkedHashMap<>();
				details.put("status", component.healthy() ? "UP" : "DOWN");
				details.putAll(component.details());
				group.put(component.name(), details);
				healthy &= component.healthy();
			}
		}
		if (healthy) {
			builder.up();
		}
		else {
			builder.down();
		}
		builder.withDetails(groups);
		Map<String, Object> faults = faults();
		if (!faults.isEmpty()) {
			builder.withDetail("faults", faults);
		}
	}

	private Map<String, Object> faults() {
		Map<String, Object> faults = new LinkedHashMap<>();
		Map<String, Long> totals = new LinkedHashMap<>();
		for (ManagedSocket socket : this.engine.sockets()) {
			long count = socket.stats().engineFaults();
			if (count > 0) {
				totals.merge(socket.name(), count, Long::sum);
			}
		}
		Map<String, Object> sockets = new LinkedHashMap<>();
		totals.forEach((name, total) -> {
			Long previous = this.faultsAtLastCheck.put(name, total);
			// a socket re-opened under the same name starts counting from zero again
			long since = (previous == null || previous > total) ? total : total - previous;
			sockets.put(name, Map.of("engineFaults", total, "sinceLastCheck", since));
		});
		if (!sockets.isEmpty()) {
			faults.put("sockets", sockets);
		}
		long io = this.engine.ioFaults();
		if (io > 0) {
			faults.put("ioThreadExceptions", io);
		}
		return faults;
	}

}
