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
 * type, state, bound and connected endpoints) from {@link io.github.zmqspring.support.ZmqSocketsHealthReporter}, {@code listeners}
 * from the listener registry, and so on. A closed engine is DOWN.
 * <p>
 * I/O faults (a peer sent a frame header the engine cannot decode safely, see {@code SocketStats.engineFaults()}) are
 * reported under {@code faults}: per socket, the total and how many arrived since the previous health check, and the
 * exceptions JeroMQ's I/O threads reported ({@code ioThreadExceptions}, {@code ZmqEngine.ioFaults()}). A socket with
 * faults since the previous check turns the status DOWN for that check, with the socket named under
 * {@code faults.error}: the engine has already quarantined the offending connection and the socket keeps serving, so
 * the next check is UP again unless new faults arrive. Turn this off ({@link #setDownOnFault(boolean)},
 * {@code zmq.engine.health-down-on-fault=false}) where a remote peer must not be able to flip the status.
 */
public class ZmqHealthIndicator extends AbstractHealthIndicator {

	private final ZmqEngine engine;

	private final List<ZmqHealthReporter> reporters;

	private final Map<String, Long> faultsAtLastCheck = new ConcurrentHashMap<>();

	private volatile boolean downOnFault = true;

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

	/**
	 * Sets whether fresh I/O faults turn the status DOWN for one check (default {@code true}).
	 * @param downOnFault the flag
	 */
	public void setDownOnFault(boolean downOnFault) {
		this.downOnFault = downOnFault;
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
		Map<String, Object> faults = faults();
		List<String> faulty = faultyNow(faults);
		if (this.downOnFault && !faulty.isEmpty()) {
			faults.put("error", "I/O faults since the previous check on socket(s) " + faulty
					+ ": a peer sent frames the engine could not decode safely; its connection is quarantined");
			healthy = false;
		}
		if (healthy) {
			builder.up();
		}
		else {
			builder.down();
		}
		builder.withDetails(groups);
		if (!faults.isEmpty()) {
			builder.withDetail("faults", faults);
		}
	}

	@SuppressWarnings("unchecked")
	private static List<String> faultyNow(Map<String, Object> faults) {
		Object sockets = faults.get("sockets");
		if (!(sockets instanceof Map<?, ?> bySocket)) {
			return List.of();
		}
		return ((Map<String, Map<String, Long>>) bySocket).entrySet()
			.stream()
			.filter((entry) -> entry.getValue().get("sinceLastCheck") > 0)
			.map(Map.Entry::getKey)
			.toList();
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
