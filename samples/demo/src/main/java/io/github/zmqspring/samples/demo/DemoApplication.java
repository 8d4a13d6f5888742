package io.github.zmqspring.samples.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.zmqspring.core.SocketEventListener;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqProxy;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * Runs the ZeroMQ guide's main patterns on real sockets (tcp loopback, random ports) in one process, prints what
 * happens and a summary, and exits: 0 when every pattern worked.
 */
public final class DemoApplication {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final PrintStream out;

	private final List<String> summary = new ArrayList<>();

	private boolean failed;

	DemoApplication(PrintStream out) {
		this.out = out;
	}

	/**
	 * Runs the demo.
	 * @param args none
	 */
	public static void main(String[] args) {
		DemoApplication demo = new DemoApplication(System.out);
		System.exit(demo.run() ? 0 : 1);
	}

	boolean run() {
		try (ZmqEngine engine = ZmqEngine.builder().name("demo").build()) {
			step("Request/reply (REQ -> REP)", () -> requestReply(engine));
			step("Weather feed (PUB -> SUB, prefix 10001)", () -> weather(engine));
			step("Pipeline (ventilator -> 3 workers -> sink)", () -> pipeline(engine));
			step("Broker (4 clients -> ROUTER/DEALER proxy -> 2 workers)", () -> broker(engine));
		}
		this.out.println();
		this.out.println("Summary:");
		this.summary.forEach((line) -> this.out.println("  " + line));
		this.out.println(this.failed ? "Some patterns FAILED." : "All patterns worked.");
		return !this.failed;
	}

