package io.github.zmqspring.samples.weather;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The ZeroMQ guide's weather feed ({@code wuserver}/{@code wuclient}) on PUB/SUB: {@link WeatherPublisher} publishes
 * single-frame updates {@code "<zipcode> <temperature> <relhumidity>"} for random zipcodes, and
 * {@link WeatherSubscriber} (a {@code @ZmqListener} on SUB) keeps only one zipcode, by prefix, and prints the average
 * temperature over every {@code weather.updates} updates.
 * <p>
 * {@code mvn -pl samples/weather -am spring-boot:run} runs both and exits after the first average. Profiles
 * {@code publisher} and {@code subscriber} run one side each and keep running, in either order: the subscriber's
 * connect is retried until a publisher binds, and a restarted publisher resumes the flow.
 */
@SpringBootApplication
public class WeatherApplication {

	/**
	 * Starts the sample.
	 * @param args command-line arguments (Spring Boot properties such as {@code --weather.zipcode=10002})
	 */
	public static void main(String[] args) {
		SpringApplication.run(WeatherApplication.class, args);
	}

}
