package io.github.zmqspring.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.context.ConfigurableApplicationContext;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.template.ZmqTemplate;

/**
 * Case 3: request/reply over tcp loopback, 100-byte requests echoed back. Latency percentiles of sequential (lock-step)
 * requests, and the request rate of concurrent callers sharing one template socket (a DEALER: pipelined).
 */
final class RequestReplyCase {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final int[] CALLERS = { 1, 4, 16, 64 };

	private final Settings settings;

	private final Report report;

	private final byte[] request = Pipe.payload(100);

	RequestReplyCase(Settings settings, Report report) {
		this.settings = settings;
		this.report = report;
	}

	void run() throws Exception {
		String latency = "3. request/reply latency (lock-step, 100 B)";
		String rate = "3. request/reply rate (100 B)";
		Report.Row rawP50 = this.report.row(latency, "raw JeroMQ REQ → REP threads", "p50 µs");
		Report.Row rawP99 = this.report.row(latency, "raw JeroMQ REQ → REP threads", "p99 µs");
		Report.Row engineP50 = this.report.row(latency, "engine requester → engine server (REP)", "p50 µs", rawP50, true);
		Report.Row engineP99 = this.report.row(latency, "engine requester → engine server (REP)", "p99 µs", rawP99, true);
		Report.Row templateP50 = this.report.row(latency, "ZmqTemplate.request → @ZmqListener REP", "p50 µs", rawP50,
				true);
		Report.Row templateP99 = this.report.row(latency, "ZmqTemplate.request → @ZmqListener REP", "p99 µs", rawP99,
				true);
		// libzmq's REQ → REP (the C harness, a child process per round) and the template's samples against it
		LibZmqHarness libzmq = LibZmqHarness.locate().harness();
		String libzmqName = (libzmq != null) ? libzmq.name() + " REQ → REP" : "libzmq (C) REQ → REP (skipped: no harness)";
		Report.Row libzmqP50 = this.report.row(latency, libzmqName, "p50 µs");
		Report.Row libzmqP99 = this.report.row(latency, libzmqName, "p99 µs");
		Report.Row templateP50VsLibzmq = this.report.row(latency, "ZmqTemplate.request → @ZmqListener REP",
				"p50 µs (same samples)", libzmqP50, true);
		Report.Row templateP99VsLibzmq = this.report.row(latency, "ZmqTemplate.request → @ZmqListener REP",
				"p99 µs (same samples)", libzmqP99, true);
		Report.Row lockStep = this.report.row(rate, "raw JeroMQ REQ → REP, lock-step", "requests/s");
		List<Report.Row> repRows = new ArrayList<>();
		List<Report.Row> routerRows = new ArrayList<>();
		for (int callers : CALLERS) {
			repRows.add(this.report.row(rate, "ZmqTemplate.request × " + callers + " callers → @ZmqListener REP",
					"requests/s", lockStep, false));
		}
		for (int callers : CALLERS) {
			routerRows.add(this.report.row(rate,
					"ZmqTemplate.request × " + callers + " callers → @ZmqListener ROUTER (concurrency 4)", "requests/s",
					lockStep, false));
		}
		int repPort = Pipe.freePort();
		int routerPort = Pipe.freePort();
		try (RawReqRep raw = new RawReqRep();
				ZmqEngine engine = ZmqEngine.builder().name("bench-rr").build();
				ConfigurableApplicationContext context = BenchApp.start(new BenchApp.Probe(),
						Map.of("zmq.sockets.rep-client.type", "DEALER", "zmq.sockets.rep-client.connect",
								"tcp://127.0.0.1:" + repPort, "zmq.sockets.router-client.type", "DEALER",
								"zmq.sockets.router-client.connect", "tcp://127.0.0.1:" + routerPort, "bench.rep",
								"true", "bench.rep-endpoint", "tcp://127.0.0.1:" + repPort, "bench.router", "true",
								"bench.router-endpoint", "tcp://127.0.0.1:" + routerPort))) {
			ZmqServer server = engine.server(ZmqSocketSpec.builder("rr-server", io.github.zmqspring.core.SocketType.REP)
				.bind("tcp://127.0.0.1:*")
				.build(), (received) -> received.body());
			ZmqRequester requester = engine.requester(
					ZmqSocketSpec.builder("rr-client", io.github.zmqspring.core.SocketType.DEALER)
						.connect("tcp://127.0.0.1:" + server.boundPort())
						.build());
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			ZmqMessage body = ZmqMessage.of(this.request);
			Call engineCall = () -> requester.request(body, TIMEOUT);
			Call repCall = () -> template.request("rep-client", this.request, byte[].class, TIMEOUT);
			Call routerCall = () -> template.request("router-client", this.request, byte[].class, TIMEOUT);
			// warm up every path (and the JIT) once
			int warm = Math.max(200, this.settings.latencyRequests() / 5);
			latencies(raw::call, warm);
			latencies(engineCall, warm);
			latencies(repCall, warm);
			latencies(routerCall, warm);
			for (int round = 1; round <= this.settings.rounds(); round++) {
				double[] rawLatencies = latencies(raw::call, this.settings.latencyRequests());
				rawP50.add(round, Report.percentile(rawLatencies, 50));
				rawP99.add(round, Report.percentile(rawLatencies, 99));
				double[] engineLatencies = latencies(engineCall, this.settings.latencyRequests());
				engineP50.add(round, Report.percentile(engineLatencies, 50));
				engineP99.add(round, Report.percentile(engineLatencies, 99));
				double[] templateLatencies = latencies(repCall, this.settings.latencyRequests());
				templateP50.add(round, Report.percentile(templateLatencies, 50));
				templateP99.add(round, Report.percentile(templateLatencies, 99));
				if (libzmq != null) {
					Contender.Sample c = libzmq.requestReply(this.request.length, warm, this.settings.latencyRequests());
					libzmqP50.add(round, c.p50());
					libzmqP99.add(round, c.p99());
					templateP50VsLibzmq.add(round, Report.percentile(templateLatencies, 50));
					templateP99VsLibzmq.add(round, Report.percentile(templateLatencies, 99));
				}
				lockStep.add(round, rate(raw::call, 1));
				for (int i = 0; i < CALLERS.length; i++) {
					repRows.get(i).add(round, rate(repCall, CALLERS[i]));
					routerRows.get(i).add(round, rate(routerCall, CALLERS[i]));
				}
			}
		}
	}