	private void step(String name, Step step) {
		this.out.println();
		this.out.println("== " + name);
		long start = System.nanoTime();
		try {
			String result = step.run();
			this.summary.add(String.format("OK    %-55s %s (%d ms)", name, result,
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
		}
		catch (Exception ex) {
			this.failed = true;
			this.summary.add(String.format("FAIL  %-55s %s", name, ex));
		}
	}

	private String requestReply(ZmqEngine engine) {
		try (ZmqServer server = engine.server(
				ZmqSocketSpec.builder("hello-server", SocketType.REP).bind("tcp://127.0.0.1:*").build(), (request) -> {
					this.out.println("  server got: " + request.body().frameAsString(0));
					return ZmqMessage.of("World");
				});
				ZmqRequester client = engine.requester(ZmqSocketSpec.builder("hello-client", SocketType.REQ)
					.connect("tcp://127.0.0.1:" + server.boundPort())
					.build())) {
			for (int i = 0; i < 3; i++) {
				ZmqMessage reply = client.request(ZmqMessage.of("Hello " + i), TIMEOUT);
				this.out.println("  client got: " + reply.frameAsString(0));
			}
			return "3 requests answered";
		}
	}

	private String weather(ZmqEngine engine) throws InterruptedException {
		int updates = 20;
		AtomicLong sum = new AtomicLong();
		CountDownLatch done = new CountDownLatch(updates);
		try (ZmqSocket publisher = engine.open(ZmqSocketSpec.builder("weather", SocketType.PUB).bind("tcp://127.0.0.1:*").build());
				ZmqSocket subscriber = engine.open(ZmqSocketSpec.builder("weather-client", SocketType.SUB)
					.connect("tcp://127.0.0.1:" + publisher.boundPort())
					.subscribe("10001 ")
					.build(), (message) -> {
						String[] fields = message.frameAsString(0).split(" ");
						sum.addAndGet(Long.parseLong(fields[1]));
						done.countDown();
					})) {
			Random random = new Random(42);
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (done.getCount() > 0 && System.nanoTime() < deadline) {
				int zipcode = (random.nextInt(8) == 0) ? 10001 : 1 + random.nextInt(99999);
				publisher.send(ZmqMessage.of(String.format("%05d %d %d", zipcode, random.nextInt(215) - 80, random.nextInt(50) + 10)));
				if (publisher.stats().messagesSent() % 1000 == 0) {
					done.await(1, TimeUnit.MILLISECONDS);
				}
			}
			if (done.getCount() > 0) {
				throw new IllegalStateException("only " + (updates - done.getCount()) + " updates for 10001");
			}
			String line = String.format("average temperature for zipcode 10001 over %d updates: %d F (of %d published)",
					updates, sum.get() / updates, publisher.stats().messagesSent());
			this.out.println("  " + line);
			return line;
		}
	}

	private String pipeline(ZmqEngine engine) throws InterruptedException {
		int tasks = 30;
		CountDownLatch finished = new CountDownLatch(tasks);
		AtomicInteger[] perWorker = { new AtomicInteger(), new AtomicInteger(), new AtomicInteger() };
		CountDownLatch workersUp = new CountDownLatch(3);
		SocketEventListener handshakes = (event) -> {
			if (event.socketName().equals("ventilator") && event.type() == SocketEventType.HANDSHAKE_SUCCEEDED) {
				workersUp.countDown();
			}
		};
		engine.addEventListener(handshakes);
		try (ZmqSocket sink = engine.open(ZmqSocketSpec.builder("sink", SocketType.PULL).bind("tcp://127.0.0.1:*").build(),
				(message) -> finished.countDown());
				ZmqSocket ventilator = engine
					.open(ZmqSocketSpec.builder("ventilator", SocketType.PUSH).bind("tcp://127.0.0.1:*").build())) {
			List<ZmqSocket> workers = new ArrayList<>();
			for (int w = 0; w < 3; w++) {
				int id = w;
				ZmqSocket results = engine.open(ZmqSocketSpec.builder("worker-" + w + "-out", SocketType.PUSH)
					.connect("tcp://127.0.0.1:" + sink.boundPort())
					.build());
				workers.add(results);
				workers.add(engine.open(ZmqSocketSpec.builder("worker-" + w, SocketType.PULL)
					.connect("tcp://127.0.0.1:" + ventilator.boundPort())
					.build(), (task) -> {
						perWorker[id].incrementAndGet();
						results.send(ZmqMessage.of("done " + task.frameAsString(0)));
					}));
			}
			// The guide's "slow joiner": PUSH gives all work to the first worker that connects unless the ventilator
			// waits for every worker's handshake.
			if (!workersUp.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("not every worker connected to the ventilator");
			}
			long start = System.nanoTime();
			for (int i = 0; i < tasks; i++) {
				ventilator.send(ZmqMessage.of("task " + i));
			}
			if (!finished.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(finished.getCount() + " tasks did not reach the sink");
			}
			String line = String.format("%d tasks in %d ms, per worker: %d/%d/%d", tasks,
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), perWorker[0].get(), perWorker[1].get(),
					perWorker[2].get());
			this.out.println("  " + line);
			workers.forEach(ZmqSocket::close);
			return line;
		}
		finally {
			engine.removeEventListener(handshakes);
		}
	}

	private String broker(ZmqEngine engine) {
		try (ZmqProxy proxy = engine.proxy(
				ZmqSocketSpec.builder("frontend", SocketType.ROUTER).bind("tcp://127.0.0.1:*").build(),
				ZmqSocketSpec.builder("backend", SocketType.DEALER).bind("tcp://127.0.0.1:*").build(), null)) {
			List<AutoCloseable> resources = new ArrayList<>();
			for (int w = 0; w < 2; w++) {
				String worker = "worker-" + w;
				resources.add(engine.server(
						ZmqSocketSpec.builder("broker-" + worker, SocketType.REP).connect(proxy.backendEndpoints().get(0)).build(),
						(request) -> {
							this.out.println("  " + worker + " envelope " + ZmqMessage.of(request.envelope()).dump()
									+ " body " + request.body().frameAsString(0));
							return ZmqMessage.of(worker + " served " + request.body().frameAsString(0));
						}));
			}
			int answered = 0;
			for (int c = 0; c < 4; c++) {
				try (ZmqRequester client = engine.requester(ZmqSocketSpec.builder("client-" + c, SocketType.REQ)
					.connect(proxy.frontendEndpoints().get(0))
					.routingId("client-" + c)
					.build())) {
					this.out.println("  client-" + c + " got: " + client.request(ZmqMessage.of("job of client-" + c), TIMEOUT).frameAsString(0));
					answered++;
				}
			}
			for (AutoCloseable resource : resources) {
				try {
					resource.close();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
			return answered + " clients answered through the broker";
		}
	}

	@FunctionalInterface
	private interface Step {

		String run() throws Exception;

	}

}
