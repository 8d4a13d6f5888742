package io.github.zmqspring.samples.integration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.integration.config.EnableIntegration;

/**
 * The weather feed as Spring Integration flows. The ZeroMQ ends are not code: {@code application.yml} binds an
 * outbound channel adapter (PUB) to the channel {@code weatherUpdates} and an inbound channel adapter (SUB, prefix
 * {@code "10001 "}) to the channel {@code localWeather} ({@code zmq.integration.*}). {@link WeatherFlows} holds the
 * flows: one produces updates into {@code weatherUpdates}, one aggregates {@code weather.updates} updates from
 * {@code localWeather} and logs their average temperature.
 * <p>
 * {@code mvn -pl samples/integration -am spring-boot:run} runs both flows and exits after the first average; the
 * {@code subscriber} profile keeps only the subscribing flow, for a pyzmq publisher on port 5556.
 */
@SpringBootApplication
@EnableIntegration
public class IntegrationApplication {

	/**
	 * Starts the sample.
	 * @param args command-line arguments (Spring Boot properties such as {@code --weather.updates=20})
	 */
	public static void main(String[] args) {
		SpringApplication.run(IntegrationApplication.class, args);
	}

}
