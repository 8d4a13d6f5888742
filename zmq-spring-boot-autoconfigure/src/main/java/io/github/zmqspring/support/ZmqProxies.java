package io.github.zmqspring.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * The proxies declared under {@code zmq.proxies.<name>}: started with the context (before the listeners and adapters
 * that connect to them) and stopped after them, each reported as a health entry of its own
 * ({@code /actuator/health/zmq/<name>}). Thread-safe.
 */
public class ZmqProxies implements SmartLifecycle, ZmqHealthReporter {

	private final Map<String, ZmqProxyLifecycle> proxies;

	/**
	 * Creates the holder; nothing opens before {@link #start()}.
	 * @param proxies the proxies by name, in declaration order
	 */
	public ZmqProxies(Map<String, ZmqProxyLifecycle> proxies) {
		this.proxies = new LinkedHashMap<>(proxies);
	}

	/**
	 * A declared proxy.
	 * @param name its name under {@code zmq.proxies}
	 * @return the proxy, or {@code null} when none has that name
	 */
	public @Nullable ZmqProxyLifecycle getProxy(String name) {
		return this.proxies.get(name);
	}

	/**
	 * The declared proxies.
	 * @return their names, in declaration order
	 */
	public List<String> getProxyNames() {
		return List.copyOf(this.proxies.keySet());
	}

	@Override
	public void start() {
		this.proxies.values().stream().filter(ZmqProxyLifecycle::isAutoStartup).forEach(ZmqProxyLifecycle::start);
	}

	@Override
	public void stop() {
		List<ZmqProxyLifecycle> reversed = new ArrayList<>(this.proxies.values());
		Collections.reverse(reversed);
		reversed.forEach(ZmqProxyLifecycle::stop);
	}

	@Override
	public boolean isRunning() {
		return this.proxies.values().stream().anyMatch(ZmqProxyLifecycle::isRunning);
	}

	@Override
	public int getPhase() {
		return Integer.MIN_VALUE + 1000;
	}

	/**
	 * One entry per proxy: DOWN when it failed to start (an endpoint in use, say), UP otherwise (also when stopped on
	 * purpose), with its state and its sides' endpoints.
	 * @return the entries
	 */
	@Override
	public List<ZmqComponentHealth> health() {
		List<ZmqComponentHealth> health = new ArrayList<>();
		this.proxies.forEach((name, proxy) -> {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("type", "proxy");
			details.put("state", proxy.getState().name());
			details.put("frontend", proxy.getFrontendEndpoints());
			details.put("backend", proxy.getBackendEndpoints());
			health.add((proxy.getState() == ZmqLifecycle.State.FAILED)
					? ZmqComponentHealth.down(name, "the proxy failed to start", details)
					: ZmqComponentHealth.up(name, details));
		});
		return health;
	}

}
