package io.github.zmqspring.samples.reqrep;

import java.time.Duration;
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

import io.github.zmqspring.core.ZmqRequestTimeoutException;
import io.github.zmqspring.template.ZmqOperations;

/**
 * The clients: one thread per REQ socket declared in {@code application.yml} ({@code zmq.sockets.client-a}, ...),
 * all sending at the same time, each {@code hello.requests} requests through {@link ZmqOperations#request}. The REP
 * server fair-queues its connections, so every client is served in turn. Prints each reply and a summary line per
 * client. Disabled with {@code hello.clients.enabled=false}.
 */
@Component
@ConditionalOnBooleanProperty(name = "hello.clients.enabled", matchIfMissing = true)
class HelloClients implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(HelloClients.class);

	private final ZmqOperations zmq;

	private final List<String> clients;

	private final int requests;

	HelloClients(ZmqOperations zmq, @Value("${hello.clients.sockets}") List<String> clients,
			@Value("${hello.requests:5}") int requests) {
		this.zmq = zmq;
		this.clients = clients;
		this.requests = requests;
	}

	@Override
	public void run(ApplicationArguments args) {
		List<CompletableFuture<Void>> running = new ArrayList<>();
		for (String client : this.clients) {
			running.add(CompletableFuture.runAsync(() -> runClient(client)));
		}
		CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
		logger.info("All {} clients done", this.clients.size());
	}

	private void runClient(String client) {
		int replies = 0;
		for (int i = 1; i <= this.requests; i++) {
			try {
				String reply = this.zmq.request(client, "Hello " + i + " from " + client, String.class,
						Duration.ofSeconds(5));
				replies++;
				logger.info("{} received reply {}: {}", client, i, reply);
			}
			catch (ZmqRequestTimeoutException ex) {
				logger.warn("{}: request {} timed out ({})", client, i, ex.getMessage());
			}
		}
		logger.info("{}: {}/{} replies", client, replies, this.requests);
	}

}
