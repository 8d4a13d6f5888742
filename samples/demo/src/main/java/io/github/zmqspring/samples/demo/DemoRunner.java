package io.github.zmqspring.samples.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqProxy;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.template.ZmqOperations;

/**
 * The sending side of every pattern, one step after the other, then the summary.
 */
@Component
class DemoRunner implements ApplicationRunner {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ZmqOperations zmq;

	private final ZmqEngine engine;

	private final DemoListeners listeners;

	private final VentilatorConnections workers;

	private final int frontendPort;

	private final int backendPort;

	private final List<String> summary = new ArrayList<>();

	private volatile boolean failed;

	DemoRunner(ZmqOperations zmq, ZmqEngine engine, DemoListeners listeners, VentilatorConnections workers,
			@Value("${demo.frontend-port}") int frontendPort, @Value("${demo.backend-port}") int backendPort) {
		this.zmq = zmq;
		this.engine = engine;
		this.listeners = listeners;
		this.workers = workers;
		this.frontendPort = frontendPort;
		this.backendPort = backendPort;
	}

	boolean succeeded() {
		return !this.failed && !this.summary.isEmpty();
	}

	@Override
	public void run(ApplicationArguments args) {
		step("Request/reply (ZmqTemplate.request -> @ZmqListener REP)", this::requestReply);
		step("Weather feed (PUB -> @ZmqListener SUB, prefix 10001)", this::weather);
		step("Pipeline (ventilator -> 3 @ZmqListener PULL workers, @SendTo -> sink)", this::pipeline);
		step("Broker (REQ clients -> ROUTER/DEALER proxy -> 2 REP listeners)", this::broker);
		System.out.println();
		System.out.println("Summary:");
		this.summary.forEach((line) -> System.out.println("  " + line));
		System.out.println(this.failed ? "Some patterns FAILED." : "All patterns worked.");
	}

	private void step(String name, Step step) {
		System.out.println();
		System.out.println("== " + name);
		long start = System.nanoTime();
		try {
			String result = step.run();
			this.summary.add(String.format("OK    %-72s %s (%d ms)", name, result,
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
		}
		catch (Exception ex) {
			this.failed = true;
			this.summary.add(String.format("FAIL  %-72s %s", name, ex));
		}
	}

	private String requestReply() {
		for (int i = 0; i < 3; i++) {
			String reply = this.zmq.request("hello", "Hello " + i, String.class, TIMEOUT);
			System.out.println("  client got: " + reply);
		}
		return "3 requests answered";
	}

	private String weather() {
		Random random = new Random(42);
		int published = 0;
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		// A subscriber misses what is published before its subscription reaches the publisher: publish until it has
		// 20 updates for its zipcode.
		while (this.listeners.temperatures.size() < 20) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("only " + this.listeners.temperatures.size() + " updates for 10001");
			}
			int zipcode = (random.nextInt(8) == 0) ? 10001 : 1 + random.nextInt(99999);
			this.zmq.send("weather", String.format("%05d %d %d", zipcode, random.nextInt(215) - 80, random.nextInt(50) + 10));
			published++;
			if (published % 100 == 0) {
				awaitQuietly(() -> this.listeners.temperatures.size() >= 20, Duration.ofMillis(1));
			}
		}
		// A snapshot: updates keep arriving while the average is computed (a sub-list view would fail on them).
		List<Integer> first = List.copyOf(this.listeners.temperatures).subList(0, 20);
		int average = (int) first.stream().mapToInt(Integer::intValue).average().orElse(0);
		String line = String.format("average temperature for zipcode 10001 over 20 updates: %d F (of %d published)",
				average, published);
		System.out.println("  " + line);
		return line;
	}

	private String pipeline() throws InterruptedException {
		if (!this.workers.awaitConnected(TIMEOUT)) {
			throw new IllegalStateException("not every worker connected to the ventilator");
		}
		long start = System.nanoTime();
		for (int i = 0; i < 30; i++) {
			this.zmq.send("tasks", "task " + i);
		}
		if (!awaitQuietly(() -> this.listeners.sunk.size() >= 30, TIMEOUT)) {
			throw new IllegalStateException((30 - this.listeners.sunk.size()) + " results did not reach the sink");
		}
		String line = String.format("30 tasks in %d ms, per worker: %s",
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), new java.util.TreeMap<>(this.listeners.tasksPerWorker));
		System.out.println("  " + line);
		return line;
	}

	private String broker() {
		try (ZmqProxy proxy = this.engine.proxy(
				ZmqSocketSpec.builder("frontend", SocketType.ROUTER).bind("tcp://127.0.0.1:" + this.frontendPort).build(),
				ZmqSocketSpec.builder("backend", SocketType.DEALER).bind("tcp://127.0.0.1:" + this.backendPort).build(),
				null)) {
			for (int c = 0; c < 4; c++) {
				String reply = this.zmq.request("broker-client", "job " + c, String.class, TIMEOUT);
				System.out.println("  client got: " + reply);
			}
			return "4 requests answered through the broker (" + proxy.forwardedToBackend() + " forwarded)";
		}
	}

	private static boolean awaitQuietly(BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			LockSupport.parkNanos(100_000);
		}
		return true;
	}

	@FunctionalInterface
	private interface Step {

		String run() throws Exception;

	}

}
