package io.github.zmqspring.samples.rawtcp;

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
class RawTcpApplicationTests {

	private static final int PORT = TestSocketUtils.findAvailableTcpPort();

	@DynamicPropertySource
	static void randomPort(DynamicPropertyRegistry registry) {
		registry.add("echo.port", () -> PORT);
		registry.add("echo.host", () -> "127.0.0.1");
	}

	@Test
	void aPlainTcpClientGetsEveryLineEchoed(CapturedOutput output) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(output).contains("Raw TCP sample done"));
		assertThat(output).contains("Plain TCP client received: echo: hello",
				"Plain TCP client received: echo: ZeroMQ, meet plain TCP", "Plain TCP client received: echo: one",
				"Plain TCP client received: echo: two")
			.containsPattern("Client [0-9a-f]+ connected");
	}

}
