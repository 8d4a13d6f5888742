package io.github.zmqspring.samples.pipeline;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.core.SocketType;

/**
 * Collects the results on a PULL socket bound to {@code tcp://*:${pipeline.results-port}}: {@code "START <count>"}
 * starts the clock, and when all results are in it prints the batch time and how many tasks each worker did.
 * Runs on the socket's owner thread, one message at a time.
 */
@Component
class Sink {

	private static final Logger logger = LoggerFactory.getLogger(Sink.class);

	private final CountDownLatch batchDone = new CountDownLatch(1);

	private final Map<String, Integer> perWorker = new TreeMap<>();

	private long start;

	private int expected;

	private int received;

	@ZmqListener(id = "sink", type = SocketType.PULL, bind = "tcp://*:${pipeline.results-port}",
			autoStartup = "${pipeline.sink.enabled:true}")
	void onResult(String result) {
		String[] fields = result.split(" ");
		if (fields[0].equals("START")) {
			this.start = System.nanoTime();
			this.expected = Integer.parseInt(fields[1]);
			this.received = 0;
			this.perWorker.clear();
			return;
		}
		this.perWorker.merge(fields[1], 1, Integer::sum);
		if (++this.received % 10 == 0) {
			logger.info("{} of {} results", this.received, this.expected);
		}
		if (this.received == this.expected) {
			logger.info("Batch of {} tasks done in {} ms; tasks per worker: {}", this.expected,
					(System.nanoTime() - this.start) / 1_000_000, this.perWorker);
			this.batchDone.countDown();
		}
	}

	CountDownLatch batchDone() {
		return this.batchDone;
	}

}
