package io.github.zmqspring.integration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;

import io.github.zmqspring.boot.autoconfigure.ZmqIntegrationAutoConfiguration;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRetryPolicy;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An outbound gateway declared in {@code application.yml} with {@code request-retry} sends a request without a reply
 * again, as {@code ZmqTemplate.request} does.
 */
class OutboundGatewayRetryTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqIntegrationAutoConfiguration.class))
		.withUserConfiguration(IntegrationConfig.class);

	private ZmqEngine peers;

	private ZmqSocket server;

	private final List<String> seen = new CopyOnWriteArrayList<>();

	/** A ROUTER that ignores the first request and answers the others, as a REP peer would. */
	@BeforeEach
	void startForgetfulServer() {
		this.peers = ZmqEngine.builder().name("gateway-peers").build();
		AtomicInteger count = new AtomicInteger();
		ZmqSocket[] router = new ZmqSocket[1];
		router[0] = this.peers.open(ZmqSocketSpec.builder("forgetful", SocketType.ROUTER).bind("tcp://127.0.0.1:*").build(),
				(message) -> {
					String body = message.frameAsString(message.size() - 1);
					this.seen.add(body);
					if (count.incrementAndGet() > 1) {
						router[0].send(ZmqMessage.of("it is " + body).withEnvelope(message.envelope()));
					}
				});
		this.server = router[0];
	}

	@AfterEach
	void stopServer() {
		this.peers.close();
	}

	@Test
	void aGatewaysRequestRetrySendsARequestWithoutAReplyAgain() {
		String prefix = "zmq.integration.outbound-gateways.ask.";
		this.runner
			.withPropertyValues(prefix + "type=REQ", prefix + "connect=tcp://127.0.0.1:" + this.server.boundPort(),
					prefix + "channel=ask-requests", prefix + "request-timeout=300ms",
					prefix + "reply-payload-type=java.lang.String", prefix + "request-retry.max-attempts=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("ask", ZmqOutboundGateway.class).getSocketSpec().requestRetry())
					.isEqualTo(ZmqRetryPolicy.attempts(3));
				MessagingTemplate template = new MessagingTemplate();
				template.setReceiveTimeout(Duration.ofSeconds(10).toMillis());
				Message<?> reply = template.sendAndReceive(context.getBean("ask-requests", MessageChannel.class),
						new GenericMessage<>("noon"));
				assertThat(reply).isNotNull();
				assertThat(reply.getPayload()).isEqualTo("it is noon");
				assertThat(this.seen).containsExactly("noon", "noon");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class IntegrationConfig {

		@Bean(destroyMethod = "close")
		ZmqEngine zmqEngine() {
			return ZmqEngine.builder().name("gateway-context").build();
		}

	}

}
