package io.github.zmqspring.samples.pipeline;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.template.ZmqOperations;

/**
 * Sends one batch: first {@code "START <count>"} to the sink, then {@code pipeline.tasks} tasks
 * {@code "<n> <milliseconds>"} with a random workload, on the PUSH socket {@code zmq.sockets.tasks}. PUSH deals
 * messages only to connected workers, so it first waits (up to {@code pipeline.wait}) until
 * {@code pipeline.expected-workers} workers completed their handshake, watching the engine's socket events — where
 * the guide asks the user to press Enter.
 */
@Component
@Order(1)
@ConditionalOnBooleanProperty(name = "pipeline.ventilator.enabled", matchIfMissing = true)
class Ventilator implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(Ventilator.class);

	private final ZmqOperations zmq;

	private final int tasks;

	private final int maxWorkload;

	private final int expectedWorkers;

	private final Duration wait;

	private final CountDownLatch workersReady;

	Ventilator(ZmqOperations zmq, ZmqEngine engine, @Value("${pipeline.tasks}") int tasks,
			@Value("${pipeline.max-workload}") Duration maxWorkload,
			@Value("${pipeline.expected-workers:3}") int expectedWorkers, @Value("${pipeline.wait:30s}") Duration wait) {
		this.zmq = zmq;
		this.tasks = tasks;
		this.maxWorkload = (int) maxWorkload.toMillis();
		this.expectedWorkers = expectedWorkers;
		this.wait = wait;
		this.workersReady = new CountDownLatch(expectedWorkers);
		engine.addEventListener((event) -> {
			if (event.socketName().equals("tasks") && event.type() == SocketEventType.HANDSHAKE_SUCCEEDED) {
				this.workersReady.countDown();
			}
		});
	}

	@Override
	public void run(ApplicationArguments args) throws InterruptedException {
		if (!this.workersReady.await(this.wait.toMillis(), TimeUnit.MILLISECONDS)) {
			logger.warn("Only {} of {} workers connected; sending anyway",
					this.expectedWorkers - this.workersReady.getCount(), this.expectedWorkers);
		}
		this.zmq.send("results", "START " + this.tasks);
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long total = 0;
		for (int n = 1; n <= this.tasks; n++) {
			int workload = random.nextInt(1, this.maxWorkload + 1);
			total += workload;
			this.zmq.send("tasks", n + " " + workload);
		}
		logger.info("Sent {} tasks to {} workers; total expected cost: {} ms", this.tasks, this.expectedWorkers, total);
	}

}
