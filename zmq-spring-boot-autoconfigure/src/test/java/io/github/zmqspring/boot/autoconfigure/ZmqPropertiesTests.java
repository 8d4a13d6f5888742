package io.github.zmqspring.boot.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.zmqspring.core.AbstractZmqSocketSpecBuilder;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
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
					"zmq.sockets.feed.send-timeout=250ms",
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

	}

	/**
	 * Walks every option of {@link ZmqSocketSpec}: its getters, which the builder's methods set (a getter per builder
	 * method is checked too), so that an option added to the engine without a property, or a Spring default that
	 * differs from the engine's, fails here.
	 */
	@Nested
	class EveryOption {

		/** Every option, each with a value that differs from the engine's default. */
		private static final String[] OPTIONS = { "send-hwm=11", "receive-hwm=12", "linger=3s", "send-timeout=4s",
				"reconnect-interval=200ms", "reconnect-interval-max=2s", "heartbeat-interval=5s", "heartbeat-timeout=6s",
				"heartbeat-ttl=7s", "handshake-interval=8s", "max-message-size=1MB", "max-frames=9",
				"max-multipart-size=2MB", "max-subscriptions=13", "max-subscription-bytes=14KB",
				"max-pending-handshakes=15", "req-pool-size=2", "immediate=true", "tcp-keep-alive=false",
				"router-handover=true", "router-mandatory=true", "xpub-verbose=true", "xpub-no-drop=true",
				"security.plain.username=u", "security.plain.password=p", "request-retry.max-attempts=3" };

		/** What a socket has beside its options. */
		private static final Set<String> ENDPOINTS = Set.of("binds", "connects", "subscriptions", "routingId");

		@Test
		void everyBuilderMethodSetsAnOptionThatTheSpecExposes() {
			Set<String> getters = optionGetters().stream().map(Method::getName).collect(Collectors.toSet());
			List<String> setters = Arrays.stream(AbstractZmqSocketSpecBuilder.class.getDeclaredMethods())
				.filter((method) -> Modifier.isPublic(method.getModifiers()) && !method.getName().equals("build"))
				.map((method) -> switch (method.getName()) {
					case "bind" -> "binds";
					case "connect" -> "connects";
					case "subscribe" -> "subscriptions";
					default -> method.getName();
				})
				.toList();
			assertThat(setters).hasSizeGreaterThan(25);
			assertThat(getters).containsAll(setters);
		}

		@Test
		void withNothingConfiguredEverySpringDefaultIsTheEngineDefault() {
			contextRunner.withPropertyValues("zmq.sockets.all.type=SUB", "zmq.sockets.all.connect=tcp://127.0.0.1:5999")
				.run((context) -> {
					ZmqSocketSpec engine = ZmqSocketSpec.builder("all", SocketType.SUB).build();
					ZmqSocketSpec fromFactory = context.getBean(ZmqSocketSpecFactory.class)
						.create("all", SocketType.SUB, (builder) -> {
						});
					ZmqSocketSpec named = context.getBean(ZmqSockets.class).spec("all");
					for (Method getter : optionGetters()) {
						assertThat(getter.invoke(fromFactory)).as(getter.getName()).isEqualTo(getter.invoke(engine));
						if (!getter.getName().equals("connects")) {
							assertThat(getter.invoke(named)).as(getter.getName()).isEqualTo(getter.invoke(engine));
						}
					}
				});
		}

		@Test
		void everyOptionIsBoundUnderZmqSocketsAndReachesTheSpec() {
			String prefix = "zmq.sockets.all.";
			contextRunner.withPropertyValues(prefixed(prefix, OPTIONS))
				.withPropertyValues(prefix + "type=SUB", prefix + "bind=tcp://127.0.0.1:*",
						prefix + "connect=tcp://127.0.0.1:5999", prefix + "topics=a",
						"zmq.sockets.named.type=DEALER", "zmq.sockets.named.connect=tcp://127.0.0.1:5999",
						"zmq.sockets.named.routing-id=me")
				.run((context) -> {
					ZmqSocketSpec engine = ZmqSocketSpec.builder("all", SocketType.SUB).build();
					ZmqSocketSpec spec = context.getBean(ZmqSockets.class).spec("all");
					for (Method getter : optionGetters()) {
						if (!getter.getName().equals("routingId")) {
							assertThat(getter.invoke(spec)).as(getter.getName()).isNotEqualTo(getter.invoke(engine));
						}
					}
					assertThat(context.getBean(ZmqSockets.class).spec("named").routingId())
						.isEqualTo("me".getBytes(StandardCharsets.UTF_8));
				});
		}

		@Test
		void everyOptionIsBoundUnderZmqDefaultsAndReachesEverySocket() {
			contextRunner.withPropertyValues(prefixed("zmq.defaults.", OPTIONS))
				.withPropertyValues("zmq.sockets.all.type=SUB", "zmq.sockets.all.connect=tcp://127.0.0.1:5999")
				.run((context) -> {
					ZmqSocketSpec engine = ZmqSocketSpec.builder("all", SocketType.SUB).build();
					ZmqSocketSpec named = context.getBean(ZmqSockets.class).spec("all");
					ZmqSocketSpec fromFactory = context.getBean(ZmqSocketSpecFactory.class)
						.create("all", SocketType.SUB, (builder) -> {
						});
					for (Method getter : optionGetters()) {
						if (!ENDPOINTS.contains(getter.getName())) {
							assertThat(getter.invoke(named)).as(getter.getName()).isNotEqualTo(getter.invoke(engine));
							assertThat(getter.invoke(fromFactory)).as(getter.getName())
								.usingRecursiveComparison()
								.isEqualTo(getter.invoke(named));
						}
					}
				});
		}

		private static List<Method> optionGetters() {
			return Arrays.stream(ZmqSocketSpec.class.getDeclaredMethods())
				.filter((method) -> Modifier.isPublic(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())
						&& method.getParameterCount() == 0)
				.filter((method) -> !Set.of("name", "type", "toString", "toBuilder").contains(method.getName()))
				.toList();
		}

		private static String[] prefixed(String prefix, String... properties) {
			return Arrays.stream(properties).map((property) -> prefix + property).toArray(String[]::new);
		}

	}

	@Nested
	class Limits {

		private static final String[] PRICES = { "zmq.sockets.prices.type=PUB", "zmq.sockets.prices.bind=tcp://127.0.0.1:*" };

		private static final String[] BACKEND = { "zmq.sockets.backend.type=REQ",
				"zmq.sockets.backend.connect=tcp://localhost:5557" };

		@Test
		void unsetLimitsAreTheEngineDefaults() {
			contextRunner.withPropertyValues(concat(PRICES, BACKEND)).run((context) -> {
				ZmqSockets sockets = context.getBean(ZmqSockets.class);
				ZmqSocketSpec engine = ZmqSocketSpec.builder("x", SocketType.REQ).build();
				for (String name : new String[] { "prices", "backend" }) {
					ZmqSocketSpec spec = sockets.spec(name);
					assertThat(spec.maxFrames()).isEqualTo(engine.maxFrames()).isEqualTo(4096);
					assertThat(spec.maxMultipartSize()).isEqualTo(engine.maxMultipartSize()).isEqualTo(16L * 1024 * 1024);
					assertThat(spec.maxSubscriptions()).isEqualTo(engine.maxSubscriptions()).isEqualTo(10_000);
					assertThat(spec.maxSubscriptionBytes()).isEqualTo(engine.maxSubscriptionBytes()).isEqualTo(1024 * 1024);
					assertThat(spec.maxPendingHandshakes()).isEqualTo(engine.maxPendingHandshakes()).isEqualTo(1000);
					assertThat(spec.reqPoolSize()).isEqualTo(engine.reqPoolSize()).isEqualTo(4);
				}
			});
		}

		@Test
		void defaultsReachNamedSocketsAndFactorySockets() {
			contextRunner.withPropertyValues(concat(PRICES, BACKEND, "zmq.defaults.max-message-size=64KB",
					"zmq.defaults.max-frames=16", "zmq.defaults.max-multipart-size=128KB",
					"zmq.defaults.max-subscriptions=20", "zmq.defaults.max-subscription-bytes=2KB",
					"zmq.defaults.max-pending-handshakes=30", "zmq.defaults.req-pool-size=2"))
				.run((context) -> {
					ZmqSockets sockets = context.getBean(ZmqSockets.class);
					ZmqSocketSpec listener = context.getBean(ZmqSocketSpecFactory.class)
						.create("listener-1", SocketType.PULL, (builder) -> builder.bind("inproc://jobs"));
					for (ZmqSocketSpec spec : List.of(sockets.spec("prices"), sockets.spec("backend"), listener)) {
						assertThat(spec.maxFrames()).isEqualTo(16);
						assertThat(spec.maxMultipartSize()).isEqualTo(128 * 1024);
						assertThat(spec.maxSubscriptions()).isEqualTo(20);
						assertThat(spec.maxSubscriptionBytes()).isEqualTo(2 * 1024);
						assertThat(spec.maxPendingHandshakes()).isEqualTo(30);
						assertThat(spec.reqPoolSize()).isEqualTo(2);
					}
				});
		}

		@Test
		void namedSocketOverridesTheDefaults() {
			contextRunner.withPropertyValues(concat(PRICES, BACKEND, "zmq.defaults.max-frames=16",
					"zmq.defaults.max-multipart-size=32MB", "zmq.defaults.max-subscriptions=20",
					"zmq.defaults.max-subscription-bytes=2KB", "zmq.defaults.max-pending-handshakes=30",
					"zmq.defaults.req-pool-size=2", "zmq.sockets.prices.max-frames=3",
					"zmq.sockets.prices.max-multipart-size=5MB", "zmq.sockets.prices.max-subscriptions=7",
					"zmq.sockets.prices.max-subscription-bytes=9KB", "zmq.sockets.prices.max-pending-handshakes=11",
					"zmq.sockets.backend.req-pool-size=13"))
				.run((context) -> {
					ZmqSockets sockets = context.getBean(ZmqSockets.class);
					ZmqSocketSpec prices = sockets.spec("prices");
					assertThat(prices.maxFrames()).isEqualTo(3);
					assertThat(prices.maxMultipartSize()).isEqualTo(5L * 1024 * 1024);
					assertThat(prices.maxSubscriptions()).isEqualTo(7);
					assertThat(prices.maxSubscriptionBytes()).isEqualTo(9 * 1024);
					assertThat(prices.maxPendingHandshakes()).isEqualTo(11);
					assertThat(prices.reqPoolSize()).isEqualTo(2);
					ZmqSocketSpec backend = sockets.spec("backend");
					assertThat(backend.reqPoolSize()).isEqualTo(13);
					assertThat(backend.maxFrames()).isEqualTo(16);
					assertThat(backend.maxMultipartSize()).isEqualTo(32L * 1024 * 1024);
				});
		}

		@Test
		void unsetMaxMultipartSizeIsFourTimesEachSocketsMaxMessageSize() {
			contextRunner.withPropertyValues(concat(PRICES, BACKEND, "zmq.defaults.max-message-size=2MB",
					"zmq.sockets.backend.max-message-size=1MB"))
				.run((context) -> {
					ZmqSockets sockets = context.getBean(ZmqSockets.class);
					assertThat(sockets.spec("prices").maxMultipartSize()).isEqualTo(8L * 1024 * 1024);
					assertThat(sockets.spec("backend").maxMultipartSize()).isEqualTo(4L * 1024 * 1024);
				});
		}

		@Test
		void emptyMaxMultipartSizeAsInTheReadmeLeavesItUnset() {
			contextRunner.withPropertyValues(concat(PRICES, "zmq.defaults.max-multipart-size="))
				.run((context) -> assertThat(context.getBean(ZmqSockets.class).spec("prices").maxMultipartSize())
					.isEqualTo(4 * ZmqSocketSpec.DEFAULT_MAX_MESSAGE_SIZE));
		}

		@Test
		void reqPoolSizeIsOneWithARoutingId() {
			contextRunner.withPropertyValues(concat(BACKEND, "zmq.sockets.backend.req-pool-size=3",
					"zmq.sockets.backend.routing-id=backend-1"))
				.run((context) -> assertThat(context.getBean(ZmqSockets.class).spec("backend").reqPoolSize()).isEqualTo(1));
		}

		@ParameterizedTest(name = "zmq.defaults.{0}={1}")
		@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
				max-frames             | 0   | '0' must be positive
				max-frames             | -1  | '-1' must be positive
				max-multipart-size     | 1MB | '1048576' must be at least maxMessageSize (4194304)
				max-subscriptions      | 0   | '0' must be positive
				max-subscription-bytes | 0B  | '0' must be positive
				max-pending-handshakes | 0   | '0' must be positive
				req-pool-size          | 0   | '0' must be positive
				""")
		void invalidDefaultNamesTheDefaultsPropertyAndValue(String property, String value, String problem) {
			assertFailure("zmq.defaults." + property + ": " + problem, "zmq.defaults." + property + "=" + value);
		}

		@ParameterizedTest(name = "zmq.sockets.prices.{0}={1}")
		@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
				max-frames             | -3  | '-3' must be positive
				max-multipart-size     | 1KB | '1024' must be at least maxMessageSize (4194304)
				max-subscriptions      | -1  | '-1' must be positive
				max-subscription-bytes | 0KB | '0' must be positive
				max-pending-handshakes | 0   | '0' must be positive
				req-pool-size          | -2  | '-2' must be positive
				""")
		void invalidSocketLimitNamesTheSocketsPropertyAndValue(String property, String value, String problem) {
			assertFailure("zmq.sockets.prices." + property + ": " + problem,
					concat(PRICES, "zmq.sockets.prices." + property + "=" + value));
		}

		@Test
		void maxMessageSizeRaisedAboveTheDefaultMaxMultipartSizeNamesTheSocket() {
			assertFailure("zmq.sockets.prices.max-multipart-size: '8388608' must be at least maxMessageSize (16777216)",
					concat(PRICES, "zmq.defaults.max-multipart-size=8MB", "zmq.sockets.prices.max-message-size=16MB"));
		}

		@Test
		void nonNumericLimitIsReportedByTheBinderWithPropertyAndValue() {
			contextRunner.withPropertyValues("zmq.defaults.max-frames=many").run((context) -> {
				assertThat(context).hasFailed();
				StringBuilder messages = new StringBuilder();
				for (Throwable ex = context.getStartupFailure(); ex != null; ex = ex.getCause()) {
					messages.append(ex.getMessage()).append('\n');
				}
				assertThat(messages).contains("Failed to bind properties under 'zmq.defaults.max-frames'").contains("many");
			});
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
		void socketWithOnlyOptionsIsReportedAsMissingItsType() {
			assertFailure("zmq.sockets.tasks.type: is missing", "zmq.sockets.tasks.send-hwm=5");
		}

		@Test
		void ruleBrokenBetweenADefaultAndASocketOptionNamesTheSocketAndTheRulesProperty() {
			assertFailure("zmq.sockets.tasks.reconnect-interval-max: 'PT5S' must be zero (no back-off) or at least "
					+ "reconnectInterval (PT10S)", "zmq.defaults.reconnect-interval-max=5s", "zmq.sockets.tasks.type=PUSH",
					"zmq.sockets.tasks.connect=tcp://localhost:5557", "zmq.sockets.tasks.reconnect-interval=10s");
		}

		@Test
		void invalidValueFromACustomizerNamesTheSocketAndTheCustomizer() {
			contextRunner.withPropertyValues("zmq.sockets.tasks.type=PUSH", "zmq.sockets.tasks.connect=tcp://localhost:5557")
				.withBean(ZmqSocketSpecCustomizer.class,
						() -> (name, type, builder) -> builder.sendHighWaterMark(name.equals("tasks") ? -1 : 1))
				.run((context) -> assertThat(context).getFailure()
					.hasMessageContaining("zmq.sockets.tasks: a ZmqSocketSpecCustomizer made the spec invalid: '-1' "
							+ "must be 0 (unlimited) or positive"));
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

	private static String[] concat(String[] first, String... more) {
		return Stream.concat(Arrays.stream(first), Arrays.stream(more)).toArray(String[]::new);
	}

	private static String[] concat(String[] first, String[] second, String... more) {
		return concat(concat(first, second), more);
	}

}