	/** One request/reply call. */
	@FunctionalInterface
	interface Call {

		void call() throws Exception;

	}

	private static double[] latencies(Call call, int count) throws Exception {
		double[] micros = new double[count];
		for (int i = 0; i < count; i++) {
			long start = System.nanoTime();
			call.call();
			micros[i] = (System.nanoTime() - start) / 1000.0;
		}
		return micros;
	}

	/** Requests per second of {@code callers} threads calling in a loop over one window. */
	private double rate(Call call, int callers) throws Exception {
		AtomicLong completed = new AtomicLong();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		CountDownLatch started = new CountDownLatch(callers);
		long warmEnd = System.nanoTime() + this.settings.warmUp().toNanos() / 2;
		long windowNanos = this.settings.window().toNanos() / 2;
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < callers; i++) {
			Thread thread = new Thread(() -> {
				started.countDown();
				try {
					while (System.nanoTime() < warmEnd + windowNanos) {
						call.call();
						if (System.nanoTime() >= warmEnd) {
							completed.incrementAndGet();
						}
					}
				}
				catch (Throwable ex) {
					failure.compareAndSet(null, ex);
				}
			}, "bench-caller-" + i);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join(TIMEOUT.toMillis() + this.settings.window().toMillis());
		}
		if (failure.get() != null) {
			throw new IllegalStateException("request/reply with " + callers + " callers failed: " + failure.get(),
					failure.get());
		}
		// calls that started before the end of the window may complete after it: the window is the time up to the
		// last caller's end, measured from the warm-up's end
		return completed.get() * 1e9 / windowNanos;
	}

	/** Raw JeroMQ REQ and REP, each on its own thread, as JeroMQ users write them. */
	private final class RawReqRep implements AutoCloseable {

		private final ZContext context = new ZContext(1);

		private final ZMQ.Socket req;

		private final Thread rep;

		private volatile boolean stop;

		RawReqRep() throws InterruptedException {
			CountDownLatch bound = new CountDownLatch(1);
			int[] port = new int[1];
			this.rep = new Thread(() -> {
				ZMQ.Socket socket = this.context.createSocket(SocketType.REP);
				socket.setReceiveTimeOut(200);
				socket.setLinger(0);
				port[0] = socket.bindToRandomPort("tcp://127.0.0.1");
				bound.countDown();
				while (!this.stop) {
					byte[] received = socket.recv(0);
					if (received != null) {
						socket.send(received, 0);
					}
				}
				socket.close();
			}, "bench-raw-rep");
			this.rep.setDaemon(true);
			this.rep.start();
			bound.await();
			this.req = this.context.createSocket(SocketType.REQ);
			this.req.setLinger(0);
			this.req.setReceiveTimeOut((int) TIMEOUT.toMillis());
			this.req.connect("tcp://127.0.0.1:" + port[0]);
		}

		/** Called on the benchmark thread only: the REQ socket's one user. */
		void call() {
			this.req.send(RequestReplyCase.this.request, 0);
			if (this.req.recv(0) == null) {
				throw new IllegalStateException("raw REQ: no reply within " + TIMEOUT);
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.stop = true;
			this.rep.join(5000);
			this.req.close();
			this.context.close();
		}

	}

}
