package io.github.zmqspring.samples.integration;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Waits for the first average (at most {@code weather.wait}), then closes the application context so that the
 * application exits by itself (the pollers' scheduler threads would keep it running). Off in the {@code subscriber}
 * profile ({@code weather.exit-after-report=false}).
 */
@Component
@ConditionalOnBooleanProperty(name = "weather.exit-after-report", matchIfMissing = true)
class WaitForAverage implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(WaitForAverage.class);

	private final WeatherFlows flows;

	private final Duration wait;

	private final ConfigurableApplicationContext context;

	WaitForAverage(WeatherFlows flows, @Value("${weather.wait:60s}") Duration wait,
			ConfigurableApplicationContext context) {
		this.flows = flows;
		this.wait = wait;
		this.context = context;
	}

	@Override
	public void run(ApplicationArguments args) throws InterruptedException {
		if (this.flows.firstAverage().await(this.wait.toMillis(), TimeUnit.MILLISECONDS)) {
			logger.info("Integration sample done");
		}
		else {
			logger.warn("No average within {}", this.wait);
		}
		this.context.close();
	}

}
