package io.github.zmqspring.samples.reqrep;

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
class RequestReplyApplicationTests {

	private static final int PORT = TestSocketUtils.findAvailableTcpPort();

	@DynamicPropertySource
	static void randomPort(DynamicPropertyRegistry registry) {
		registry.add("hello.port", () -> PORT);
		registry.add("hello.host", () -> "127.0.0.1");
	}

	@Test
	void everyClientIsServedAllItsRequests(CapturedOutput output) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(output).contains("All 3 clients done"));
		assertThat(output).contains("client-a: 5/5 replies", "client-b: 5/5 replies", "client-c: 5/5 replies")
			.contains("client-a received reply 1: World")
			.contains("Server received request 15: Hello");
	}

}
