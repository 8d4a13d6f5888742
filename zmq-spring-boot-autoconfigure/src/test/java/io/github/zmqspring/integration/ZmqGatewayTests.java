package io.github.zmqspring.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequestTimeoutException;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.integration.dsl.Zmq;
import io.github.zmqspring.support.ZmqProxyLifecycle;
import io.github.zmqspring.support.ZmqHeaders;
import io.github.zmqspring.support.ZmqLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Outbound and inbound gateways and the proxy in real flows over tcp loopback with random ports.
 */
@SpringJUnitConfig
@DirtiesContext
class ZmqGatewayTests {

	static final Duration WAIT = Duration.ofSeconds(10);

	@Autowired
	ZmqEngine engine;

	@Autowired
	IntegrationFlowContext flows;

	final List<AutoCloseable> cleanup = new ArrayList<>();

	final MessagingTemplate template = new MessagingTemplate();

	ZmqGatewayTests() {
		this.template.setReceiveTimeout(WAIT.toMillis());
	}

	@AfterEach
	void closeAll() throws Exception {
		for (int i = this.cleanup.size() - 1; i >= 0; i--) {
			this.cleanup.get(i).close();
		}
	}

	<T extends AutoCloseable> T closeLater(T closeable) {
		this.cleanup.add(closeable);
		return closeable;
	}

	void register(IntegrationFlow flow) {
		var registration = this.flows.registration(flow).register();
		this.cleanup.add(registration::destroy);
	}

	static String local(int port) {
		return "tcp://127.0.0.1:" + port;
	}

	/** A flow: requestChannel -> outbound gateway connected to the port; returns its input channel. */
	DirectChannel outboundGatewayFlow(int port, Duration timeout) {
		return outboundGatewayFlow(port, timeout, SocketType.REQ);
	}

	DirectChannel outboundGatewayFlow(int port, Duration timeout, SocketType type) {
		DirectChannel requests = new DirectChannel();
		register(IntegrationFlow.from(requests)
			.handle(Zmq.outboundGateway(this.engine, ZmqSocketSpec.builder("client-" + port, type)
				.connect(local(port))).requestTimeout(timeout).replyPayloadType(String.class))
			.get());
		return requests;
	}

	@Nested
	class Outbound {

		@Test
		void requestsAPlainEngineRepServerAndRepliesToTheReplyChannel() {
			ZmqServer server = closeLater(ZmqGatewayTests.this.engine.server(
					ZmqSocketSpec.builder("echo", SocketType.REP).bind("tcp://127.0.0.1:*").build(),
					(request) -> ZmqMessage.of("echo: " + request.body().frameAsString(0))));
			DirectChannel requests = outboundGatewayFlow(server.boundPort(), WAIT);

			Message<?> reply = ZmqGatewayTests.this.template.sendAndReceive(requests, new GenericMessage<>("hello"));
			assertThat(reply).isNotNull();
			assertThat(reply.getPayload()).isEqualTo("echo: hello");
			assertThat(reply.getHeaders()).containsKey(ZmqHeaders.FRAMES);
		}

