package io.github.zmqspring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.support.ZmqComponentHealth;
import io.github.zmqspring.support.ZmqHealthReporter;

/**
 * The {@code zmq} health indicator: UP when every component of every {@link ZmqHealthReporter} is healthy (every
 * socket open or not yet needed, every listener container running), DOWN otherwise, with the failed components and
 * their reasons in the details ({@code error}). The details group components by reporter: {@code sockets} (name,
 * type, state, bound and connected endpoints) from {@link io.github.zmqspring.support.ZmqSockets}, {@code listeners}
 * from the listener registry, and so on. A closed engine is DOWN.
 */
public class ZmqHealthIndicator extends AbstractHealthIndicator {

	private final ZmqEngine engine;

	private final List<ZmqHealthReporter> reporters;

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
	}

}
