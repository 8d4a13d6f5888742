package io.github.zmqspring.samples.weather;

import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.core.SocketType;

/**
 * Subscribes to one zipcode: the subscription {@code "<zipcode> "} is a byte prefix of the update, filtered by the
 * publisher (libzmq, pyzmq and this engine all filter on the publishing side). Prints the average temperature over
 * every {@code weather.updates} updates. Disabled with {@code weather.subscriber.enabled=false}.
 */
@Component
@ConditionalOnBooleanProperty(name = "weather.subscriber.enabled", matchIfMissing = true)
class WeatherSubscriber {

	private static final Logger logger = LoggerFactory.getLogger(WeatherSubscriber.class);

	private final String zipcode;

	private final int updates;

	private final CountDownLatch firstReport = new CountDownLatch(1);

	private long totalTemperature;

	private int count;

	private int reports;

	WeatherSubscriber(@Value("${weather.zipcode}") String zipcode, @Value("${weather.updates}") int updates) {
		this.zipcode = zipcode;
		this.updates = updates;
	}

	/** Called on the SUB socket's owner thread, one update at a time. */
	@ZmqListener(id = "weather-subscriber", type = SocketType.SUB, connect = "tcp://${weather.host}:${weather.port}",
			topics = "${weather.zipcode} ")
	void onUpdate(String update) {
		String[] fields = update.split(" ");
		if (!fields[0].equals(this.zipcode)) {
			throw new IllegalStateException("Received an update for another zipcode: " + update);
		}
		this.totalTemperature += Integer.parseInt(fields[1]);
		if (++this.count == this.updates) {
			this.reports++;
			logger.info("Average temperature for zipcode '{}' was {}F over {} updates (report {})", this.zipcode,
					this.totalTemperature / this.count, this.count, this.reports);
			this.totalTemperature = 0;
			this.count = 0;
			this.firstReport.countDown();
		}
	}

	CountDownLatch firstReport() {
		return this.firstReport;
	}

}
