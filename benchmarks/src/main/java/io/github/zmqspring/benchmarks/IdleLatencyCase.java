package io.github.zmqspring.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.integration.dsl.context.IntegrationFlowContext.IntegrationFlowRegistration;
import org.springframework.integration.zeromq.dsl.ZeroMq;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.github.zmqspring.template.ZmqTemplate;

/**
 * Case 4: the latency of the first message after the receiver was idle for 1 to 1.5 s (real waiting: the gap is
 * the measurement). Each iteration sends one stamped PUSH message per implementation, waits for it to arrive, then
 * waits the gap; the first iteration is discarded.
 */
final class IdleLatencyCase {

	private final Settings settings;

	private final Report report;

	IdleLatencyCase(Settings settings, Report report) {
		this.settings = settings;
		this.report = report;
	}

	/** One sender → receiver path that reports each message's latency. */
	private interface Path extends AutoCloseable {

		/** Sends a message stamped with now. */
		void send() throws Exception;

	}

	void run() throws Exception {
		String benchmark = "4. idle 1–1.5 s → first message (PUSH→PULL)";
		List<String> names = List.of("raw JeroMQ (blocking recv)", "ZmqTemplate → @ZmqListener",
				"spring-integration-zeromq 7.0.5 adapters");
		List<BlockingQueue<Long>> latencies = new ArrayList<>();
		List<Path> paths = new ArrayList<>();
		try {
			for (int i = 0; i < names.size(); i++) {
				latencies.add(new LinkedBlockingQueue<>());
			}
			paths.add(raw(latencies.get(0)));
			paths.add(template(latencies.get(1)));
			paths.add(springIntegration(latencies.get(2)));
			List<List<Double>> samples = new ArrayList<>();
			for (int i = 0; i < names.size(); i++) {
				samples.add(new ArrayList<>());
			}
			for (int iteration = 0; iteration <= this.settings.idleSamples(); iteration++) {
				for (int i = 0; i < paths.size(); i++) {
					paths.get(i).send();
					Long nanos = latencies.get(i).poll(10, TimeUnit.SECONDS);
					if (nanos == null) {
						throw new IllegalStateException(names.get(i) + ": message not delivered within 10 s");
					}
					if (iteration > 0) {
						samples.get(i).add(nanos / 1e6);
					}
				}
				long gap = 1000 + (this.settings.quick() ? 0 : ThreadLocalRandom.current().nextLong(500));
				Benchmarks.sleep(Duration.ofMillis(gap));
			}
			Report.Row[] baselines = new Report.Row[3];
			for (int i = 0; i < names.size(); i++) {
				double[] values = samples.get(i).stream().mapToDouble(Double::doubleValue).toArray();
				String metric = " ms (" + values.length + " samples)";
				Report.Row p50 = this.report.row(benchmark, names.get(i), "p50" + metric, baselines[0], true)
					.add(0, Report.percentile(values, 50));
				Report.Row p99 = this.report.row(benchmark, names.get(i), "p99" + metric, baselines[1], true)
					.add(0, Report.percentile(values, 99));
				Report.Row max = this.report.row(benchmark, names.get(i), "max" + metric, baselines[2], true)
					.add(0, Report.percentile(values, 100));
				if (i == 0) {
					baselines = new Report.Row[] { p50, p99, max };
				}
			}
		}
		finally {
			for (Path path : paths) {
				path.close();
			}
		}
	}

	private static Path raw(BlockingQueue<Long> latencies) throws InterruptedException {
		ZContext context = new ZContext(1);
		ZMQ.Socket push = context.createSocket(SocketType.PUSH);
		push.setLinger(0);
		int port = push.bindToRandomPort("tcp://127.0.0.1");
		AtomicBoolean stop = new AtomicBoolean();
		CountDownLatch connected = new CountDownLatch(1);
		Thread receiver = new Thread(() -> {
			ZMQ.Socket pull = context.createSocket(SocketType.PULL);
			pull.setReceiveTimeOut(200);
			pull.connect("tcp://127.0.0.1:" + port);
			connected.countDown();
			while (!stop.get()) {
				byte[] message = pull.recv(0);
				if (message != null) {
					latencies.add(System.nanoTime() - Stamps.read(message));
				}
			}
			pull.close();
		}, "bench-idle-raw");
		receiver.setDaemon(true);
		receiver.start();
		connected.await();
		return new Path() {

			@Override
			public void send() {
				push.send(Stamps.stamped(100), 0);
			}

			@Override
			public void close() throws InterruptedException {
				stop.set(true);
				receiver.join(5000);
				push.close();
				context.close();
			}

		};
	}

	private static Path template(BlockingQueue<Long> latencies) {
		int port = Pipe.freePort();
		BenchApp.Probe probe = new BenchApp.Probe();
		probe.stamps = latencies::add;
		ConfigurableApplicationContext context = BenchApp.start(probe, Map.of("zmq.sockets.idle-out.type", "PUSH",
				"zmq.sockets.idle-out.bind", "tcp://127.0.0.1:" + port, "bench.endpoint", "tcp://127.0.0.1:" + port,
				"bench.idle", "true"));
		ZmqTemplate template = context.getBean(ZmqTemplate.class);
		return new Path() {

			@Override
			public void send() {
				template.send("idle-out", Stamps.stamped(100));
			}

			@Override
			public void close() {
				context.close();
			}

		};
	}

	private static Path springIntegration(BlockingQueue<Long> latencies) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(
				IntegrationPipe.Config.class);
		ZContext zContext = new ZContext(1);
		IntegrationFlowContext flows = context.getBean(IntegrationFlowContext.class);
		int port = Pipe.freePort();
		IntegrationFlowRegistration out = flows
			.registration((flow) -> flow.handle(ZeroMq.outboundChannelAdapter(zContext, port, SocketType.PUSH)))
			.register();
		IntegrationFlowRegistration in = flows
			.registration(IntegrationFlow
				.from(ZeroMq.inboundChannelAdapter(zContext, SocketType.PULL).connectUrl("tcp://127.0.0.1:" + port))
				.handle((payload, headers) -> {
					latencies.add(System.nanoTime() - Stamps.read((byte[]) payload));
					return null;
				})
				.get())
			.register();
		MessageChannel input = out.getInputChannel();
		return new Path() {

			@Override
			public void send() {
				input.send(MessageBuilder.withPayload(Stamps.stamped(100)).build());
			}

			@Override
			public void close() {
				in.destroy();
				out.destroy();
				context.close();
				zContext.close();
			}

		};
	}

}
