package io.github.zmqspring.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static io.github.zmqspring.interop.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PUSH/PULL pipelines mixing the engine and real pyzmq/libzmq sockets: a Java worker between a Python ventilator and
 * a Python sink, and a Python worker between a Java ventilator and a Java sink, with every payload.
 */
@Tag("interop")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ZmqEngine engine = ZmqEngine.builder().name("interop-pipeline").build();

	@AfterAll
	void closeEngine() {
		this.engine.close();
	}

	@Test
	void javaWorkerInAPythonPipeline() {
		List<ZmqMessage> payloads = new ArrayList<>(Payloads.all().values());
		List<ZmqMessage> worked = new CopyOnWriteArrayList<>();
		try (PyPeer peer = PyPeer.start()) {
			peer.socket("ventilator", "PUSH").socket("sink", "PULL");
			int tasks = peer.bind("ventilator");
			int results = peer.bind("sink");
			try (ZmqSocket out = this.engine.open(ZmqSocketSpec.builder("worker-out", SocketType.PUSH)
				.connect("tcp://127.0.0.1:" + results)
				.build());
					ZmqSocket in = this.engine.open(ZmqSocketSpec.builder("worker-in", SocketType.PULL)
						.connect("tcp://127.0.0.1:" + tasks)
						.build(), (task) -> {
							worked.add(task);
							out.send(task.append(utf8("java")));
						})) {
				for (ZmqMessage payload : payloads) {
					peer.send("ventilator", payload);
				}
				List<ZmqMessage> expected = payloads.stream().map((payload) -> payload.append(utf8("java"))).toList();
				assertThat(peer.collect("sink", payloads.size(), WAIT)).as("results seen by the pyzmq sink")
					.containsExactlyElementsOf(expected);
				assertThat(worked).as("tasks seen by the Java worker").containsExactlyElementsOf(payloads);
				assertThat(in.stats().messagesReceived()).isEqualTo(payloads.size());
			}
		}
	}

	@Test
	void pythonWorkerInAJavaPipeline() {
		List<ZmqMessage> payloads = new ArrayList<>(Payloads.all().values());
		List<ZmqMessage> results = new CopyOnWriteArrayList<>();
		try (ZmqSocket sink = this.engine.open(
				ZmqSocketSpec.builder("sink", SocketType.PULL).bind("tcp://127.0.0.1:*").build(), results::add);
				ZmqSocket ventilator = this.engine
					.open(ZmqSocketSpec.builder("ventilator", SocketType.PUSH).bind("tcp://127.0.0.1:*").build());
				PyPeer peer = PyPeer.start()) {
			peer.socket("in", "PULL").socket("out", "PUSH");
			peer.connect("in", ventilator.boundPort()).connect("out", sink.boundPort());
			peer.serve("in", payloads.size(), "out", 0, utf8("py"));
			for (ZmqMessage payload : payloads) {
				ventilator.send(payload);
			}
			List<ZmqMessage> expected = payloads.stream().map((payload) -> payload.append(utf8("py"))).toList();
			await().atMost(WAIT).until(() -> results.size() >= payloads.size());
			assertThat(results).as("results seen by the Java sink").containsExactlyElementsOf(expected);
			assertThat(peer.join("in", WAIT)).as("tasks seen by the pyzmq worker").containsExactlyElementsOf(payloads);
		}
	}

}
