package io.github.zmqspring.boot.autoconfigure;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code reason} tag of {@code zmq.socket.events}, over a real CURVE connection refused by the authenticator that
 * the properties configure: one refused client is one {@code event=auth_failed,reason=client_key_refused}, and the
 * peer's address is in the event only, never in a tag.
 */
class ZmqSocketEventReasonMetricsTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ZmqKeyPair serverKeys = ZmqSecurity.generateKeyPair();

	private final ZmqKeyPair clientKeys = ZmqSecurity.generateKeyPair();

	private final ZmqKeyPair strangerKeys = ZmqSecurity.generateKeyPair();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("zmq.security.authenticator.allow-curve-keys=" + this.clientKeys.publicKey());

	@Test
	void oneRefusedCurveClientIsOneAuthFailedEventTaggedClientKeyRefused() {
		this.contextRunner.run((context) -> {
			ZmqEngine engine = context.getBean(ZmqEngine.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			try (ZmqSocket server = engine.open(ZmqSocketSpec.builder("secure-in", SocketType.PULL)
				.bind("tcp://127.0.0.1:*")
				.security(ZmqSecurity.curveServer(this.serverKeys))
				.build(), (message) -> {
				})) {
				Queue<SocketEvent> clientEvents = new ConcurrentLinkedQueue<>();
				try (ZmqEngine outsider = ZmqEngine.builder().name("outsider").eventListener(clientEvents::add).build()) {
					outsider.open(ZmqSocketSpec.builder("intruder", SocketType.PUSH)
						.connect("tcp://127.0.0.1:" + server.boundPort())
						.security(ZmqSecurity.curveClient(this.strangerKeys, this.serverKeys.publicKey()))
						.linger(Duration.ZERO)
						.build());
					await().atMost(WAIT).untilAsserted(() -> assertThat(authFailed(registry)).isNotNull()
						.satisfies((counter) -> assertThat(counter.count()).isEqualTo(1)));
					// The refused client is told (ERROR 400) and does not reconnect: its refusal is the only one.
					await().atMost(WAIT).until(() -> clientEvents.stream()
						.anyMatch((event) -> event.type() == SocketEventType.AUTH_FAILED));
				}
				assertThat(authFailed(registry).count()).isEqualTo(1);
				assertThat(registry.find("zmq.socket.events")
					.tags("socket", "secure-in", "event", "auth_failed")
					.counters()).hasSize(1);
				assertThat(registry.get("zmq.auth.failures").tags("socket", "secure-in").functionCounter().count())
					.isEqualTo(1);
				for (Meter meter : registry.find("zmq.socket.events").meters()) {
					assertThat(meter.getId().getTags()).extracting(Tag::getValue)
						.noneMatch((value) -> value.contains("127.0.0.1"));
				}
			}
		});
	}

	private static Counter authFailed(MeterRegistry registry) {
		return registry.find("zmq.socket.events")
			.tags("socket", "secure-in", "type", "PULL", "event", "auth_failed", "reason", "client_key_refused")
			.counter();
	}

}
