package io.github.zmqspring.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

import io.github.zmqspring.listener.ZmqListenerContainer;
import io.github.zmqspring.support.ZmqStartupLog;

/**
 * Owns the listener containers built for the registered endpoints, and starts and stops them with the application
 * context ({@link SmartLifecycle}, phase {@link #DEFAULT_PHASE}: after other components start, before them on stop,
 * and before the engine closes). Containers are not beans: look them up here by id, for example to start or stop one
 * at runtime or to report their {@linkplain ZmqListenerContainer#getState() state} (the {@code zmq} health contributor
 * and actuator endpoint do). Each container that starts through the registry is logged at INFO with its socket
 * type and its actual endpoints ({@code ZMQ listener 'orders' (PULL) bound tcp://127.0.0.1:53121}).
 * Thread-safe.
 */
public class ZmqListenerEndpointRegistry implements SmartLifecycle, DisposableBean {

	/** The default handler method factories shared by every listener method registered here. */
	private final MethodFactoryCache methodFactories = new MethodFactoryCache();


	/** The phase of the registry: late start, early stop. */
	public static final int DEFAULT_PHASE = Integer.MAX_VALUE - 100;

	private static final Logger logger = LoggerFactory.getLogger(ZmqListenerEndpointRegistry.class);

	private final Map<String, ZmqListenerContainer> containers = new LinkedHashMap<>();

	private int phase = DEFAULT_PHASE;

	private volatile boolean running;

	/**
	 * Builds the container of an endpoint with a factory and registers it under the endpoint's id; starts it at once
	 * when the registry is running and the container auto-starts.
	 * @param endpoint the endpoint
	 * @param factory the container factory
	 * @return the container
	 * @throws IllegalStateException when another container already has that id
	 */
	public ZmqListenerContainer registerListenerContainer(ZmqListenerEndpoint endpoint,
			ZmqListenerContainerFactory<?> factory) {
		Assert.notNull(endpoint, "'endpoint' must not be null");
		Assert.notNull(factory, "'factory' must not be null");
		String id = endpoint.getId();
		if (endpoint instanceof MethodZmqListenerEndpoint method) {
			method.useSharedMethodFactories(this.methodFactories);
		}
		ZmqListenerContainer container;
		synchronized (this.containers) {
			if (this.containers.containsKey(id)) {
				throw new IllegalStateException("another @ZmqListener container has the id '" + id
						+ "'; give each listener its own id");
			}
			container = factory.createListenerContainer(endpoint);
			this.containers.put(id, container);
		}
		if (this.running && container.isAutoStartup()) {
			start(container);
		}
		return container;
	}

	/**
	 * The container of a listener.
	 * @param id the listener id
	 * @return the container, or {@code null} when none has that id
	 */
	public @Nullable ZmqListenerContainer getListenerContainer(String id) {
		synchronized (this.containers) {
			return this.containers.get(id);
		}
	}

	/**
	 * The ids of all containers, in registration order.
	 * @return the ids
	 */
	public Set<String> getListenerContainerIds() {
		synchronized (this.containers) {
			return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(this.containers.keySet()));
		}
	}

	/**
	 * All containers, in registration order.
	 * @return a snapshot
	 */
	public Collection<ZmqListenerContainer> getListenerContainers() {
		synchronized (this.containers) {
			return List.copyOf(this.containers.values());
		}
	}

	/**
	 * Starts the container of a listener (also one that does not auto-start).
	 * @param id the listener id
	 * @throws IllegalArgumentException when no container has that id
	 */
	public void startListenerContainer(String id) {
		start(requireContainer(id));
	}

	/**
	 * Stops the container of a listener: its socket closes gracefully.
	 * @param id the listener id
	 * @throws IllegalArgumentException when no container has that id
	 */
	public void stopListenerContainer(String id) {
		requireContainer(id).stop();
	}

	/**
	 * Pauses the container of a listener: its socket stays open and hands no message to the listener until
	 * {@link #resumeListenerContainer} (see {@link ZmqListenerContainer#pause()}).
	 * @param id the listener id
	 * @throws IllegalArgumentException when no container has that id
	 */
	public void pauseListenerContainer(String id) {
		requireContainer(id).pause();
	}

	/**
	 * Resumes a paused container: its queued messages go to the listener first, in order.
	 * @param id the listener id
	 * @throws IllegalArgumentException when no container has that id
	 */
	public void resumeListenerContainer(String id) {
		requireContainer(id).resume();
	}

	private ZmqListenerContainer requireContainer(String id) {
		ZmqListenerContainer container = getListenerContainer(id);
		if (container == null) {
			throw new IllegalArgumentException("no @ZmqListener container with id '" + id + "'; known ids: "
					+ getListenerContainerIds());
		}
		return container;
	}

	/**
	 * Sets the life-cycle phase (default {@link #DEFAULT_PHASE}).
	 * @param phase the phase
	 */
	public void setPhase(int phase) {
		this.phase = phase;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	/**
	 * Starts every auto-starting container.
	 */
	@Override
	public void start() {
		for (ZmqListenerContainer container : getListenerContainers()) {
			if (container.isAutoStartup()) {
				start(container);
			}
		}
		this.running = true;
	}

	/**
	 * Stops every container, in parallel (each waits for its socket's graceful close).
	 */
	@Override
	public void stop() {
		this.running = false;
		List<Thread> stoppers = new ArrayList<>();
		for (ZmqListenerContainer container : getListenerContainers()) {
			if (container.isRunning()) {
				Thread stopper = new Thread(() -> stopQuietly(container), "zmq-listener-stop-" + container.getListenerId());
				stopper.setDaemon(true);
				stopper.start();
				stoppers.add(stopper);
			}
		}
		for (Thread stopper : stoppers) {
			try {
				stopper.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private static void start(ZmqListenerContainer container) {
		boolean wasRunning = container.isRunning();
		container.start();
		if (!wasRunning && container.isRunning() && logger.isInfoEnabled()) {
			logger.info(ZmqStartupLog.line("listener", container.getListenerId(), container.getSocketName(),
					container.getSocketType(), container.getSocket()));
		}
	}

	private static void stopQuietly(ZmqListenerContainer container) {
		try {
			container.stop();
		}
		catch (RuntimeException ex) {
			logger.warn("Stopping listener '{}' failed", container.getListenerId(), ex);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public void destroy() {
		stop();
	}

}
