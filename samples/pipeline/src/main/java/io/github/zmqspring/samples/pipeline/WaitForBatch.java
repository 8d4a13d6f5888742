package io.github.zmqspring.samples.pipeline;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * When the whole pipeline runs in one application (the default), waits for the sink's batch report (at most
 * {@code pipeline.wait}) so that the application exits by itself afterwards. Off in the {@code worker} profile.
 */
@Component
@Order(2)
@ConditionalOnBooleanProperty(name = "pipeline.exit-after-batch", matchIfMissing = true)
class WaitForBatch implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(WaitForBatch.class);

	private final Sink sink;

	private final Duration wait;

	WaitForBatch(Sink sink, @Value("${pipeline.wait:30s}") Duration wait) {
		this.sink = sink;
		this.wait = wait;
	}

	@Override
	public void run(ApplicationArguments args) throws InterruptedException {
		if (this.sink.batchDone().await(this.wait.toMillis(), TimeUnit.MILLISECONDS)) {
			logger.info("Pipeline sample done");
		}
		else {
			logger.warn("The batch did not complete within {}", this.wait);
		}
	}

}
