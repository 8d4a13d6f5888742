package io.github.zmqspring.samples.weather;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.zmqspring.test.PublisherPeer;
import io.github.zmqspring.test.ZmqPeers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The subscriber alone (profile {@code subscriber}) against a PUB peer in the place of the guide's {@code wuserver}:
 * the peer publishes known temperatures, so the average is known too.
 */
@SpringBootTest(properties = { "weather.zipcode=10001", "weather.updates=5", "spring.main.keep-alive=false" })
@ActiveProfiles("subscriber")
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class WeatherSubscriberTests {

	@RegisterExtension
	static final ZmqPeers peers = ZmqPeers.create();

	static final PublisherPeer publisher = peers.publisher().open();

	@DynamicPropertySource
	static void publisherEndpoint(DynamicPropertyRegistry registry) {
		registry.add("weather.host", () -> "127.0.0.1");
		registry.add("weather.port", publisher::port);
	}

	@Test
	void theSubscriberAveragesTheTemperaturesOfItsZipcodeOnly(CapturedOutput output) {
		// the first publish waits until the application's SUB socket has subscribed: nothing is lost
		publisher.publish("10002 99 50");
		for (int temperature = 10; temperature <= 50; temperature += 10) {
			publisher.publish("10001 " + temperature + " 40");
		}
		assertThat(publisher.subscriptions()).containsExactly("10001 ");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output)
			.contains("Average temperature for zipcode '10001' was 30F over 5 updates (report 1)"));
		assertThat(output).doesNotContain("Received an update for another zipcode");
	}

}
