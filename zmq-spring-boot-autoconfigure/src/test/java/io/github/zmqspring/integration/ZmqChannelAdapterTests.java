package io.github.zmqspring.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.support.ErrorMessage;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.integration.dsl.Zmq;
import io.github.zmqspring.support.ZmqHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Inbound and outbound channel adapters in real flows (Java DSL) over tcp loopback with random ports.
 */
@SpringJUnitConfig
@DirtiesContext
class ZmqChannelAdapterTests {

	static final Duration WAIT = Duration.ofSeconds(10);

	@Autowired
	ZmqEngine engine;

	@Autowired
	IntegrationFlowContext flows;

	final List<AutoCloseable> cleanup = new ArrayList<>();

	@AfterEach
	void closeAll() throws Exception {
		for (int i = this.cleanup.size() - 1; i >= 0; i--) {
			this.cleanup.get(i).close();
		}
	}

	ZmqSocket open(ZmqSocketSpec.Builder spec) {
		ZmqSocket socket = this.engine.open(spec.build());
		this.cleanup.add(socket);
		return socket;
	}

	ZmqSocket receiver(ZmqSocketSpec.Builder spec, LinkedBlockingQueue<ZmqMessage> received) {
		ZmqSocket socket = this.engine.open(spec.build(), received::add);
		this.cleanup.add(socket);
		return socket;
	}

	void register(IntegrationFlow flow) {
		var registration = this.flows.registration(flow).register();
		this.cleanup.add(registration::destroy);
	}

	static String local(int port) {
		return "tcp://127.0.0.1:" + port;
	}

