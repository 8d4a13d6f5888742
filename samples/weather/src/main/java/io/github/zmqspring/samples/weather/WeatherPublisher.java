package io.github.zmqspring.samples.weather;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.github.zmqspring.template.ZmqOperations;

/**
 * Publishes weather updates on the PUB socket {@code zmq.sockets.weather} as fast as the guide's {@code wuserver},
 * paced in bursts of {@code weather.burst} updates: zipcodes drawn from {@code weather.zipcodes.min..max} (default
 * 1..99999, printed with five digits), temperatures from -80 to 134 and relative humidity from 10 to 59. Started and
 * stopped with the application context; disabled with {@code weather.publisher.enabled=false}.
 */
@Component
@ConditionalOnBooleanProperty(name = "weather.publisher.enabled", matchIfMissing = true)
class WeatherPublisher implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(WeatherPublisher.class);

	private final ZmqOperations zmq;

	private final int zipMin;

	private final int zipMax;

	private final int burst;

	private final AtomicLong published = new AtomicLong();

	private volatile boolean running;

	private Thread thread;

	WeatherPublisher(ZmqOperations zmq, @Value("${weather.zipcodes.min:1}") int zipMin,
			@Value("${weather.zipcodes.max:99999}") int zipMax, @Value("${weather.burst:1000}") int burst) {
		this.zmq = zmq;
		this.zipMin = zipMin;
		this.zipMax = zipMax;
		this.burst = burst;
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = new Thread(this::publish, "weather-publisher");
		this.thread.setDaemon(true);
		this.thread.start();
		logger.info("Publishing weather updates for zipcodes {}..{}", this.zipMin, this.zipMax);
	}

	private void publish() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (this.running) {
			for (int i = 0; i < this.burst && this.running; i++) {
				int zipcode = random.nextInt(this.zipMin, this.zipMax + 1);
				int temperature = random.nextInt(215) - 80;
				int relhumidity = random.nextInt(50) + 10;
				this.zmq.send("weather", String.format("%05d %d %d", zipcode, temperature, relhumidity));
				this.published.incrementAndGet();
			}
			// pacing, so that the sample does not take a whole core: about a million updates per second at most
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
		}
	}

	@Override
	public void stop() {
		this.running = false;
		Thread publisher = this.thread;
		if (publisher != null) {
			try {
				publisher.join(TimeUnit.SECONDS.toMillis(5));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		logger.info("Publisher stopped after {} updates", this.published.get());
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Starts after the named sockets (which open the PUB socket) and stops before them. */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 2048;
	}

}
