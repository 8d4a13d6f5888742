package io.github.zmqspring.samples.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import io.github.zmqspring.template.ZmqOperations;

/**
 * Three clients, each a named socket connected to the broker's frontend ({@code zmq.sockets.client-*}): a REQ without
 * routing id (the broker generates one), a REQ with the routing id {@code client-b}, and a DEALER with many requests
 * in flight. Each sends {@code broker.requests} requests through {@code ZmqTemplate.request}, all clients at once.
 * Disabled with {@code broker.clients.enabled=false}.
 */
@Component
@ConditionalOnBooleanProperty(name = "broker.clients.enabled", matchIfMissing = true)
class Clients implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(Clients.class);

	private static final List<String> CLIENTS = List.of("client-a", "client-b", "client-c");

	private final ZmqOperations zmq;

	private final int requests;

	Clients(ZmqOperations zmq, @Value("${broker.requests:4}") int requests) {
		this.zmq = zmq;
		this.requests = requests;
	}

	@Override
	public void run(ApplicationArguments args) {
		List<CompletableFuture<Void>> running = new ArrayList<>();
		for (String client : CLIENTS) {
			running.add(CompletableFuture.runAsync(() -> {
				List<CompletableFuture<String>> replies = new ArrayList<>();
				for (int i = 1; i <= this.requests; i++) {
					replies.add(this.zmq.requestAsync(client, "request " + i + " of " + client, String.class));
				}
				int ok = 0;
				for (CompletableFuture<String> reply : replies) {
					logger.info("{} received: {}", client, reply.join());
					ok++;
				}
				logger.info("{}: {}/{} replies", client, ok, this.requests);
			}));
		}
		CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
		logger.info("Broker sample done");
	}

}
