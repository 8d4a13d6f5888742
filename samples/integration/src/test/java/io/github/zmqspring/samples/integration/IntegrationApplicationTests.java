package io.github.zmqspring.samples.integration;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs both flows with a narrow zipcode range (10000..10009) so that zipcode 10001 gets updates quickly.
 */
@SpringBootTest(properties = { "weather.zipcodes.min=10000", "weather.zipcodes.max=10009", "weather.updates=5",
		"weather.exit-after-report=false" })
@ExtendWith(OutputCaptureExtension.class)
class IntegrationApplicationTests {

	private static final int PORT = TestSocketUtils.findAvailableTcpPort();

	@DynamicPropertySource
	static void randomPort(DynamicPropertyRegistry registry) {
		registry.add("weather.port", () -> PORT);
		registry.add("weather.host", () -> "127.0.0.1");
	}

	@Test
	void theSubscribingFlowAveragesTheUpdatesOfItsZipcode(CapturedOutput output) {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(output).containsPattern(
					"Average temperature for zipcode '10001' was -?\\d+F over 5 updates \\(via Spring Integration\\)"));
	}

}
