package io.github.zmqspring.boot.actuate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.boot.actuate.ZmqEndpoint.ListenerDescriptor;
import io.github.zmqspring.boot.actuate.ZmqEndpoint.SocketDescriptor;
import io.github.zmqspring.boot.autoconfigure.ZmqAutoConfiguration;
import io.github.zmqspring.boot.autoconfigure.ZmqEndpointAutoConfiguration;
import io.github.zmqspring.boot.autoconfigure.ZmqListenerAutoConfiguration;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.support.ZmqSockets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code zmq} endpoint's answers for what the web test does not reach: sockets not open yet or failed, and a
 * listener whose start fails.
 */
class ZmqEndpointTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class,
				ZmqEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=zmq");

	@Test
	void aDeclaredSocketNotOpenShowsItsConfiguredEndpointsAndARequesterItsRequestsInFlight() {
		contextRunner
			.withPropertyValues("zmq.sockets.echo.type=DEALER", "zmq.sockets.echo.connect=tcp://127.0.0.1:5999",
					"zmq.sockets.ask.type=DEALER", "zmq.sockets.ask.connect=tcp://127.0.0.1:5998")
			.run((context) -> {
				context.getBean(ZmqSockets.class).requester("ask");
				ZmqEndpoint endpoint = context.getBean(ZmqEndpoint.class);
				SocketDescriptor echo = endpoint.zmq().sockets().get("echo");
				assertThat(echo.state()).isEqualTo("NOT_OPENED");
				assertThat(echo.bound()).isEmpty();
				assertThat(echo.connected()).isEmpty();
				assertThat(echo.connect()).containsExactly("tcp://127.0.0.1:5999");
				assertThat(echo.counters()).isNull();
				SocketDescriptor ask = (SocketDescriptor) endpoint.component("ask");
				assertThat(ask.state()).isEqualTo("RUNNING");
				assertThat(ask.connected()).containsExactly("tcp://127.0.0.1:5998");
				assertThat(ask.connect()).isEmpty();
				assertThat(ask.inFlightRequests()).isZero();
				assertThat(endpoint.component("nope")).isNull();
			});
	}

	@Test
	void aSocketThatCannotBindIsFailedWithItsReasonAndBoundToNothing() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			String endpoint = "tcp://127.0.0.1:" + taken.getLocalPort();
			contextRunner
				.withPropertyValues("zmq.engine.fail-fast=false", "zmq.sockets.feed.type=PUB",
						"zmq.sockets.feed.bind=" + endpoint)
				.run((context) -> {
					SocketDescriptor feed = context.getBean(ZmqEndpoint.class).zmq().sockets().get("feed");
					assertThat(feed.state()).isEqualTo("FAILED");
					assertThat(feed.bound()).isEmpty();
					assertThat(feed.bind()).containsExactly(endpoint);
					assertThat(feed.lastError()).contains("cannot bind " + endpoint);
				});
		}
	}

	@Test
	void aListenerWhoseStartFailsAnswersFailedWithTheReason() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			String endpoint = "tcp://127.0.0.1:" + taken.getLocalPort();
			contextRunner.withUserConfiguration(LateListener.class)
				.withPropertyValues("test.endpoint=" + endpoint)
				.run((context) -> {
					ZmqEndpoint zmq = context.getBean(ZmqEndpoint.class);
					assertThat(((ListenerDescriptor) zmq.component("late")).state()).isEqualTo("CREATED");
					ListenerDescriptor late = zmq.listener("late", "start");
					assertThat(late.state()).isEqualTo("FAILED");
					assertThat(late.bound()).isEqualTo(List.of());
					assertThat(late.autoStartup()).isFalse();
					assertThat(late.lastError()).contains("cannot bind " + endpoint);
				});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class LateListener {

		@Bean
		LateListenerBean lateListenerBean() {
			return new LateListenerBean();
		}

	}

	static class LateListenerBean {

		@ZmqListener(id = "late", type = SocketType.PULL, bind = "${test.endpoint}", autoStartup = "false")
		void late(String message) {
		}

	}

}
