package io.github.zmqspring.samples.weather;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the sample with a narrow zipcode range (10000..10009) so that zipcode 10001 gets updates quickly.
 */
@SpringBootTest(properties = { "weather.zipcodes.min=10000", "weather.zipcodes.max=10009", "weather.updates=5" })
@ExtendWith(OutputCaptureExtension.class)
class WeatherApplicationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int PORT = TestSocketUtils.findAvailableTcpPort();

	@DynamicPropertySource
	static void randomPort(DynamicPropertyRegistry registry) {
		registry.add("weather.port", () -> PORT);
		registry.add("weather.host", () -> "127.0.0.1");
	}

	@Test
	void subscriberPrintsTheAverageTemperatureOfItsZipcode(CapturedOutput output) {
		await().atMost(WAIT).untilAsserted(() -> assertThat(output).contains("Weather sample done"));
		assertThat(output).contains("Average temperature for zipcode '10001' was")
			.contains("over 5 updates (report 1)")
			.doesNotContain("Received an update for another zipcode");
	}

	@Test
	void subscriberStartedBeforeThePublisherGetsUpdatesAndAPublisherRestartResumesTheFlow(CapturedOutput output) {
		int port = TestSocketUtils.findAvailableTcpPort();
		try (ConfigurableApplicationContext subscriber = app("subscriber", port, "10002")) {
			try (ConfigurableApplicationContext publisher = app("publisher", port, "10002")) {
				await().atMost(WAIT)
					.untilAsserted(() -> assertThat(output).contains("zipcode '10002' was", "over 5 updates (report 1)"));
			}
			assertThat(output).contains("Publisher stopped after");
			try (ConfigurableApplicationContext restarted = app("publisher", port, "10002")) {
				await().atMost(WAIT).untilAsserted(() -> assertThat(output).contains("over 5 updates (report 2)"));
			}
		}
	}

	private static ConfigurableApplicationContext app(String profile, int port, String zipcode) {
		return new SpringApplicationBuilder(WeatherApplication.class).profiles(profile)
			.run("--weather.port=" + port, "--weather.host=127.0.0.1", "--weather.zipcode=" + zipcode,
					"--weather.zipcodes.min=10000", "--weather.zipcodes.max=10009", "--weather.updates=5",
					"--spring.main.banner-mode=off");
	}

}
