package io.github.zmqspring.support.micrometer;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import brave.Span.Kind;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.SendTo;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.config.ZmqListenerEndpointRegistry;
import io.github.zmqspring.template.ZmqTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace across a ZeroMQ hop, with Boot's tracing auto-configuration over Brave: a sending application and a
 * listening application, two contexts talking over tcp, both with observation on and the header frame enabled on the
 * sockets involved. The listener's span is a child of the template's, in the same trace, and the listener method runs
 * in it; a {@code @SendTo} forward carries the trace on to the next stage.
 */
class ZmqTracingTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static ConfigurableApplicationContext receiver;

	private static ConfigurableApplicationContext sender;

	@BeforeAll
	static void startBothApplications() {
		receiver = new SpringApplicationBuilder(ReceiverApplication.class).web(WebApplicationType.NONE)
			.properties(common("receiver"))
			.properties("zmq.sockets.inbox.type=PULL", "zmq.sockets.inbox.bind=tcp://127.0.0.1:*",
					"zmq.sockets.inbox.headers.enabled=true", "zmq.sockets.service.type=REP",
					"zmq.sockets.service.bind=tcp://127.0.0.1:*", "zmq.sockets.service.headers.enabled=true",
					"zmq.sockets.stage.type=PULL", "zmq.sockets.stage.bind=tcp://127.0.0.1:*",
					"zmq.sockets.stage.headers.enabled=true", "zmq.sockets.relay.type=PUSH",
					"zmq.sockets.relay.connect=inproc://final-stage", "zmq.sockets.relay.headers.enabled=true",
					"zmq.sockets.final.type=PULL", "zmq.sockets.final.bind=inproc://final-stage",
					"zmq.sockets.final.headers.enabled=true")
			.run();
		ZmqListenerEndpointRegistry listeners = receiver.getBean(ZmqListenerEndpointRegistry.class);
		int inbox = listeners.getListenerContainer("inbox-listener").getSocket().boundPort();
		int service = listeners.getListenerContainer("service-listener").getSocket().boundPort();
		int stage = listeners.getListenerContainer("stage-listener").getSocket().boundPort();
		sender = new SpringApplicationBuilder(SenderApplication.class).web(WebApplicationType.NONE)
			.properties(common("sender"))
			.properties("zmq.sockets.outbox.type=PUSH", "zmq.sockets.outbox.connect=tcp://127.0.0.1:" + inbox,
					"zmq.sockets.outbox.headers.enabled=true", "zmq.sockets.client.type=DEALER",
					"zmq.sockets.client.connect=tcp://127.0.0.1:" + service, "zmq.sockets.client.headers.enabled=true",
					"zmq.sockets.stager.type=PUSH", "zmq.sockets.stager.connect=tcp://127.0.0.1:" + stage,
					"zmq.sockets.stager.headers.enabled=true")
			.run();
	}

	private static String[] common(String name) {
		return new String[] { "spring.application.name=" + name, "management.tracing.sampling.probability=1.0",
				"zmq.template.observation-enabled=true", "zmq.listener.observation-enabled=true" };
	}

	@AfterAll
	static void closeBothApplications() {
		if (sender != null) {
			sender.close();
		}
		if (receiver != null) {
			receiver.close();
		}
	}

	@Test
	void aSendAndItsDeliveryInAnotherApplicationAreOneTrace() {
		ZmqTemplate template = sender.getBean(ZmqTemplate.class);
		template.newMessage("outbox", "job-1").withHeader("tenant", "acme").send();

		Delivery delivery = await().atMost(WAIT).until(() -> receiver.getBean(Listeners.class).find("job-1"),
				(found) -> found != null);
		MutableSpan send = await().atMost(WAIT).until(() -> sender.getBean(Spans.class).named("send outbox"),
				(span) -> span != null);
		MutableSpan process = await().atMost(WAIT)
			.until(() -> receiver.getBean(Spans.class).named("process inbox"), (span) -> span != null);

		assertThat(send.kind()).isEqualTo(Kind.PRODUCER);
		assertThat(send.tags()).containsEntry("messaging.system", "zeromq")
			.containsEntry("messaging.operation", "send")
			.containsEntry("messaging.destination.name", "outbox")
			.containsEntry("messaging.zeromq.socket.type", "PUSH");
		assertThat(process.kind()).isEqualTo(Kind.CONSUMER);
		assertThat(process.traceId()).isEqualTo(send.traceId());
		assertThat(process.parentId()).isEqualTo(send.id());
		assertThat(process.tags()).containsEntry("messaging.operation", "process")
			.containsEntry("messaging.destination.name", "inbox")
			.containsEntry("messaging.zeromq.socket.type", "PULL")
			.containsEntry("messaging.zeromq.listener.id", "inbox-listener");
		// the method ran in the listener's span, and the header frame brought the user header along
		assertThat(delivery.traceId()).isEqualTo(send.traceId());
		assertThat(delivery.spanId()).isEqualTo(process.id());
		assertThat(delivery.tenant()).isEqualTo("acme");
	}

	@Test
	void aRequestThroughARepListenerAndBackIsOneTrace() {
		ZmqTemplate template = sender.getBean(ZmqTemplate.class);
		assertThat(template.request("client", "ping", String.class)).isEqualTo("PING");
		assertOneTrace("ping");
	}

	@Test
	void anAsynchronousRequestIsObservedUntilItsReply() throws Exception {
		ZmqTemplate template = sender.getBean(ZmqTemplate.class);
		assertThat(template.requestAsync("client", "pong", String.class).get()).isEqualTo("PONG");
		assertOneTrace("pong");
	}

	@Test
	void aSendToForwardCarriesTheTraceToTheNextStage() {
		sender.getBean(ZmqTemplate.class).send("stager", "part-1");
		Delivery last = await().atMost(WAIT).until(() -> receiver.getBean(Listeners.class).find("PART-1"),
				(found) -> found != null);
		MutableSpan send = await().atMost(WAIT).until(() -> sender.getBean(Spans.class).named("send stager"),
				(span) -> span != null);
		Spans spans = receiver.getBean(Spans.class);
		MutableSpan stage = await().atMost(WAIT).until(() -> spans.withTrace("process stage", send.traceId()),
				(span) -> span != null);
		MutableSpan forward = await().atMost(WAIT).until(() -> spans.withTrace("send relay", send.traceId()),
				(span) -> span != null);
		MutableSpan last2 = await().atMost(WAIT).until(() -> spans.withTrace("process final", send.traceId()),
				(span) -> span != null);
		// sender -> stage listener -> its @SendTo forward -> the final listener: one trace, each the child of the last
		assertThat(stage.parentId()).isEqualTo(send.id());
		assertThat(forward.parentId()).isEqualTo(stage.id());
		assertThat(forward.kind()).isEqualTo(Kind.PRODUCER);
		assertThat(last2.parentId()).isEqualTo(forward.id());
		assertThat(last.spanId()).isEqualTo(last2.id());
	}

	private void assertOneTrace(String payload) {
		Delivery delivery = await().atMost(WAIT).until(() -> receiver.getBean(Listeners.class).find(payload),
				(found) -> found != null);
		MutableSpan request = await().atMost(WAIT)
			.until(() -> sender.getBean(Spans.class).withTrace("request client", delivery.traceId()),
					(span) -> span != null);
		MutableSpan process = await().atMost(WAIT)
			.until(() -> receiver.getBean(Spans.class).withTrace("process service", delivery.traceId()),
					(span) -> span != null);
		assertThat(request.kind()).isEqualTo(Kind.PRODUCER);
		assertThat(request.tags()).containsEntry("messaging.operation", "request")
			.containsEntry("messaging.zeromq.socket.type", "DEALER");
		assertThat(process.parentId()).isEqualTo(request.id());
		assertThat(process.tags()).containsEntry("messaging.zeromq.socket.type", "REP");
		assertThat(delivery.spanId()).isEqualTo(process.id());
		// the request's span ends after the reply came back: it encloses the listener's
		assertThat(request.finishTimestamp()).isGreaterThanOrEqualTo(process.finishTimestamp());
		assertThat(request.startTimestamp()).isLessThanOrEqualTo(process.startTimestamp());
	}

	/** Collects every finished span of its application. */
	static class Spans extends SpanHandler {

		private final Queue<MutableSpan> finished = new ConcurrentLinkedQueue<>();

		@Override
		public boolean end(TraceContext context, MutableSpan span, Cause cause) {
			this.finished.add(span);
			return true;
		}

		MutableSpan named(String name) {
			return this.finished.stream().filter((span) -> name.equals(span.name())).findFirst().orElse(null);
		}

		MutableSpan withTrace(String name, String traceId) {
			return this.finished.stream()
				.filter((span) -> name.equals(span.name()) && traceId.equals(span.traceId()))
				.findFirst()
				.orElse(null);
		}

	}

	record Delivery(String payload, String traceId, String spanId, String tenant) {
	}

	/** The listening application's listeners: they note the span they run in. */
	static class Listeners {

		private final Tracer tracer;

		private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

		Listeners(Tracer tracer) {
			this.tracer = tracer;
		}

		@ZmqListener(id = "inbox-listener", socket = "inbox")
		void onJob(String job, @Header(name = "tenant", required = false) String tenant) {
			record(job, tenant);
		}

		@ZmqListener(id = "service-listener", socket = "service")
		String upper(String request) {
			record(request, null);
			return request.toUpperCase();
		}

		@ZmqListener(id = "stage-listener", socket = "stage")
		@SendTo("relay")
		String stage(String part) {
			return part.toUpperCase();
		}

		@ZmqListener(id = "final-listener", socket = "final")
		void last(String part) {
			record(part, null);
		}

		private void record(String payload, String tenant) {
			Span span = this.tracer.currentSpan();
			this.deliveries.add(new Delivery(payload, (span != null) ? span.context().traceId() : "none",
					(span != null) ? span.context().spanId() : "none", tenant));
		}

		Delivery find(String payload) {
			return this.deliveries.stream().filter((d) -> d.payload().equals(payload)).findFirst().orElse(null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ReceiverApplication {

		@Bean
		Spans spans() {
			return new Spans();
		}

		@Bean
		Listeners listeners(Tracer tracer) {
			return new Listeners(tracer);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class SenderApplication {

		@Bean
		Spans spans() {
			return new Spans();
		}

	}

}
