package io.github.zmqspring.samples.broker;

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

@SpringBootTest
@ExtendWith(OutputCaptureExtension.class)
class BrokerApplicationTests {

	private static final int FRONTEND = TestSocketUtils.findAvailableTcpPort();

	private static final int BACKEND = TestSocketUtils.findAvailableTcpPort();

	@DynamicPropertySource
	static void randomPorts(DynamicPropertyRegistry registry) {
		registry.add("broker.frontend-port", () -> FRONTEND);
		registry.add("broker.backend-port", () -> BACKEND);
		registry.add("broker.host", () -> "127.0.0.1");
	}

	@Test
	void threeClientsAreServedThroughTheBrokerAndTheWorkersSeeTheirEnvelopes(CapturedOutput output) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(output).contains("Broker sample done"));
		assertThat(output).contains("client-a: 4/4 replies", "client-b: 4/4 replies", "client-c: 4/4 replies")
			.containsPattern("client-b received: request 1 of client-b served by worker-[12]")
			// REQ clients are libzmq REQ on the wire: [broker connection id][client routing id: explicit]
			.containsPattern("got 'request \\d of client-b' with envelope 2 frames: \\[5\\] 0x00[0-9a-f]{8} \\| "
					+ "\\[8\\] client-b(\\R|$)")
			// a client routing id the broker's ROUTER generated: 5 bytes, the first one 0
			.containsPattern("got 'request \\d of client-a' with envelope 2 frames: \\[5\\] 0x00[0-9a-f]{8} \\| "
					+ "\\[5\\] 0x00[0-9a-f]{8}(\\R|$)")
			// the DEALER client pipelines: its 8-byte request id travels in the envelope
			.containsPattern("got 'request \\d of client-c' with envelope 3 frames: \\[5\\] 0x00[0-9a-f]{8} \\| "
					+ "\\[5\\] 0x00[0-9a-f]{8} \\| \\[8\\] 0x[0-9a-f]{16}");
	}

}
