package io.github.zmqspring.samples.broker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The ZeroMQ guide's request/reply broker ({@code rrbroker}/{@code msgqueue}), the answer to "two servers cannot bind
 * the same address": n clients connect to the {@link Broker}'s ROUTER frontend, m REP {@link Workers} connect to its
 * DEALER backend, and the broker forwards requests and replies with their routing envelopes, which the workers print.
 * <p>
 * {@code mvn -pl samples/broker -am spring-boot:run} runs everything and exits when the {@link Clients} are done.
 * The {@code broker} profile runs only the proxy (frontend 5559, backend 5560), kept running, for pyzmq clients and
 * workers.
 */
@SpringBootApplication
public class BrokerApplication {

	/**
	 * Starts the sample.
	 * @param args command-line arguments (Spring Boot properties such as {@code --broker.frontend-port=5559})
	 */
	public static void main(String[] args) {
		SpringApplication.run(BrokerApplication.class, args);
	}

}
