package io.github.zmqspring.integration;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.messaging.support.MessageBuilder;

import io.github.zmqspring.boot.autoconfigure.ZmqAutoConfiguration;
import io.github.zmqspring.boot.autoconfigure.ZmqIntegrationAutoConfiguration;
import io.github.zmqspring.boot.autoconfigure.ZmqIntegrationProperties;
import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.ZmqHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Adapters and gateways bound from {@code zmq.integration.*}, in real contexts over tcp loopback.
 */
class ZmqIntegrationAutoConfigurationTests {

	static final Duration WAIT = Duration.ofSeconds(10);

	/** The engine of the plain peers; each context has its own. */
	static ZmqEngine engine;

	final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqIntegrationAutoConfiguration.class))
		.withUserConfiguration(IntegrationConfig.class);

	@BeforeAll
	static void openEngine() {
		engine = ZmqEngine.builder().name("si-autoconfig").build();
	}

	@AfterAll
	static void closeEngine() {
		engine.close();
	}

	static String local(int port) {
		return "tcp://127.0.0.1:" + port;
	}

	@Nested
	class Bound {

		@Test
		void inboundPullEntryBecomesAnAdapterBeanAndItsMissingChannelADirectChannel() {
			ZmqIntegrationAutoConfigurationTests.this.runner
				.withPropertyValues("zmq.integration.inbound.jobs-in.type=PULL",
						"zmq.integration.inbound.jobs-in.bind=tcp://127.0.0.1:*",
						"zmq.integration.inbound.jobs-in.channel=jobs",
						"zmq.integration.inbound.jobs-in.payload-type=java.lang.String")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					// bound once, by the registrar, and not a bean that the binding post-processor would bind again
					assertThat(context).doesNotHaveBean(ZmqIntegrationProperties.class);
					ZmqInboundChannelAdapter adapter = context.getBean("jobs-in", ZmqInboundChannelAdapter.class);
					assertThat(adapter.isRunning()).isTrue();
					assertThat(context.getBean("jobs")).isInstanceOf(DirectChannel.class);
					LinkedBlockingQueue<Message<?>> received = new LinkedBlockingQueue<>();
					context.getBean("jobs", DirectChannel.class).subscribe(received::add);
					try (ZmqSocket push = engine.open(ZmqSocketSpec.builder("jobs-push", SocketType.PUSH)
						.connect(local(adapter.getBoundPort())).build())) {
						push.send(ZmqMessage.of("job 1"));
						Message<?> message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
						assertThat(message).isNotNull();
						assertThat(message.getPayload()).isEqualTo("job 1");
						assertThat(message.getHeaders()).containsEntry(ZmqHeaders.SOCKET, "jobs-in");
					}
				});
		}

		@Test
		void outboundPubEntryWithATopicExpressionPublishesToAPlainSubscriber() {
			LinkedBlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
			try (ZmqSocket sub = engine.open(ZmqSocketSpec.builder("ticks-sub", SocketType.SUB)
				.bind("tcp://127.0.0.1:*").subscribe("ticks.eu").build(), received::add)) {
				ZmqIntegrationAutoConfigurationTests.this.runner
					.withPropertyValues("zmq.integration.outbound.ticks-out.type=PUB",
							"zmq.integration.outbound.ticks-out.connect=" + local(sub.boundPort()),
							"zmq.integration.outbound.ticks-out.channel=ticks",
							"zmq.integration.outbound.ticks-out.topic-expression='ticks.' + headers['region']")
					.run((context) -> {
						assertThat(context).hasNotFailed();
						assertThat(context).hasBean("ticks-out").hasBean("ticks-out.endpoint");
						MessageChannel ticks = context.getBean("ticks", MessageChannel.class);
						ZmqMessage first = await().atMost(WAIT).until(() -> {
							ticks.send(MessageBuilder.withPayload("42").setHeader("region", "eu").build());
							return received.poll(20, TimeUnit.MILLISECONDS);
						}, (message) -> message != null);
						assertThat(first).isEqualTo(ZmqMessage.of("ticks.eu", "42"));
					});
			}
		}

		@Test
		void inboundGatewayEntryAnswersWithItsFlowsReply() {
			ZmqIntegrationAutoConfigurationTests.this.runner.withUserConfiguration(UpperFlow.class)
				.withPropertyValues("zmq.integration.inbound-gateways.upper.type=REP",
						"zmq.integration.inbound-gateways.upper.bind=tcp://127.0.0.1:*",
						"zmq.integration.inbound-gateways.upper.channel=upper-requests",
						"zmq.integration.inbound-gateways.upper.payload-type=java.lang.String")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					int port = context.getBean("upper", ZmqInboundGateway.class).getBoundPort();
					try (ZmqRequester client = engine.requester(ZmqSocketSpec.builder("upper-client", SocketType.REQ)
						.connect(local(port)).build())) {
						assertThat(client.request(ZmqMessage.of("shout"), WAIT)).isEqualTo(ZmqMessage.of("SHOUT"));
						assertThat(client.request(ZmqMessage.of("fail"), WAIT))
							.isEqualTo(ZmqMessage.of("ERROR: IllegalArgumentException: no 'fail' here"));
						assertThat(client.request(ZmqMessage.of("again"), WAIT)).isEqualTo(ZmqMessage.of("AGAIN"));
					}
				});
		}

		@Test
		void outboundGatewayEntryRequestsAPlainServer() {
			try (ZmqServer server = engine.server(ZmqSocketSpec.builder("time", SocketType.REP)
				.bind("tcp://127.0.0.1:*").build(), (request) -> ZmqMessage.of("it is " + request.body().frameAsString(0)))) {
				ZmqIntegrationAutoConfigurationTests.this.runner
					.withPropertyValues("zmq.integration.outbound-gateways.ask.type=REQ",
							"zmq.integration.outbound-gateways.ask.connect=" + local(server.boundPort()),
							"zmq.integration.outbound-gateways.ask.channel=ask-requests",
							"zmq.integration.outbound-gateways.ask.request-timeout=5s",
							"zmq.integration.outbound-gateways.ask.reply-payload-type=java.lang.String")
					.run((context) -> {
						assertThat(context).hasNotFailed();
						MessagingTemplate template = new MessagingTemplate();
						template.setReceiveTimeout(WAIT.toMillis());
						Message<?> reply = template.sendAndReceive(context.getBean("ask-requests", MessageChannel.class),
								new GenericMessage<>("noon"));
						assertThat(reply).isNotNull();
						assertThat(reply.getPayload()).isEqualTo("it is noon");
					});
			}
		}

		@Test
		void existingChannelBeanIsUsedAsIs() {
			ZmqIntegrationAutoConfigurationTests.this.runner
				.withBean("events", QueueChannel.class, QueueChannel::new)
				.withPropertyValues("zmq.integration.inbound.events-in.type=PULL",
						"zmq.integration.inbound.events-in.bind=tcp://127.0.0.1:*",
						"zmq.integration.inbound.events-in.channel=events")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean("events")).isInstanceOf(QueueChannel.class);
				});
		}

		@Test
		void withZmqAutoConfigurationAdaptersUseItsEngineAndSocketDefaults() {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqIntegrationAutoConfiguration.class))
				.withUserConfiguration(EnableIntegrationOnly.class)
				.withPropertyValues("zmq.defaults.linger=3s", "zmq.integration.inbound.jobs-in.type=PULL",
						"zmq.integration.inbound.jobs-in.bind=tcp://127.0.0.1:*",
						"zmq.integration.inbound.jobs-in.channel=jobs")
				.run((context) -> {
					assertThat(context).hasNotFailed().hasSingleBean(ZmqEngine.class);
					ZmqInboundChannelAdapter adapter = context.getBean("jobs-in", ZmqInboundChannelAdapter.class);
					assertThat(adapter.getSocketSpec().linger()).isEqualTo(Duration.ofSeconds(3));
					assertThat(context.getBean(ZmqEngine.class).sockets()).extracting(ManagedSocket::name)
						.contains("jobs-in");
				});
		}

		@Test
		void entriesTakeTheLimitsOfTheDefaultsUnlessTheySetTheirOwn() {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqIntegrationAutoConfiguration.class))
				.withUserConfiguration(EnableIntegrationOnly.class)
				.withPropertyValues("zmq.defaults.max-frames=16", "zmq.defaults.max-subscriptions=20",
						"zmq.defaults.req-pool-size=2", "zmq.integration.inbound.jobs-in.type=PULL",
						"zmq.integration.inbound.jobs-in.bind=tcp://127.0.0.1:*",
						"zmq.integration.inbound.jobs-in.channel=jobs", "zmq.integration.inbound.jobs-in.max-frames=3",
						"zmq.integration.inbound.jobs-in.max-multipart-size=5MB",
						"zmq.integration.inbound.jobs-in.max-pending-handshakes=11",
						"zmq.integration.outbound.ticks-out.type=PUB",
						"zmq.integration.outbound.ticks-out.bind=tcp://127.0.0.1:*",
						"zmq.integration.outbound.ticks-out.channel=ticks",
						"zmq.integration.outbound.ticks-out.max-subscription-bytes=9KB",
						"zmq.integration.outbound-gateways.ask.type=REQ",
						"zmq.integration.outbound-gateways.ask.connect=tcp://localhost:5557",
						"zmq.integration.outbound-gateways.ask.channel=questions",
						"zmq.integration.outbound-gateways.ask.req-pool-size=5")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					ZmqSocketSpec in = context.getBean("jobs-in", ZmqInboundChannelAdapter.class).getSocketSpec();
					assertThat(in.maxFrames()).isEqualTo(3);
					assertThat(in.maxMultipartSize()).isEqualTo(5L * 1024 * 1024);
					assertThat(in.maxPendingHandshakes()).isEqualTo(11);
					ZmqSocketSpec out = context.getBean("ticks-out", ZmqOutboundChannelAdapter.class).getSocketSpec();
					assertThat(out.maxFrames()).isEqualTo(16);
					assertThat(out.maxSubscriptions()).isEqualTo(20);
					assertThat(out.maxSubscriptionBytes()).isEqualTo(9 * 1024);
					assertThat(out.maxMultipartSize()).isEqualTo(4 * ZmqSocketSpec.DEFAULT_MAX_MESSAGE_SIZE);
					ZmqSocketSpec ask = context.getBean("ask", ZmqOutboundGateway.class).getSocketSpec();
					assertThat(ask.reqPoolSize()).isEqualTo(5);
					assertThat(ask.maxSubscriptions()).isEqualTo(20);
				});
		}

		@Test
		void noEntriesNoAdapters() {
			ZmqIntegrationAutoConfigurationTests.this.runner.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(ZmqInboundChannelAdapter.class)
					.doesNotHaveBean(ZmqOutboundChannelAdapter.class)
					.doesNotHaveBean(ZmqInboundGateway.class)
					.doesNotHaveBean(ZmqOutboundGateway.class);
			});
		}

		@Test
		void backsOffWithoutSpringIntegration() {
			ZmqIntegrationAutoConfigurationTests.this.runner
				.withClassLoader(new FilteredClassLoader(MessageProducerSupport.class))
				.withPropertyValues("zmq.integration.inbound.jobs-in.type=PULL")
				.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("jobs-in"));
		}

	}

	@Nested
	class StartupFailures {

		private static final ZmqKeyPair KEYS = ZmqKeyPair.generate();

		void assertFailure(String message, String... properties) {
			ZmqIntegrationAutoConfigurationTests.this.runner.withPropertyValues(properties).run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasMessage(message);
			});
		}

		@Test
		void missingChannel() {
			assertFailure("zmq.integration.inbound.in.channel: is required: the name of the message channel an inbound "
					+ "channel adapter sends to (created as a DirectChannel when no bean has that name)",
					"zmq.integration.inbound.in.type=PULL", "zmq.integration.inbound.in.bind=tcp://127.0.0.1:*");
		}

		@Test
		void missingType() {
			assertFailure("zmq.integration.outbound.out.type: is required: an outbound channel adapter takes one of "
					+ "[PUB, PUSH, PAIR, DEALER, ROUTER]", "zmq.integration.outbound.out.connect=tcp://127.0.0.1:5000",
					"zmq.integration.outbound.out.channel=c");
		}

		@Test
		void typeThatDoesNotFitTheDirection() {
			assertFailure("zmq.integration.inbound.in.type: PUB is not valid for an inbound channel adapter; use one "
					+ "of [SUB, PULL, PAIR, DEALER, ROUTER]", "zmq.integration.inbound.in.type=PUB",
					"zmq.integration.inbound.in.bind=tcp://127.0.0.1:*", "zmq.integration.inbound.in.channel=c");
			assertFailure("zmq.integration.outbound-gateways.ask.type: REP is not valid for an outbound gateway; use "
					+ "one of [REQ, DEALER]", "zmq.integration.outbound-gateways.ask.type=REP",
					"zmq.integration.outbound-gateways.ask.connect=tcp://127.0.0.1:5000",
					"zmq.integration.outbound-gateways.ask.channel=c");
		}

		@Test
		void anAdaptersOwnSecurityIsMappedAndAMalformedKeyNamesItsProperty() {
			assertFailure("zmq.integration.outbound.out.security.curve.server-key: not a valid Z85 CURVE key "
					+ "(40 characters expected, got 5)", "zmq.integration.outbound.out.type=PUSH",
					"zmq.integration.outbound.out.connect=tcp://127.0.0.1:5000", "zmq.integration.outbound.out.channel=c",
					"zmq.integration.outbound.out.security.curve.public-key=" + KEYS.publicKey(),
					"zmq.integration.outbound.out.security.curve.secret-key=" + KEYS.secretKey(),
					"zmq.integration.outbound.out.security.curve.server-key=short");
		}

		@Test
		void noBindAndNoConnect() {
			assertFailure("zmq.integration.inbound-gateways.gw: set bind or connect: without an endpoint the socket "
					+ "never reaches a peer", "zmq.integration.inbound-gateways.gw.type=REP",
					"zmq.integration.inbound-gateways.gw.channel=c");
		}

		@Test
		void subWithoutTopicsAndTopicsWithoutSub() {
			assertFailure("zmq.integration.inbound.in.topics: a SUB adapter without topics receives nothing; list the "
					+ "prefixes to receive (\"\" receives everything)", "zmq.integration.inbound.in.type=SUB",
					"zmq.integration.inbound.in.connect=tcp://127.0.0.1:5000", "zmq.integration.inbound.in.channel=c");
			assertFailure("zmq.integration.inbound.in.topics: only SUB sockets subscribe, not PULL; remove the topics "
					+ "or set type to SUB", "zmq.integration.inbound.in.type=PULL",
					"zmq.integration.inbound.in.bind=tcp://127.0.0.1:*", "zmq.integration.inbound.in.topics=a",
					"zmq.integration.inbound.in.channel=c");
		}

		@Test
		void topicOnANonPubOutbound() {
			assertFailure("zmq.integration.outbound.out.topic: a topic applies to PUB sockets only, not PUSH; remove "
					+ "it or set type to PUB", "zmq.integration.outbound.out.type=PUSH",
					"zmq.integration.outbound.out.connect=tcp://127.0.0.1:5000", "zmq.integration.outbound.out.topic=t",
					"zmq.integration.outbound.out.channel=c");
		}

		@Test
		void invalidEndpointNamesTheProperty() {
			assertFailure("zmq.integration.inbound.in.bind: 'tcp:/oops' is not a valid endpoint "
					+ "(expected tcp://host:port, ipc://path or inproc://name; a bind may use * as host or port)",
					"zmq.integration.inbound.in.type=PULL", "zmq.integration.inbound.in.bind=tcp:/oops",
					"zmq.integration.inbound.in.channel=c");
		}

		@Test
		void socketOptionsUseTheNamedSocketPropertyNames() {
			assertFailure("zmq.integration.inbound.in.send-hwm: '-1' must be 0 (unlimited) or positive",
					"zmq.integration.inbound.in.type=PULL", "zmq.integration.inbound.in.bind=tcp://127.0.0.1:*",
					"zmq.integration.inbound.in.send-hwm=-1", "zmq.integration.inbound.in.channel=c");
		}

		@Test
		void limitsUseTheNamedSocketPropertyNames() {
			assertFailure("zmq.integration.inbound.in.max-frames: '0' must be positive",
					"zmq.integration.inbound.in.type=PULL", "zmq.integration.inbound.in.bind=tcp://127.0.0.1:*",
					"zmq.integration.inbound.in.max-frames=0", "zmq.integration.inbound.in.channel=c");
			assertFailure("zmq.integration.inbound.in.max-multipart-size: '1024' must be at least maxMessageSize (4194304)",
					"zmq.integration.inbound.in.type=PULL", "zmq.integration.inbound.in.bind=tcp://127.0.0.1:*",
					"zmq.integration.inbound.in.max-multipart-size=1KB", "zmq.integration.inbound.in.channel=c");
			assertFailure("zmq.integration.outbound-gateways.ask.req-pool-size: '0' must be positive",
					"zmq.integration.outbound-gateways.ask.type=REQ",
					"zmq.integration.outbound-gateways.ask.connect=tcp://localhost:5557",
					"zmq.integration.outbound-gateways.ask.req-pool-size=0",
					"zmq.integration.outbound-gateways.ask.channel=c");
		}

		@Test
		void duplicateNames() {
			assertFailure("zmq.integration.outbound.twin: the name 'twin' is already used by "
					+ "zmq.integration.inbound.twin; each entry becomes a bean named after it, so names must be unique",
					"zmq.integration.inbound.twin.type=PULL", "zmq.integration.inbound.twin.bind=tcp://127.0.0.1:*",
					"zmq.integration.inbound.twin.channel=c", "zmq.integration.outbound.twin.type=PUSH",
					"zmq.integration.outbound.twin.connect=tcp://127.0.0.1:5000", "zmq.integration.outbound.twin.channel=d");
		}

		@Test
		void unknownSocketTypeNamesTheProperty() {
			ZmqIntegrationAutoConfigurationTests.this.runner.withPropertyValues("zmq.integration.inbound.in.type=PUL")
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(IllegalArgumentException.class);
					assertThat(context.getStartupFailure()).isInstanceOf(BindException.class)
						.hasMessageContaining("zmq.integration.inbound.in.type");
				});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class IntegrationConfig {

		@Bean(destroyMethod = "close")
		ZmqEngine zmqEngine() {
			return ZmqEngine.builder().name("si-context").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class EnableIntegrationOnly {

	}

	@Configuration(proxyBeanMethods = false)
	static class UpperFlow {

		@Bean
		IntegrationFlow upperFlow() {
			return IntegrationFlow.from("upper-requests").<String, String>transform((payload) -> {
				if (payload.equals("fail")) {
					throw new IllegalArgumentException("no 'fail' here");
				}
				return payload.toUpperCase();
			}).get();
		}

	}

}
