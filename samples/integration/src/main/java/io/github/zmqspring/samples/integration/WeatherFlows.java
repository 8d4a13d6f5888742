package io.github.zmqspring.samples.integration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.Pollers;

/**
 * The two flows of the sample. Neither mentions ZeroMQ: the channels {@code weatherUpdates} and {@code localWeather}
 * are bound to a PUB and a SUB socket by {@code zmq.integration.*} in {@code application.yml}.
 */
@Configuration(proxyBeanMethods = false)
class WeatherFlows {

	private static final Logger logger = LoggerFactory.getLogger(WeatherFlows.class);

	private final CountDownLatch firstAverage = new CountDownLatch(1);

	/**
	 * Produces {@code "<zipcode> <temperature> <relhumidity>"} updates for random zipcodes in
	 * {@code weather.zipcodes.min..max}, {@code weather.burst} per millisecond, into {@code weatherUpdates}.
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "weather.publisher.enabled", matchIfMissing = true)
	IntegrationFlow publishWeather(@Value("${weather.zipcodes.min:1}") int min,
			@Value("${weather.zipcodes.max:99999}") int max, @Value("${weather.burst:2000}") int burst) {
		return IntegrationFlow.fromSupplier(() -> {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			return String.format("%05d %d %d", random.nextInt(min, max + 1), random.nextInt(215) - 80,
					random.nextInt(50) + 10);
		}, (source) -> source.poller(Pollers.fixedDelay(Duration.ofMillis(1)).maxMessagesPerPoll(burst)))
			.channel("weatherUpdates")
			.get();
	}

	/** Groups every {@code weather.updates} updates of the subscribed zipcode and logs their average temperature. */
	@Bean
	IntegrationFlow averageLocalWeather(@Value("${weather.updates}") int updates) {
		return IntegrationFlow.from("localWeather")
			.aggregate((aggregator) -> aggregator.correlationExpression("'all'")
				.releaseStrategy((group) -> group.size() >= updates)
				.expireGroupsUponCompletion(true))
			.<List<String>>handle((batch, headers) -> {
				double average = batch.stream().mapToInt((update) -> Integer.parseInt(update.split(" ")[1])).average()
					.orElse(Double.NaN);
				logger.info("Average temperature for zipcode '{}' was {}F over {} updates (via Spring Integration)",
						batch.get(0).split(" ")[0], Math.round(average), batch.size());
				this.firstAverage.countDown();
				return null;
			})
			.get();
	}

	CountDownLatch firstAverage() {
		return this.firstAverage;
	}

}
