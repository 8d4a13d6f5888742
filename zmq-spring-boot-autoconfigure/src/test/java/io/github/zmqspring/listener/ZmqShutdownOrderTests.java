package io.github.zmqspring.listener;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.SendTo;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.boot.autoconfigure.ZmqAutoConfiguration;
import io.github.zmqspring.boot.autoconfigure.ZmqListenerAutoConfiguration;
import io.github.zmqspring.config.ZmqListenerEndpointRegistry;
import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketState;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqException;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.ZmqLifecycle;
import io.github.zmqspring.support.ZmqSockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shutdown order of a real application under load: listener containers stop first (their {@code @SendTo} results
 * still go out), then the named sockets close, delivering what they queued within their linger, and the engine closes
 * last. Probes in the phases in between record what they see.
 */
class ZmqShutdownOrderTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Test
	void containersStopThenNamedSocketsFlushAndCloseThenTheEngineCloses() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Config.class)
			.web(WebApplicationType.NONE)
			.run("--spring.main.banner-mode=off", "--zmq.sockets.results.type=PUSH",
					"--zmq.sockets.results.bind=tcp://127.0.0.1:*");
		ZmqEngine engine = context.getBean(ZmqEngine.class);
		Worker worker = context.getBean(Worker.class);
		ManagedSocket results = context.getBean(ZmqSockets.class).sender("results");
		int workerPort = context.getBean(ZmqListenerEndpointRegistry.class)
			.getListenerContainer("worker")
			.getSocket()
			.boundPort();
		Probe afterContainers = context.getBean("afterContainers", Probe.class);
		Probe afterSockets = context.getBean("afterSockets", Probe.class);
		afterContainers.watch(results);
		afterSockets.watch(results);
		Set<String> delivered = ConcurrentHashMap.newKeySet();
		AtomicBoolean stop = new AtomicBoolean();
		try (ZmqEngine peers = ZmqEngine.builder().name("shutdown-order-peers").build();
				ZmqSocket sink = peers.open(ZmqSocketSpec.builder("sink", SocketType.PULL)
					.connect("tcp://127.0.0.1:" + results.boundPort())
					.build(), (message) -> delivered.add(message.frameAsString(0)));
				ZmqSocket ventilator = peers.open(ZmqSocketSpec.builder("ventilator", SocketType.PUSH)
					.connect("tcp://127.0.0.1:" + workerPort)
					.build())) {
			Thread sender = new Thread(() -> {
				for (int i = 0; !stop.get(); i++) {
					try {
						ventilator.send(ZmqMessage.of("task-" + i), Duration.ofMillis(200));
					}
					catch (ZmqException ex) {
						// the worker is gone: its queue is full until the test stops sending
					}
				}
			});
			sender.start();
			await().atMost(WAIT).until(() -> worker.handled.size() >= 50);
			context.close();
			stop.set(true);
			sender.join(WAIT.toMillis());
			// Every task the worker handled was forwarded, and the named socket delivered it within its linger.
			await().atMost(WAIT).until(() -> delivered.size() >= worker.handled.size());
		}
		assertThat(delivered).containsExactlyInAnyOrderElementsOf(
				worker.handled.stream().map((task) -> "done:" + task).toList());
		assertThat(afterContainers.seen).containsExactly("registry running: false", "worker: STOPPED",
				"results: RUNNING", "engine closed: false");
		assertThat(afterSockets.seen).containsExactly("registry running: false", "worker: STOPPED", "results: CLOSED",
				"engine closed: false");
		assertThat(engine.isClosed()).isTrue();
	}

	static class Worker {

		final List<String> handled = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "worker", type = SocketType.PULL, bind = "tcp://127.0.0.1:*")
		@SendTo("results")
		String work(String task) throws InterruptedException {
			this.handled.add(task);
			// The task's work, not synchronisation.
			Thread.sleep(5);
			return "done:" + task;
		}

	}

	/** Records, when the context stops it, what the zmq components look like. */
	static class Probe implements SmartLifecycle {

		final List<String> seen = new CopyOnWriteArrayList<>();

		private final int phase;

		private final ConfigurableApplicationContext context;

		private volatile boolean running;

		private volatile @Nullable ManagedSocket results;

		Probe(int phase, ConfigurableApplicationContext context) {
			this.phase = phase;
			this.context = context;
		}

		void watch(ManagedSocket results) {
			this.results = results;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			ZmqListenerEndpointRegistry registry = this.context.getBean(ZmqListenerEndpointRegistry.class);
			ZmqLifecycle.State worker = registry.getListenerContainer("worker").getState();
			ManagedSocket watched = this.results;
			SocketState results = (watched != null) ? watched.state() : null;
			this.seen.addAll(List.of("registry running: " + registry.isRunning(), "worker: " + worker,
					"results: " + results, "engine closed: " + this.context.getBean(ZmqEngine.class).isClosed()));
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return this.phase;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class })
	static class Config {

		@Bean
		Worker worker() {
			return new Worker();
		}

		@Bean
		Probe afterContainers(ConfigurableApplicationContext context) {
			// Between the registry (stops first) and the named sockets.
			return new Probe(ZmqSockets.PHASE + (ZmqListenerEndpointRegistry.DEFAULT_PHASE - ZmqSockets.PHASE) / 2,
					context);
		}

		@Bean
		Probe afterSockets(ConfigurableApplicationContext context) {
			return new Probe(ZmqSockets.PHASE - 1, context);
		}

	}

}
