package io.github.zmqspring.samples.pipeline;

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

@SpringBootTest(properties = { "pipeline.tasks=30", "pipeline.max-workload=5ms" })
@ExtendWith(OutputCaptureExtension.class)
class PipelineApplicationTests {

	private static final int TASKS_PORT = TestSocketUtils.findAvailableTcpPort();

	private static final int RESULTS_PORT = TestSocketUtils.findAvailableTcpPort();

	@DynamicPropertySource
	static void randomPorts(DynamicPropertyRegistry registry) {
		registry.add("pipeline.tasks-port", () -> TASKS_PORT);
		registry.add("pipeline.results-port", () -> RESULTS_PORT);
		registry.add("pipeline.host", () -> "127.0.0.1");
	}

	@Test
	void theBatchIsSpreadOverTheThreeWorkersAndTimedByTheSink(CapturedOutput output) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(output).contains("Pipeline sample done"));
		assertThat(output).contains("Sent 30 tasks to 3 workers")
			.containsPattern("Batch of 30 tasks done in \\d+ ms; tasks per worker: \\{worker-1=10, worker-2=10, worker-3=10\\}");
	}

}
