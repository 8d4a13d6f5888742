package io.github.zmqspring.benchmarks;

import java.lang.management.BufferPoolMXBean;
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
 * difference before and after opening N of them in an already running JVM ({@link Receiver}, which case 9 runs with
 * more of them, each kind in a JVM of its own); the allocation per message on the hot path comes from case 1.
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
		idleReceivers(this.report, "6. memory per idle receiving socket (" + n + " PULL sockets bound on tcp)", n);
		if (this.throughput.allocation.isEmpty()) {
			this.report.note("Allocation per message is measured in case 1 (PUSH→PULL 100 B); run case 1 to get it.");
		}
	}

	/**
	 * Measures the retained heap and live threads per idle receiver: raw JeroMQ PULL sockets, engine receivers and
	 * {@code @ZmqListener} containers, n of each, bound on tcp, one kind after the other in this JVM.
	 * @param report where the rows go
	 * @param benchmark the benchmark of the rows
	 * @param n how many of each
	 * @throws Exception when a socket cannot open
	 */
	static void idleReceivers(Report report, String benchmark, int n) throws Exception {
		for (Receiver receiver : Receiver.values()) {
			receiver.measure(report, benchmark, n);
		}
	}

	/** A kind of idle receiver, measured on its own (case 9 runs each in a JVM of its own). */
	enum Receiver {

		/** Raw JeroMQ PULL sockets: the sockets only (their user threads are the application's). */
		RAW {
			@Override
			void measure(Report report, String benchmark, int n) {
				try (ZContext context = new ZContext(1)) {
					context.createSocket(SocketType.PULL).close();
					Snapshot before = Snapshot.take();
					List<ZMQ.Socket> sockets = new ArrayList<>();
					for (int i = 0; i < n; i++) {
						ZMQ.Socket socket = context.createSocket(SocketType.PULL);
						socket.bindToRandomPort("tcp://127.0.0.1");
						sockets.add(socket);
					}
					record(report, benchmark, "raw JeroMQ socket (no thread of its own)", "socket", before, Snapshot.take(), n);
					sockets.forEach(ZMQ.Socket::close);
				}
			}
		},

		/** Engine receivers, {@code engine.open(spec, handler)}. */
		ENGINE {
			@Override
			void measure(Report report, String benchmark, int n) {
				try (ZmqEngine engine = ZmqEngine.builder().name("bench-memory").build()) {
					engine.open(spec("warm"), (message) -> {
					}).close();
					Snapshot before = Snapshot.take();
					for (int i = 0; i < n; i++) {
						engine.open(spec("idle-" + i), (message) -> {
						});
					}
					record(report, benchmark, "engine open(spec, handler)", "socket", before, Snapshot.take(), n);
				}
			}
		},

		/** {@code @ZmqListener} containers registered programmatically in a running context. */
		LISTENER {
			@Override
			void measure(Report report, String benchmark, int n) throws Exception {
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
					record(report, benchmark, "@ZmqListener container (byte[] method)", "container", before,
							Snapshot.take(), n);
				}
			}
		};

		/**
		 * Opens n idle receivers of this kind and records their retained heap and live threads per receiver.
		 * @param report where the rows go
		 * @param benchmark the benchmark of the rows
		 * @param n how many
		 * @throws Exception when a socket cannot open
		 */
		abstract void measure(Report report, String benchmark, int n) throws Exception;

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

	private static void record(Report report, String benchmark, String name, String unit, Snapshot before,
			Snapshot after, int n) {
		report.row(benchmark, name, "retained heap KiB per " + unit).add(0, (after.heap() - before.heap()) / 1024.0 / n);
		report.row(benchmark, name, "threads per " + unit).add(0, (double) (after.threads() - before.threads()) / n);
	}

	/**
	 * Heap in use, direct buffer memory in use and live threads, after full GCs.
	 * @param heap heap bytes in use
	 * @param direct direct buffer bytes in use
	 * @param threads live threads
	 */
	record Snapshot(long heap, long direct, int threads) {

		static Snapshot take() {
			for (int i = 0; i < 3; i++) {
				System.gc();
				Benchmarks.sleep(Duration.ofMillis(50));
			}
			long direct = 0;
			for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
				if (pool.getName().equals("direct")) {
					direct = pool.getMemoryUsed();
				}
			}
			return new Snapshot(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), direct,
					ManagementFactory.getThreadMXBean().getThreadCount());
		}

	}

}
