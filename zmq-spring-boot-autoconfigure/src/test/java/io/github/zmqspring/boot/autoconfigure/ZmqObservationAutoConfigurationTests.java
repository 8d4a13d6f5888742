package io.github.zmqspring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.support.micrometer.DefaultZmqListenerObservationConvention;
import io.github.zmqspring.support.micrometer.DefaultZmqTemplateObservationConvention;
import io.github.zmqspring.support.micrometer.ZmqListenerObservationConvention;
import io.github.zmqspring.support.micrometer.ZmqMessageReceiverContext;
import io.github.zmqspring.support.micrometer.ZmqMessageSenderContext;
import io.github.zmqspring.support.micrometer.ZmqTemplateObservationConvention;
import io.github.zmqspring.template.ZmqTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code zmq.template.observation-enabled} and {@code zmq.listener.observation-enabled} switch the observations of
 * the auto-configured template and listeners, with the context's {@link ObservationRegistry}; a convention bean
 * replaces the default one. Real sockets (inproc within the context's engine) and a real registry whose handler
 * records every stopped observation.
 */
class ZmqObservationAutoConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class))
		.withUserConfiguration(Application.class)
		.withPropertyValues("zmq.sockets.client.type=DEALER", "zmq.sockets.client.connect=inproc://obs-rep",
				"zmq.sockets.tasks.type=PUSH", "zmq.sockets.tasks.connect=inproc://obs-pull",
				"zmq.sockets.async-client.type=DEALER", "zmq.sockets.async-client.connect=inproc://obs-async");

	@Test
	void observationsAreOffByDefault() {
		this.contextRunner.withUserConfiguration(Registry.class).run((context) -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			assertThat(template.isObservationEnabled()).isFalse();
			assertThat(template.request("client", "q", String.class)).isEqualTo("Q");
			template.send("tasks", "t");
			await().atMost(WAIT).until(() -> context.getBean(Listeners.class).tasks.contains("t"));
			// the REP listener's observation would have ended before its reply, the template's with it
			assertThat(context.getBean(Recorder.class).stopped).isEmpty();
		});
	}

	@Test
	void templatePropertyObservesSendsAndRequestsWithTheDefaultConvention() {
		this.contextRunner.withUserConfiguration(Registry.class)
			.withPropertyValues("zmq.template.observation-enabled=true")
			.run((context) -> {
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				assertThat(template.request("client", "q", String.class)).isEqualTo("Q");
				template.send("tasks", "t");
				Recorder recorder = context.getBean(Recorder.class);
				assertThat(recorder.named("zmq.template")).hasSize(2);
				Observation.Context request = recorder.named("zmq.template").get(0);
				assertThat(request).isInstanceOf(ZmqMessageSenderContext.class);
				assertThat(request.getContextualName()).isEqualTo("request client");
				assertThat(request.getLowCardinalityKeyValues()).contains(KeyValue.of("messaging.system", "zeromq"),
						KeyValue.of("messaging.operation", "request"),
						KeyValue.of("messaging.destination.name", "client"),
						KeyValue.of("messaging.zeromq.socket.type", "DEALER"));
				assertThat(recorder.named("zmq.template").get(1).getLowCardinalityKeyValues())
					.contains(KeyValue.of("messaging.operation", "send"), KeyValue.of("messaging.destination.name", "tasks"));
				await().atMost(WAIT).until(() -> context.getBean(Listeners.class).tasks.contains("t"));
				assertThat(recorder.named("zmq.listener")).isEmpty();
			});
	}

	@Test
	void listenerPropertyObservesDeliveriesWithTheDefaultConvention() {
		this.contextRunner.withUserConfiguration(Registry.class)
			.withPropertyValues("zmq.listener.observation-enabled=true")
			.run((context) -> {
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				assertThat(template.request("client", "q", String.class)).isEqualTo("Q");
				template.send("tasks", "t");
				Recorder recorder = context.getBean(Recorder.class);
				await().atMost(WAIT).until(() -> recorder.named("zmq.listener").size() == 2);
				assertThat(recorder.named("zmq.template")).isEmpty();
				Observation.Context rep = recorder.named("zmq.listener").stream()
					.filter((observed) -> "process obs-rep".equals(observed.getContextualName()))
					.findFirst()
					.orElseThrow();
				assertThat(rep).isInstanceOf(ZmqMessageReceiverContext.class);
				assertThat(rep.getLowCardinalityKeyValues()).contains(KeyValue.of("messaging.system", "zeromq"),
						KeyValue.of("messaging.operation", "process"),
						KeyValue.of("messaging.destination.name", "obs-rep"),
						KeyValue.of("messaging.zeromq.socket.type", "REP"),
						KeyValue.of("messaging.zeromq.listener.id", "obs-rep"));
				assertThat(recorder.named("zmq.listener")).extracting(Observation.Context::getContextualName)
					.contains("process obs-pull");
			});
	}

	@Test
	void aFailingListenerMethodEndsItsObservationWithTheError() {
		this.contextRunner.withUserConfiguration(Registry.class)
			.withPropertyValues("zmq.listener.observation-enabled=true")
			.run((context) -> {
				String reply = context.getBean(ZmqTemplate.class).request("client", "fail", String.class);
				assertThat(reply).startsWith("ERROR:");
				Recorder recorder = context.getBean(Recorder.class);
				await().atMost(WAIT).until(() -> !recorder.named("zmq.listener").isEmpty());
				assertThat(recorder.named("zmq.listener").get(0).getError()).hasMessageContaining("refused");
			});
	}

	@Test
	void anAsynchronousListenersObservationEndsWhenItsFutureCompletes() throws Exception {
		this.contextRunner.withUserConfiguration(Registry.class)
			.withPropertyValues("zmq.listener.observation-enabled=true")
			.run((context) -> {
				Listeners listeners = context.getBean(Listeners.class);
				Recorder recorder = context.getBean(Recorder.class);
				CompletableFuture<String> reply = context.getBean(ZmqTemplate.class)
					.requestAsync("async-client", "later", String.class);
				await().atMost(WAIT).until(() -> listeners.pending.peek() != null);
				// the method returned, the reply is pending: the observation is still open
				assertThat(recorder.named("zmq.listener")).isEmpty();
				listeners.pending.poll().complete("done later");
				assertThat(reply.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("done later");
				await().atMost(WAIT).until(() -> recorder.named("zmq.listener").size() == 1);
				assertThat(recorder.named("zmq.listener").get(0).getError()).isNull();
				CompletableFuture<String> failing = context.getBean(ZmqTemplate.class)
					.requestAsync("async-client", "fail later", String.class);
				await().atMost(WAIT).until(() -> listeners.pending.peek() != null);
				listeners.pending.poll().completeExceptionally(new IllegalStateException("refused later"));
				assertThat(failing.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
					.isEqualTo("ERROR: IllegalStateException: refused later");
				await().atMost(WAIT).until(() -> recorder.named("zmq.listener").size() == 2);
				assertThat(recorder.named("zmq.listener").get(1).getError()).hasMessageContaining("refused later");
			});
	}

	@Test
	void conventionBeansReplaceTheDefaults() {
		this.contextRunner.withUserConfiguration(Registry.class, Conventions.class)
			.withPropertyValues("zmq.template.observation-enabled=true", "zmq.listener.observation-enabled=true")
			.run((context) -> {
				assertThat(context.getBean(ZmqTemplate.class).request("client", "q", String.class)).isEqualTo("Q");
				Recorder recorder = context.getBean(Recorder.class);
				await().atMost(WAIT).until(() -> recorder.named("custom.listener").size() == 1);
				assertThat(recorder.named("zmq.template")).isEmpty();
				assertThat(recorder.named("zmq.listener")).isEmpty();
				assertThat(recorder.named("custom.template")).singleElement()
					.satisfies((observed) -> assertThat(observed.getLowCardinalityKeyValues())
						.contains(KeyValue.of("team", "payments"), KeyValue.of("messaging.system", "zeromq")));
				assertThat(recorder.named("custom.listener").get(0).getLowCardinalityKeyValues())
					.contains(KeyValue.of("team", "payments"));
			});
	}

	@Test
	void withoutAnObservationRegistryBeanTheEnabledTemplateAndListenersStillWork() {
		this.contextRunner
			.withPropertyValues("zmq.template.observation-enabled=true", "zmq.listener.observation-enabled=true")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ObservationRegistry.class);
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				assertThat(template.isObservationEnabled()).isTrue();
				assertThat(template.request("client", "q", String.class)).isEqualTo("Q");
				assertThat(template.requestAsync("client", "r", String.class).get()).isEqualTo("R");
			});
	}

	/** Records every observation that stopped. */
	static class Recorder implements ObservationHandler<Observation.Context> {

		final Queue<Observation.Context> stopped = new ConcurrentLinkedQueue<>();

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		@Override
		public void onStop(Observation.Context context) {
			this.stopped.add(context);
		}

		List<Observation.Context> named(String name) {
			return this.stopped.stream().filter((context) -> name.equals(context.getName())).toList();
		}

	}

	static class Listeners {

		final Queue<String> tasks = new ConcurrentLinkedQueue<>();

		@ZmqListener(id = "obs-rep", type = SocketType.REP, bind = "inproc://obs-rep")
		String upper(String request) {
			if (request.equals("fail")) {
				throw new IllegalStateException("refused");
			}
			return request.toUpperCase();
		}

		final Queue<CompletableFuture<String>> pending = new ConcurrentLinkedQueue<>();

		@ZmqListener(id = "obs-async", type = SocketType.ROUTER, bind = "inproc://obs-async")
		CompletableFuture<String> later(String request) {
			CompletableFuture<String> reply = new CompletableFuture<>();
			this.pending.add(reply);
			return reply;
		}

		@ZmqListener(id = "obs-pull", type = SocketType.PULL, bind = "inproc://obs-pull")
		void task(String task) {
			this.tasks.add(task);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Application {

		@Bean
		Listeners listeners() {
			return new Listeners();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Registry {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

		@Bean
		ObservationRegistry observationRegistry(Recorder recorder) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(recorder);
			return registry;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Conventions {

		@Bean
		ZmqTemplateObservationConvention customTemplateConvention() {
			return new DefaultZmqTemplateObservationConvention() {

				@Override
				public String getName() {
					return "custom.template";
				}

				@Override
				public KeyValues getLowCardinalityKeyValues(ZmqMessageSenderContext context) {
					return super.getLowCardinalityKeyValues(context).and("team", "payments");
				}

			};
		}

		@Bean
		ZmqListenerObservationConvention customListenerConvention() {
			return new DefaultZmqListenerObservationConvention() {

				@Override
				public String getName() {
					return "custom.listener";
				}

				@Override
				public KeyValues getLowCardinalityKeyValues(ZmqMessageReceiverContext context) {
					return super.getLowCardinalityKeyValues(context).and("team", "payments");
				}

			};
		}

	}

}
