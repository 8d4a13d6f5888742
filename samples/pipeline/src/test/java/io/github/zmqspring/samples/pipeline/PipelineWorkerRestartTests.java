package io.github.zmqspring.samples.pipeline;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;

import io.github.zmqspring.config.ZmqListenerEndpointRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker restarted in the middle of a batch: its graceful stop first works off the tasks already dealt to it, so
 * the sink still gets every result.
 */
@SpringBootTest(properties = { "pipeline.tasks=60", "pipeline.max-workload=30ms", "pipeline.exit-after-batch=false" })
@ExtendWith(OutputCaptureExtension.class)
class PipelineWorkerRestartTests {

	private static final int TASKS_PORT = TestSocketUtils.findAvailableTcpPort();

	private static final int RESULTS_PORT = TestSocketUtils.findAvailableTcpPort();

	@DynamicPropertySource
	static void randomPorts(DynamicPropertyRegistry registry) {
		registry.add("pipeline.tasks-port", () -> TASKS_PORT);
		registry.add("pipeline.results-port", () -> RESULTS_PORT);
		registry.add("pipeline.host", () -> "127.0.0.1");
	}

	@Autowired
	private ZmqListenerEndpointRegistry registry;

	@Test
	void aWorkerStoppedMidBatchFinishesItsTasksFirstAndNoResultIsLost(CapturedOutput output) {
		// The ventilator dealt its 60 tasks during start-up; the workers are still working them off.
		assertThat(output).contains("Sent 60 tasks to 3 workers");
		this.registry.stopListenerContainer("worker-1");
		this.registry.startListenerContainer("worker-1");
		assertThat(this.registry.getListenerContainer("worker-1").isRunning()).isTrue();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(output).containsPattern("Batch of 60 tasks done in \\d+ ms"));
		assertThat(output).containsPattern("worker-1=20, worker-2=20, worker-3=20");
	}

}
