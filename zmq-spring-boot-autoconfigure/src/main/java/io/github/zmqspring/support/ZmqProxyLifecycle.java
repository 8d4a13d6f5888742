package io.github.zmqspring.support;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqProxy;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * A proxy as a Spring bean: starts {@link ZmqEngine#proxy} in {@link #start()} and closes it in {@link #stop()}, for
 * applications that need a broker in the middle (declared in Java, or under {@code zmq.proxies.<name>} in
 * {@code application.yml}, see {@link ZmqProxies}): ROUTER↔DEALER (n clients, m workers), XSUB↔XPUB (publish/subscribe
 * forwarder) or PULL↔PUSH (streamer), with an optional capture socket. Starts automatically, in phase
 * {@code Integer.MIN_VALUE + 1000} by default so that it runs before the adapters that connect to it and stops after
 * them. Thread-safe.
 */
public class ZmqProxyLifecycle implements SmartLifecycle {

	/** The frontend → backend socket type pairs a proxy supports. */
	public static final Map<SocketType, SocketType> VALID_SOCKET_TYPES = Map.of(SocketType.ROUTER, SocketType.DEALER,
			SocketType.XSUB, SocketType.XPUB, SocketType.PULL, SocketType.PUSH);

	private final ZmqEngine engine;

	private final ZmqSocketSpec frontend;

	private final ZmqSocketSpec backend;

	private final @Nullable ZmqSocketSpec capture;

	private int phase = Integer.MIN_VALUE + 1000;

	private boolean autoStartup = true;

	private final LifecycleResource<ZmqProxy> proxy;

	/**
	 * Creates a proxy bean; nothing opens before {@link #start()}.
	 * @param engine the engine
	 * @param frontend the frontend spec (ROUTER, XSUB or PULL)
	 * @param backend the backend spec (DEALER, XPUB or PUSH, matching the frontend)
	 * @param capture an optional socket receiving a copy of every forwarded message, or {@code null}
	 * @throws IllegalArgumentException when the pair is not one of {@link #VALID_SOCKET_TYPES}
	 */
	public ZmqProxyLifecycle(ZmqEngine engine, ZmqSocketSpec frontend, ZmqSocketSpec backend,
			@Nullable ZmqSocketSpec capture) {
		Assert.notNull(engine, "'engine' must not be null");
		Assert.notNull(frontend, "'frontend' must not be null");
		Assert.notNull(backend, "'backend' must not be null");
		Assert.isTrue(VALID_SOCKET_TYPES.get(frontend.type()) == backend.type(), () -> "proxy '" + frontend.name()
				+ "': frontend " + frontend.type() + " with backend " + backend.type() + " is not a proxy; use "
				+ "ROUTER/DEALER, XSUB/XPUB or PULL/PUSH");
		this.engine = engine;
		this.frontend = frontend;
		this.backend = backend;
		this.capture = capture;
		this.proxy = new LifecycleResource<>(() -> this.engine.proxy(this.frontend, this.backend, this.capture),
				ZmqProxy::close);
	}

	/**
	 * Sets the lifecycle phase (default {@code Integer.MIN_VALUE + 1000}).
	 * @param phase the phase
	 */
	public void setPhase(int phase) {
		this.phase = phase;
	}

	/**
	 * Sets whether the context starts the proxy (default {@code true}).
	 * @param autoStartup the flag
	 */
	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	/**
	 * The running proxy.
	 * @return the proxy, or {@code null} when not running
	 */
	public @Nullable ZmqProxy getProxy() {
		return this.proxy.get();
	}

	/**
	 * The frontend's bound endpoints, wildcard ports resolved.
	 * @return the endpoints; empty when not running
	 */
	public List<String> getFrontendEndpoints() {
		ZmqProxy current = this.proxy.get();
		return (current != null) ? current.frontendEndpoints() : List.of();
	}

	/**
	 * The backend's bound endpoints, wildcard ports resolved.
	 * @return the endpoints; empty when not running
	 */
	public List<String> getBackendEndpoints() {
		ZmqProxy current = this.proxy.get();
		return (current != null) ? current.backendEndpoints() : List.of();
	}

	/**
	 * The proxy's life-cycle state.
	 * @return the state
	 */
	public ZmqLifecycle.State getState() {
		return this.proxy.state();
	}

	@Override
	public void start() {
		this.proxy.start();
	}

	@Override
	public void stop() {
		this.proxy.stop();
	}

	@Override
	public boolean isRunning() {
		return this.proxy.isRunning();
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
