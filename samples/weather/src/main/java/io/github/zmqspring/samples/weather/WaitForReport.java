package io.github.zmqspring.samples.weather;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * When both sides run in one application (the default), waits for the subscriber's first report so that the
 * application prints it and then exits by itself (at most {@code weather.wait}). The {@code publisher} and
 * {@code subscriber} profiles turn it off ({@code weather.exit-after-report=false}).
 */
@Component
@ConditionalOnBooleanProperty(name = "weather.exit-after-report", matchIfMissing = true)
class WaitForReport implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(WaitForReport.class);

	private final ObjectProvider<WeatherSubscriber> subscriber;

	private final Duration wait;

	WaitForReport(ObjectProvider<WeatherSubscriber> subscriber, @Value("${weather.wait:60s}") Duration wait) {
		this.subscriber = subscriber;
		this.wait = wait;
	}

	@Override
	public void run(ApplicationArguments args) throws InterruptedException {
		WeatherSubscriber weather = this.subscriber.getIfAvailable();
		if (weather == null) {
			return;
		}
		if (weather.firstReport().await(this.wait.toMillis(), TimeUnit.MILLISECONDS)) {
			logger.info("Weather sample done");
		}
		else {
			logger.warn("No report within {}", this.wait);
		}
	}

}
