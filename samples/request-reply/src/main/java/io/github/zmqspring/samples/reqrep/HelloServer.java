package io.github.zmqspring.samples.reqrep;

import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.core.SocketType;

/**
 * The REP server: the return value of the listener method is the reply. It binds {@code tcp://*:${hello.port}} and
 * answers {@code "World"} to every request, whatever the client (the engine's REQ, a pyzmq REQ, a libzmq C client).
 * Disabled with {@code hello.server.enabled=false}.
 */
@Component
class HelloServer {

	private static final Logger logger = LoggerFactory.getLogger(HelloServer.class);

	private final AtomicLong served = new AtomicLong();

	@ZmqListener(id = "hello-server", type = SocketType.REP, bind = "tcp://*:${hello.port}",
			autoStartup = "${hello.server.enabled:true}")
	String hello(String request) {
		long count = this.served.incrementAndGet();
		logger.info("Server received request {}: {}", count, request);
		return "World";
	}

}
