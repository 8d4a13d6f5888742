package io.github.zmqspring.samples.pipeline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The ZeroMQ guide's divide-and-conquer pipeline ({@code taskvent}/{@code taskwork}/{@code tasksink}) on PUSH/PULL:
 * the {@link Ventilator} pushes a batch of tasks, three {@link Workers} ({@code @ZmqListener} on PULL with
 * {@code @SendTo} a PUSH socket) share them, and the {@link Sink} measures how long the batch took.
 * <p>
 * {@code mvn -pl samples/pipeline -am spring-boot:run} runs all three and exits after the batch. The {@code worker}
 * profile runs only the workers, kept running, between a pyzmq ventilator (binding 5557) and sink (binding 5558).
 */
@SpringBootApplication
public class PipelineApplication {

	/**
	 * Starts the sample.
	 * @param args command-line arguments (Spring Boot properties such as {@code --pipeline.tasks=100})
	 */
	public static void main(String[] args) {
		SpringApplication.run(PipelineApplication.class, args);
	}

}
