package io.github.zmqspring.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.github.zmqspring.config.DefaultZmqListenerContainerFactory;
import io.github.zmqspring.config.MethodZmqListenerEndpoint;
import io.github.zmqspring.config.ZmqListenerEndpointRegistry;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * Case 6: retained heap (after full GCs) and live threads per idle receiving socket and per listener, measured as the
 * difference before and after opening N of them in an already running JVM; the allocation per message on the hot path
 * comes from case 1.
 */
final class MemoryCase {

	private final Settings settings;

	private final Report report;

	private final ThroughputCases throughput;

	MemoryCase(Settings settings, Report report, ThroughputCases throughput) {
		this.settings = settings;
		this.report = report;
		this.throughput = throughput;
	}

	void run() throws Exception {
		int n = this.settings.memorySockets();
		String benchmark = "6. memory per idle receiving socket (" + n + " PULL sockets bound on tcp)";
		// raw JeroMQ: the sockets only (their user threads are the application's)
		try (ZContext context = new ZContext(1)) {
			context.createSocket(SocketType.PULL).close();
			Snapshot before = Snapshot.take();
			List<ZMQ.Socket> sockets = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				ZMQ.Socket socket = context.createSocket(SocketType.PULL);
				socket.bindToRandomPort("tcp://127.0.0.1");
				sockets.add(socket);
			}
			record(benchmark, "raw JeroMQ socket (no thread of its own)", before, Snapshot.take(), n);
			sockets.forEach(ZMQ.Socket::close);
		}
		try (ZmqEngine engine = ZmqEngine.builder().name("bench-memory").build()) {
			engine.open(spec("warm"), (message) -> {
			}).close();
			Snapshot before = Snapshot.take();
			for (int i = 0; i < n; i++) {
				engine.open(spec("idle-" + i), (message) -> {
				});
			}
			record(benchmark, "engine open(spec, handler)", before, Snapshot.take(), n);
		}
		BenchApp.Probe probe = new BenchApp.Probe();
		try (ConfigurableApplicationContext context = BenchApp.start(probe, Map.of())) {
			ZmqListenerEndpointRegistry registry = context.getBean(ZmqListenerEndpointRegistry.class);
			DefaultZmqListenerContainerFactory factory = context.getBean(DefaultZmqListenerContainerFactory.class);
			Object listeners = context.getBean(BenchApp.Listeners.class);
			Method method = BenchApp.Listeners.class.getDeclaredMethod("memory", byte[].class);
			registry.registerListenerContainer(endpoint("memory-warm", listeners, method, context), factory);
			Snapshot before = Snapshot.take();
			for (int i = 0; i < n; i++) {
				registry.registerListenerContainer(endpoint("memory-" + i, listeners, method, context), factory);
			}
			record(benchmark, "@ZmqListener container (byte[] method)", before, Snapshot.take(), n);
		}
		if (this.throughput.allocation.isEmpty()) {
			this.report.note("Allocation per message is measured in case 1 (PUSH→PULL 100 B); run case 1 to get it.");
		}
	}

	private static MethodZmqListenerEndpoint endpoint(String id, Object bean, Method method,
			ConfigurableApplicationContext context) {
		MethodZmqListenerEndpoint endpoint = new MethodZmqListenerEndpoint(id, bean, method);
		endpoint.setSocketType(io.github.zmqspring.core.SocketType.PULL);
		endpoint.setBind(List.of("tcp://127.0.0.1:*"));
		endpoint.setBeanFactory(context.getBeanFactory());
		return endpoint;
	}

	private static ZmqSocketSpec spec(String name) {
		return ZmqSocketSpec.builder(name, io.github.zmqspring.core.SocketType.PULL).bind("tcp://127.0.0.1:*").build();
	}

	private void record(String benchmark, String name, Snapshot before, Snapshot after, int n) {
		this.report.row(benchmark, name, "retained heap KiB per socket").add(0, (after.heap - before.heap) / 1024.0 / n);
		this.report.row(benchmark, name, "threads per socket").add(0, (double) (after.threads - before.threads) / n);
	}

	private record Snapshot(long heap, int threads) {

		static Snapshot take() {
			for (int i = 0; i < 3; i++) {
				System.gc();
				Benchmarks.sleep(Duration.ofMillis(50));
			}
			return new Snapshot(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
					ManagementFactory.getThreadMXBean().getThreadCount());
		}

	}

}