	/** Receives until a message with the given payload arrives; returns every payload received meanwhile. */
	static List<String> receiveUntil(QueueChannel channel, String last) {
		List<String> payloads = new ArrayList<>();
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!payloads.contains(last)) {
			assertThat(System.nanoTime()).as("'%s' within %s, got %s", last, WAIT, payloads).isLessThan(deadline);
			Message<?> message = channel.receive(100);
			if (message != null) {
				payloads.add((String) message.getPayload());
			}
		}
		return payloads;
	}

	@Nested
	class InboundSub {

		@Test
		void deliversOnlyMatchingPrefixesAndFollowsARuntimeTopicChange() {
			ZmqSocket pub = open(ZmqSocketSpec.builder("weather-pub", SocketType.PUB).bind("tcp://127.0.0.1:*"));
			QueueChannel out = new QueueChannel();
			ZmqInboundChannelAdapter adapter = new ZmqInboundChannelAdapter(ZmqChannelAdapterTests.this.engine,
					ZmqSocketSpec.builder("weather-sub", SocketType.SUB).connect(local(pub.boundPort()))
						.subscribe("weather.").build());
			adapter.setPayloadType(String.class);
			register(IntegrationFlow.from(adapter).channel(out).get());
			// a SUB joins late: publish until the subscription reached the publisher
			await().atMost(WAIT).until(() -> {
				pub.send(ZmqMessage.of("weather.warm-up"));
				return out.receive(20) != null;
			});

			pub.send(ZmqMessage.of("sports.1"));
			pub.send(ZmqMessage.of("weather.2"));
			List<String> received = receiveUntil(out, "weather.2");
			assertThat(received).noneMatch((payload) -> payload.startsWith("sports."));

			pub.send(ZmqMessage.of("weather.tokyo", "21.5"));
			Message<?> multipart = receiveNonWarmUp(out);
			assertThat(multipart.getPayload()).isEqualTo("21.5");
			assertThat(multipart.getHeaders()).containsEntry(ZmqHeaders.TOPIC, "weather.tokyo")
				.containsEntry(ZmqHeaders.SOCKET, "weather-sub");

			adapter.unsubscribe("weather.");
			adapter.subscribe("sports.");
			assertThat(adapter.getTopics()).containsExactly("sports.");
			await().atMost(WAIT).until(() -> {
				pub.send(ZmqMessage.of("sports.warm-up"));
				return out.receive(20) != null;
			});
			pub.send(ZmqMessage.of("weather.3"));
			pub.send(ZmqMessage.of("sports.end"));
			received = receiveUntil(out, "sports.end");
			assertThat(received).noneMatch((payload) -> payload.startsWith("weather."));
		}

		private Message<?> receiveNonWarmUp(QueueChannel out) {
			long deadline = System.nanoTime() + WAIT.toNanos();
			while (System.nanoTime() < deadline) {
				Message<?> message = out.receive(100);
				if (message != null && !"weather.warm-up".equals(message.getPayload())) {
					return message;
				}
			}
			throw new AssertionError("no message within " + WAIT);
		}

		@Test
		void singleFrameMessageCarriesTheMatchingSubscriptionAsTopic() {
			ZmqSocket pub = open(ZmqSocketSpec.builder("feed-pub", SocketType.PUB).bind("tcp://127.0.0.1:*"));
			QueueChannel out = new QueueChannel();
			register(IntegrationFlow
				.from(Zmq.inboundAdapter(ZmqChannelAdapterTests.this.engine, ZmqSocketSpec.builder("feed-sub", SocketType.SUB)
					.connect(local(pub.boundPort())).subscribe("10001")).payloadType(String.class))
				.channel(out)
				.get());
			await().atMost(WAIT).untilAsserted(() -> {
				pub.send(ZmqMessage.of("10001 23 45"));
				Message<?> message = out.receive(20);
				assertThat(message).isNotNull();
				assertThat(message.getPayload()).isEqualTo("10001 23 45");
				assertThat(message.getHeaders()).containsEntry(ZmqHeaders.TOPIC, "10001");
			});
		}

	}

	@Nested
	class OutboundPub {

		@Test
		void topicExpressionBecomesFrameZeroForAPlainSubscriber() throws Exception {
			DirectChannel in = new DirectChannel();
			ZmqOutboundChannelAdapter[] adapter = new ZmqOutboundChannelAdapter[1];
			var spec = Zmq.outboundAdapter(ZmqChannelAdapterTests.this.engine,
					ZmqSocketSpec.builder("prices-pub", SocketType.PUB).bind("tcp://127.0.0.1:*"))
				.topicExpression("headers['region'] + '.prices'");
			adapter[0] = spec.getObject();
			register(IntegrationFlow.from(in).handle(spec).get());
			LinkedBlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
			receiver(ZmqSocketSpec.builder("prices-sub", SocketType.SUB).connect(local(adapter[0].getBoundPort()))
				.subscribe("eu."), received);

			await().atMost(WAIT).until(() -> {
				in.send(MessageBuilder.withPayload("warm-up").setHeader("region", "eu").build());
				return received.poll(20, TimeUnit.MILLISECONDS) != null;
			});
			received.clear();
			in.send(MessageBuilder.withPayload("1.10").setHeader("region", "us").build());
			in.send(MessageBuilder.withPayload("1.20").setHeader("region", "eu").build());
			ZmqMessage message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			while (message != null && message.frameAsString(1).equals("warm-up")) {
				message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			}
			assertThat(message).isEqualTo(ZmqMessage.of("eu.prices", "1.20"));
		}

		@Test
		void topicOnANonPubSocketIsRejected() {
			ZmqOutboundChannelAdapter adapter = new ZmqOutboundChannelAdapter(ZmqChannelAdapterTests.this.engine,
					ZmqSocketSpec.builder("jobs", SocketType.PUSH).connect("tcp://127.0.0.1:5999").build());
			assertThatIllegalArgumentException().isThrownBy(() -> adapter.setTopic("x"))
				.withMessage("socket 'jobs': a topic applies to PUB sockets only, not PUSH");
		}

	}

	@Nested
	class Pipeline {

		record Reading(String station, double celsius) {
		}

		@Test
		void pushFlowFeedsPullFlowWithJsonConversion() {
			QueueChannel out = new QueueChannel();
			var pull = Zmq.inboundAdapter(ZmqChannelAdapterTests.this.engine,
					ZmqSocketSpec.builder("readings-pull", SocketType.PULL).bind("tcp://127.0.0.1:*"))
				.payloadType(Reading.class);
			register(IntegrationFlow.from(pull).channel(out).get());
			DirectChannel in = new DirectChannel();
			register(IntegrationFlow.from(in)
				.handle(Zmq.outboundAdapter(ZmqChannelAdapterTests.this.engine,
						ZmqSocketSpec.builder("readings-push", SocketType.PUSH)
							.connect(local(pull.getObject().getBoundPort()))))
				.get());

			for (int i = 0; i < 100; i++) {
				in.send(MessageBuilder.withPayload(new Reading("s" + i, i / 2.0)).build());
			}
			for (int i = 0; i < 100; i++) {
				Message<?> message = out.receive(WAIT.toMillis());
				assertThat(message).as("message %d", i).isNotNull();
				assertThat(message.getPayload()).isEqualTo(new Reading("s" + i, i / 2.0));
			}
		}

		@Test
		void conversionFailureGoesToTheErrorChannelAndTheAdapterKeepsConsuming() throws Exception {
			QueueChannel out = new QueueChannel();
			QueueChannel errors = new QueueChannel();
			var pull = Zmq.inboundAdapter(ZmqChannelAdapterTests.this.engine,
					ZmqSocketSpec.builder("strict-pull", SocketType.PULL).bind("tcp://127.0.0.1:*"))
				.payloadType(Reading.class)
				.errorChannel(errors);
			register(IntegrationFlow.from(pull).channel(out).get());
			ZmqSocket push = open(ZmqSocketSpec.builder("strict-push", SocketType.PUSH)
				.connect(local(pull.getObject().getBoundPort())));

			push.send(ZmqMessage.of("this is not json"));
			push.send(ZmqMessage.of("{\"station\":\"oslo\",\"celsius\":-3.5}"));

			Message<?> error = errors.receive(WAIT.toMillis());
			assertThat(error).isInstanceOf(ErrorMessage.class);
			assertThat(((ErrorMessage) error).getPayload()).isInstanceOf(MessageConversionException.class)
				.hasMessageContaining("strict-pull")
				.hasMessageContaining(Reading.class.getName());
			assertThat(((MessageConversionException) error.getPayload()).getFailedMessage().getPayload())
				.isEqualTo("this is not json".getBytes());
			Message<?> good = out.receive(WAIT.toMillis());
			assertThat(good).isNotNull();
			assertThat(good.getPayload()).isEqualTo(new Reading("oslo", -3.5));
		}

		@Test
		void inboundAdapterDeliversWithinMillisecondsAfterAnIdlePeriod() throws Exception {
			AtomicLong arrived = new AtomicLong();
			CountDownLatch[] latch = { new CountDownLatch(1) };
			var pull = Zmq.inboundAdapter(ZmqChannelAdapterTests.this.engine,
					ZmqSocketSpec.builder("idle-pull", SocketType.PULL).bind("tcp://127.0.0.1:*"));
			register(IntegrationFlow.from(pull).handle((message) -> {
				arrived.set(System.nanoTime());
				latch[0].countDown();
			}).get());
			ZmqSocket push = open(ZmqSocketSpec.builder("idle-push", SocketType.PUSH)
				.connect(local(pull.getObject().getBoundPort())));
			push.send(ZmqMessage.of("warm-up"));
			assertThat(latch[0].await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

			// stay idle for longer than spring-integration-zeromq's 1 s idle poll delay
			latch[0] = new CountDownLatch(1);
			assertThat(latch[0].await(1200, TimeUnit.MILLISECONDS)).isFalse();

			long sent = System.nanoTime();
			push.send(ZmqMessage.of("after idle"));
			assertThat(latch[0].await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			assertThat(Duration.ofNanos(arrived.get() - sent)).isLessThan(Duration.ofMillis(100));
		}

	}

	@Nested
	class RouterDealer {

		@Test
		void routerInboundExposesThePeersRoutingId() {
			QueueChannel out = new QueueChannel();
			var router = Zmq.inboundAdapter(ZmqChannelAdapterTests.this.engine,
					ZmqSocketSpec.builder("router-in", SocketType.ROUTER).bind("tcp://127.0.0.1:*"))
				.payloadType(String.class);
			register(IntegrationFlow.from(router).channel(out).get());
			ZmqSocket dealer = open(ZmqSocketSpec.builder("client", SocketType.DEALER).routingId("client-7")
				.connect(local(router.getObject().getBoundPort())));

			dealer.send(ZmqMessage.of("hello"));
			Message<?> message = out.receive(WAIT.toMillis());
			assertThat(message).isNotNull();
			assertThat(message.getPayload()).isEqualTo("hello");
			assertThat((byte[]) message.getHeaders().get(ZmqHeaders.ROUTING_ID)).asString().isEqualTo("client-7");
		}

		@Test
		void routerOutboundSendsToThePeerNamedByTheRoutingIdHeader() throws Exception {
			DirectChannel in = new DirectChannel();
			var router = Zmq.outboundAdapter(ZmqChannelAdapterTests.this.engine,
					ZmqSocketSpec.builder("router-out", SocketType.ROUTER).bind("tcp://127.0.0.1:*"));
			register(IntegrationFlow.from(in).handle(router).get());
			LinkedBlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
			receiver(ZmqSocketSpec.builder("worker", SocketType.DEALER).routingId("worker-9")
				.connect(local(router.getObject().getBoundPort())), received);

			// a ROUTER drops messages for peers it does not know yet: send until the worker is connected
			ZmqMessage first = await().atMost(WAIT).until(() -> {
				in.send(MessageBuilder.withPayload("job").setHeader(ZmqHeaders.ROUTING_ID, "worker-9").build());
				return received.poll(20, TimeUnit.MILLISECONDS);
			}, (message) -> message != null);
			assertThat(first).isEqualTo(ZmqMessage.of("job"));
		}

	}

	@Test
	void socketTypesAreValidatedInTheConstructor() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ZmqInboundChannelAdapter(this.engine,
				ZmqSocketSpec.builder("wrong", SocketType.PUB).bind("tcp://127.0.0.1:*").build()))
			.withMessageContaining("socket 'wrong': an inbound channel adapter receives on [SUB, PULL, PAIR, DEALER, ROUTER], not PUB");
		assertThatIllegalArgumentException().isThrownBy(() -> new ZmqOutboundChannelAdapter(this.engine,
				ZmqSocketSpec.builder("wrong", SocketType.SUB).connect("tcp://127.0.0.1:5000").build()))
			.withMessageContaining("an outbound channel adapter sends on [PUB, PUSH, PAIR, DEALER, ROUTER], not SUB");
		assertThatIllegalArgumentException().isThrownBy(() -> new ZmqInboundChannelAdapter(this.engine,
				ZmqSocketSpec.builder("nowhere", SocketType.PULL).build()))
			.withMessage("socket 'nowhere': an inbound channel adapter needs a bind or a connect endpoint");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Config {

		@Bean(destroyMethod = "close")
		ZmqEngine zmqEngine() {
			return ZmqEngine.builder().name("si-adapters").build();
		}

	}

}
