package io.github.zmqspring.boot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.ZmqSocketSpecFactory;
import io.github.zmqspring.support.ZmqSockets;

import static org.assertj.core.api.Assertions.assertThat;

class ZmqPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Nested
	class Mapping {

		@Test
		void namedSocketTakesDefaultsAndItsOwnOverrides() {
			contextRunner.withPropertyValues("zmq.defaults.linger=3s", "zmq.defaults.send-hwm=50",
					"zmq.defaults.max-message-size=64KB", "zmq.defaults.heartbeat-interval=2s",
					"zmq.sockets.feed.type=sub", "zmq.sockets.feed.connect=tcp://localhost:5556,tcp://localhost:5557",
					"zmq.sockets.feed.topics=10001,10002", "zmq.sockets.feed.send-hwm=7",
					"zmq.sockets.feed.receive-hwm=9", "zmq.sockets.feed.routing-id=me",
					"zmq.sockets.feed.tcp-keep-alive=true", "zmq.sockets.feed.immediate=true",
					"zmq.sockets.feed.send-timeout=250ms", "zmq.sockets.feed.send-queue-capacity=16",
					"zmq.sockets.feed.reconnect-interval=200ms", "zmq.sockets.feed.reconnect-interval-max=2s",
					"zmq.sockets.feed.heartbeat-timeout=3s", "zmq.sockets.feed.heartbeat-ttl=10s",
					"zmq.sockets.feed.handshake-interval=1s")
				.run((context) -> {
					ZmqSocketSpec spec = context.getBean(ZmqSockets.class).spec("feed");
					assertThat(spec.type()).isEqualTo(SocketType.SUB);
					assertThat(spec.connects()).containsExactly("tcp://localhost:5556", "tcp://localhost:5557");
					assertThat(spec.subscriptions()).map((s) -> new String(s, StandardCharsets.UTF_8))
						.containsExactly("10001", "10002");
					assertThat(spec.linger()).isEqualTo(Duration.ofSeconds(3));
					assertThat(spec.maxMessageSize()).isEqualTo(64 * 1024);
					assertThat(spec.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
					assertThat(spec.sendHighWaterMark()).isEqualTo(7);
					assertThat(spec.receiveHighWaterMark()).isEqualTo(9);
					assertThat(spec.routingId()).isEqualTo("me".getBytes(StandardCharsets.UTF_8));
					assertThat(spec.tcpKeepAlive()).isTrue();
					assertThat(spec.immediate()).isTrue();
					assertThat(spec.sendTimeout()).isEqualTo(Duration.ofMillis(250));
					assertThat(spec.sendQueueCapacity()).isEqualTo(16);
					assertThat(spec.reconnectInterval()).isEqualTo(Duration.ofMillis(200));
					assertThat(spec.reconnectIntervalMax()).isEqualTo(Duration.ofSeconds(2));
					assertThat(spec.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(3));
					assertThat(spec.heartbeatTtl()).isEqualTo(Duration.ofSeconds(10));
					assertThat(spec.handshakeInterval()).isEqualTo(Duration.ofSeconds(1));
				});
		}

		@Test
		void specFactoryAppliesDefaultsToSocketsOutsideProperties() {
			contextRunner.withPropertyValues("zmq.defaults.receive-hwm=123").run((context) -> {
				ZmqSocketSpec spec = context.getBean(ZmqSocketSpecFactory.class)
					.create("listener-1", SocketType.PULL, (builder) -> builder.bind("inproc://jobs"));
				assertThat(spec.receiveHighWaterMark()).isEqualTo(123);
				assertThat(spec.binds()).containsExactly("inproc://jobs");
			});
		}

		@Test
		void defaultsMatchTheEngineDefaults() {
			ZmqProperties.Defaults defaults = new ZmqProperties().getDefaults();
			ZmqSocketSpec engine = ZmqSocketSpec.builder("x", SocketType.PUSH).build();
			assertThat(defaults.getSendHwm()).isEqualTo(engine.sendHighWaterMark());
			assertThat(defaults.getReceiveHwm()).isEqualTo(engine.receiveHighWaterMark());
			assertThat(defaults.getLinger()).isEqualTo(engine.linger());
			assertThat(defaults.getReconnectInterval()).isEqualTo(engine.reconnectInterval());
			assertThat(defaults.getHandshakeInterval()).isEqualTo(engine.handshakeInterval());
			assertThat(defaults.getMaxMessageSize().toBytes()).isEqualTo(engine.maxMessageSize());
			assertThat(defaults.getSendTimeout()).isEqualTo(engine.sendTimeout());
			assertThat(defaults.getSendQueueCapacity()).isEqualTo(engine.sendQueueCapacity());
		}

	}

	@Nested
	class StartupFailures {

		@Test
		void invalidBindEndpointNamesPropertyAndValue() {
			assertFailure("zmq.sockets.weather.bind: 'tcp:/*:5556' is not a valid endpoint (expected tcp://host:port",
					"zmq.sockets.weather.type=PUB", "zmq.sockets.weather.bind=tcp:/*:5556");
		}

		@Test
		void invalidConnectEndpointNamesPropertyAndValue() {
			assertFailure("zmq.sockets.tasks.connect: 'tcp://localhost:99999' is not a valid endpoint",
					"zmq.sockets.tasks.type=PUSH", "zmq.sockets.tasks.connect=tcp://localhost:99999");
		}

		@Test
		void invalidSocketOptionNamesTheSocketsProperty() {
			assertFailure("zmq.sockets.tasks.send-hwm: '-5' must be 0 (unlimited) or positive",
					"zmq.sockets.tasks.type=PUSH", "zmq.sockets.tasks.connect=tcp://localhost:5557",
					"zmq.sockets.tasks.send-hwm=-5");
		}

		@Test
		void invalidDefaultNamesTheDefaultsPropertyEvenWithoutSockets() {
			assertFailure("zmq.defaults.linger: 'PT-1S' must not be negative", "zmq.defaults.linger=-1s");
		}

		@Test
		void invalidDefaultInheritedByASocketNamesTheDefaultsProperty() {
			assertFailure("zmq.defaults.max-message-size: '0' must be positive", "zmq.defaults.max-message-size=0B",
					"zmq.sockets.tasks.type=PUSH", "zmq.sockets.tasks.connect=tcp://localhost:5557");
		}

		@Test
		void topicsOnANonSubscriberNamesTheProperty() {
			assertFailure("zmq.sockets.tasks.topics: '1 topic(s)' apply to SUB and XSUB sockets only, not PUSH",
					"zmq.sockets.tasks.type=PUSH", "zmq.sockets.tasks.connect=tcp://localhost:5557",
					"zmq.sockets.tasks.topics=a");
		}

		@Test
		void missingTypeIsReported() {
			assertFailure("zmq.sockets.tasks.type: is missing: set it to one of [REQ, REP, PUB",
					"zmq.sockets.tasks.connect=tcp://localhost:5557");
		}

		@Test
		void unknownTypeIsReportedByTheBinderWithPropertyAndValue() {
			contextRunner.withPropertyValues("zmq.sockets.tasks.type=PUSHY", "zmq.sockets.tasks.connect=tcp://localhost:5557")
				.run((context) -> {
					assertThat(context).hasFailed();
					StringBuilder messages = new StringBuilder();
					for (Throwable ex = context.getStartupFailure(); ex != null; ex = ex.getCause()) {
						messages.append(ex.getMessage()).append('\n');
					}
					assertThat(messages).contains("Failed to bind properties under 'zmq.sockets.tasks.type'")
						.contains("PUSHY");
				});
		}

		@Test
		void socketWithoutEndpointIsReported() {
			assertFailure("zmq.sockets.tasks: the PUSH socket has no endpoint: set zmq.sockets.tasks.bind",
					"zmq.sockets.tasks.type=PUSH");
		}

		@Test
		void invalidEngineSettingNamesTheProperty() {
			assertFailure("zmq.engine.io-threads: '0' is invalid", "zmq.engine.io-threads=0");
		}

		private void assertFailure(String message, String... properties) {
			contextRunner.withPropertyValues(properties).run((context) -> {
				assertThat(context).hasFailed();
				Throwable current = context.getStartupFailure();
				while (current != null && !(current instanceof InvalidZmqPropertyException)) {
					current = current.getCause();
				}
				assertThat(current).as("InvalidZmqPropertyException in %s", context.getStartupFailure())
					.isNotNull()
					.hasMessageStartingWith(message);
			});
		}

	}

}