		@Test
		void keepsManyRequestsInFlightWithoutLockStep() throws Exception {
			CountDownLatch allArrived = new CountDownLatch(8);
			// the server answers only once all 8 requests are in: a lock-step client would deadlock here
			ZmqServer server = closeLater(ZmqGatewayTests.this.engine.server(
					ZmqSocketSpec.builder("gather", SocketType.ROUTER).bind("tcp://127.0.0.1:*").build(), (request) -> {
						allArrived.countDown();
						allArrived.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
						return ZmqMessage.of("done " + request.body().frameAsString(0));
					}, 8, io.github.zmqspring.core.ErrorReplyFactory.DEFAULT));
			// DEALER pipelines any number of requests on one connection (a REQ spec has reqPoolSize lanes).
			DirectChannel requests = outboundGatewayFlow(server.boundPort(), WAIT, SocketType.DEALER);

			List<CompletableFuture<Message<?>>> replies = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				String payload = "r" + i;
				replies.add(CompletableFuture.supplyAsync(
						() -> ZmqGatewayTests.this.template.sendAndReceive(requests, new GenericMessage<>(payload))));
			}
			for (int i = 0; i < 8; i++) {
				assertThat(replies.get(i).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).getPayload()).isEqualTo("done r" + i);
			}
		}

		@Test
		void timeoutFailsTheFlowWithATypedExceptionAndTheNextRequestWorks() {
			ZmqSocket silent = closeLater(ZmqGatewayTests.this.engine.open(
					ZmqSocketSpec.builder("silent", SocketType.ROUTER).bind("tcp://127.0.0.1:*").build(), (message) -> {
					}));
			DirectChannel requests = outboundGatewayFlow(silent.boundPort(), Duration.ofMillis(200));

			assertThatExceptionOfType(MessageHandlingException.class)
				.isThrownBy(() -> ZmqGatewayTests.this.template.sendAndReceive(requests, new GenericMessage<>("anyone?")))
				.havingRootCause()
				.isInstanceOf(ZmqRequestTimeoutException.class)
				.withMessageContaining("client-" + silent.boundPort());
		}

		@Test
		void asyncGatewayRepliesWithoutBlockingTheCaller() {
			ZmqServer server = closeLater(ZmqGatewayTests.this.engine.server(
					ZmqSocketSpec.builder("async-echo", SocketType.REP).bind("tcp://127.0.0.1:*").build(),
					(request) -> ZmqMessage.of(request.body().frameAsString(0).toUpperCase())));
			DirectChannel requests = new DirectChannel();
			QueueChannel replies = new QueueChannel();
			register(IntegrationFlow.from(requests)
				.handle(Zmq.outboundGateway(ZmqGatewayTests.this.engine,
						ZmqSocketSpec.builder("async-client", SocketType.DEALER).connect(local(server.boundPort())))
					.async(true)
					.replyPayloadType(String.class))
				.channel(replies)
				.get());

			for (int i = 0; i < 50; i++) {
				requests.send(new GenericMessage<>("m" + i));
			}
			List<Object> payloads = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				Message<?> reply = replies.receive(WAIT.toMillis());
				assertThat(reply).isNotNull();
				payloads.add(reply.getPayload());
			}
			assertThat(payloads).hasSize(50).contains("M0", "M49");
		}

	}

	@Nested
	class Inbound {

		@Test
		void outboundGatewayTalksToInboundGateway() {
			var gateway = Zmq.inboundGateway(ZmqGatewayTests.this.engine,
					ZmqSocketSpec.builder("upper", SocketType.REP).bind("tcp://127.0.0.1:*"))
				.payloadType(String.class);
			register(IntegrationFlow.from(gateway).<String, String>transform(String::toUpperCase).get());
			DirectChannel requests = outboundGatewayFlow(gateway.getObject().getBoundPort(), WAIT);

			for (String word : List.of("alpha", "beta", "gamma")) {
				Message<?> reply = ZmqGatewayTests.this.template.sendAndReceive(requests, new GenericMessage<>(word));
				assertThat(reply).isNotNull();
				assertThat(reply.getPayload()).isEqualTo(word.toUpperCase());
			}
		}

		@Test
		void exceptionInTheFlowAnswersTheErrorReplyAndTheNextRequestIsServed() {
			var gateway = Zmq.inboundGateway(ZmqGatewayTests.this.engine,
					ZmqSocketSpec.builder("picky", SocketType.ROUTER).bind("tcp://127.0.0.1:*"))
				.payloadType(String.class);
			register(IntegrationFlow.from(gateway).<String, String>transform((payload) -> {
				if (payload.equals("bad")) {
					throw new IllegalStateException("cannot serve 'bad'");
				}
				return "ok: " + payload;
			}).get());
			ZmqRequester client = closeLater(ZmqGatewayTests.this.engine.requester(ZmqSocketSpec
				.builder("picky-client", SocketType.REQ).connect(local(gateway.getObject().getBoundPort())).build()));

			assertThat(client.request(ZmqMessage.of("bad"), WAIT))
				.isEqualTo(ZmqMessage.of("ERROR: IllegalStateException: cannot serve 'bad'"));
			assertThat(client.request(ZmqMessage.of("good"), WAIT)).isEqualTo(ZmqMessage.of("ok: good"));
		}

		@Test
		void requestHeadersCarryTheRoutingIdAndFrames() {
			var gateway = Zmq.inboundGateway(ZmqGatewayTests.this.engine,
					ZmqSocketSpec.builder("who", SocketType.ROUTER).bind("tcp://127.0.0.1:*"));
			register(IntegrationFlow.from(gateway)
				.handle((payload, headers) -> "frames=" + ((ZmqMessage) headers.get(ZmqHeaders.FRAMES)).size()
						+ " id-length=" + ((byte[]) headers.get(ZmqHeaders.ROUTING_ID)).length)
				.get());
			ZmqRequester client = closeLater(ZmqGatewayTests.this.engine.requester(ZmqSocketSpec
				.builder("who-client", SocketType.DEALER).connect(local(gateway.getObject().getBoundPort())).build()));

			assertThat(client.request(ZmqMessage.of("a", "b"), WAIT).frameAsString(0)).startsWith("frames=2 id-length=");
		}

	}

	@Nested
	class Proxy {

		@Test
		void pullPushProxyStreamsBetweenFlows() {
			ZmqProxyLifecycle proxy = new ZmqProxyLifecycle(ZmqGatewayTests.this.engine,
					ZmqSocketSpec.builder("stream-front", SocketType.PULL).bind("tcp://127.0.0.1:*").build(),
					ZmqSocketSpec.builder("stream-back", SocketType.PUSH).bind("tcp://127.0.0.1:*").build(), null);
			proxy.start();
			closeLater(proxy::stop);
			String front = proxy.getFrontendEndpoints().get(0);
			String back = proxy.getBackendEndpoints().get(0);

			QueueChannel out = new QueueChannel();
			register(IntegrationFlow.from(Zmq.inboundAdapter(ZmqGatewayTests.this.engine,
					ZmqSocketSpec.builder("stream-worker", SocketType.PULL).connect(back)).payloadType(String.class))
				.channel(out)
				.get());
			DirectChannel in = new DirectChannel();
			register(IntegrationFlow.from(in)
				.handle(Zmq.outboundAdapter(ZmqGatewayTests.this.engine,
						ZmqSocketSpec.builder("stream-source", SocketType.PUSH).connect(front)))
				.get());

			in.send(MessageBuilder.withPayload("through the proxy").build());
			Message<?> message = out.receive(WAIT.toMillis());
			assertThat(message).isNotNull();
			assertThat(message.getPayload()).isEqualTo("through the proxy");
		}

		@Test
		void mismatchedProxySocketTypesAreRejected() {
			assertThatIllegalArgumentException().isThrownBy(() -> new ZmqProxyLifecycle(ZmqGatewayTests.this.engine,
					ZmqSocketSpec.builder("front", SocketType.ROUTER).bind("tcp://127.0.0.1:*").build(),
					ZmqSocketSpec.builder("back", SocketType.PUSH).bind("tcp://127.0.0.1:*").build(), null))
				.withMessage("proxy 'front': frontend ROUTER with backend PUSH is not a proxy; use ROUTER/DEALER, "
						+ "XSUB/XPUB or PULL/PUSH");
		}

	}

	@Nested
	class Lifecycle {

		@Test
		void aProxyReportsItsStateThroughAStopAndARestart() {
			ZmqProxyLifecycle proxy = new ZmqProxyLifecycle(ZmqGatewayTests.this.engine,
					ZmqSocketSpec.builder("restart-front", SocketType.PULL).bind("tcp://127.0.0.1:*").build(),
					ZmqSocketSpec.builder("restart-back", SocketType.PUSH).bind("tcp://127.0.0.1:*").build(), null);
			assertThat(proxy.getState()).isEqualTo(ZmqLifecycle.State.CREATED);
			proxy.start();
			closeLater(proxy::stop);
			assertThat(proxy.getState()).isEqualTo(ZmqLifecycle.State.STARTED);
			proxy.stop();
			assertThat(proxy.getState()).isEqualTo(ZmqLifecycle.State.STOPPED);
			assertThat(proxy.getFrontendEndpoints()).isEmpty();
			proxy.start();
			assertThat(proxy.getState()).isEqualTo(ZmqLifecycle.State.STARTED);
			assertThat(proxy.isRunning()).isTrue();
			assertThat(proxy.getFrontendEndpoints()).singleElement().asString().startsWith("tcp://127.0.0.1:");
		}

		@Test
		void anInboundGatewayReportsItsStateAndServesAgainAfterARestart() {
			var spec = Zmq.inboundGateway(ZmqGatewayTests.this.engine,
					ZmqSocketSpec.builder("restarted", SocketType.REP).bind("tcp://127.0.0.1:*"))
				.payloadType(String.class);
			register(IntegrationFlow.from(spec).<String, String>transform((payload) -> "again: " + payload).get());
			ZmqInboundGateway gateway = spec.getObject();
			assertThat(gateway.getState()).isEqualTo(ZmqLifecycle.State.STARTED);
			gateway.stop();
			assertThat(gateway.getState()).isEqualTo(ZmqLifecycle.State.STOPPED);
			assertThat(gateway.getBoundPort()).isEqualTo(-1);
			gateway.start();
			assertThat(gateway.getState()).isEqualTo(ZmqLifecycle.State.STARTED);
			ZmqRequester client = closeLater(ZmqGatewayTests.this.engine.requester(ZmqSocketSpec
				.builder("restarted-client", SocketType.REQ).connect(local(gateway.getBoundPort())).build()));
			assertThat(client.request(ZmqMessage.of("hi"), WAIT)).isEqualTo(ZmqMessage.of("again: hi"));
		}

	}

	@Test
	void gatewaySocketTypesAreValidatedInTheConstructor() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ZmqOutboundGateway(this.engine,
				ZmqSocketSpec.builder("jobs", SocketType.PUSH).connect("tcp://127.0.0.1:5000").build()))
			.withMessage("socket 'jobs': an outbound gateway sends requests on [REQ, DEALER], not PUSH; use "
					+ "ZmqOutboundChannelAdapter for one-way messages");
		assertThatIllegalArgumentException().isThrownBy(() -> new ZmqInboundGateway(this.engine,
				ZmqSocketSpec.builder("in", SocketType.PULL).bind("tcp://127.0.0.1:*").build()))
			.withMessage("socket 'in': an inbound gateway serves [REP, ROUTER] sockets, not PULL; use "
					+ "ZmqInboundChannelAdapter for one-way messages");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Config {

		@Bean(destroyMethod = "close")
		ZmqEngine zmqEngine() {
			return ZmqEngine.builder().name("si-gateways").build();
		}

	}

}
