package io.github.zmqspring.samples.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqProxy;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * The broker: a ROUTER frontend for the clients and a DEALER backend for the workers, joined by the engine's proxy
 * (one owner thread for both sockets). The ROUTER prefixes each request with the client's routing id (the one the
 * client set, or one it generates: 5 bytes, the first 0); the DEALER deals requests over the workers; replies find
 * their way back by that id. Opened in {@link #start()}, closed in {@link #stop()}.
 */
@Component
class Broker implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(Broker.class);

	private final ZmqEngine engine;

	private final String frontend;

	private final String backend;

	private volatile ZmqProxy proxy;

	Broker(ZmqEngine engine, @Value("tcp://*:${broker.frontend-port}") String frontend,
			@Value("tcp://*:${broker.backend-port}") String backend) {
		this.engine = engine;
		this.frontend = frontend;
		this.backend = backend;
	}

	@Override
	public void start() {
		this.proxy = this.engine.proxy(ZmqSocketSpec.builder("frontend", SocketType.ROUTER).bind(this.frontend).build(),
				ZmqSocketSpec.builder("backend", SocketType.DEALER).bind(this.backend).build(), null);
		logger.info("Broker: clients connect to {}, workers to {}", this.proxy.frontendEndpoints(),
				this.proxy.backendEndpoints());
	}

	@Override
	public void stop() {
		ZmqProxy running = this.proxy;
		if (running != null) {
			logger.info("Broker forwarded {} requests and {} replies", running.forwardedToBackend(),
					running.forwardedToFrontend());
			running.close();
			this.proxy = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.proxy != null;
	}

}
