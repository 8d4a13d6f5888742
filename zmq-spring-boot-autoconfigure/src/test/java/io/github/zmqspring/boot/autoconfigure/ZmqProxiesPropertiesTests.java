package io.github.zmqspring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.ZmqComponentHealth;
import io.github.zmqspring.support.ZmqLifecycle;
import io.github.zmqspring.support.ZmqProxies;
import io.github.zmqspring.support.ZmqProxyLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker declared under {@code zmq.proxies.<name>} serves REQ clients through to REP workers, starts and stops with
 * the context, reports its health, and a wrong side fails start-up naming the property.
 */
class ZmqProxiesPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	private ZmqEngine peers;

	@BeforeEach
	void openPeers() {
		this.peers = ZmqEngine.builder().name("proxy-peers").build();
	}

	@AfterEach
	void closePeers() {
		this.peers.close();
	}

	private static int port(List<String> endpoints) {
		String endpoint = endpoints.get(0);
		return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
	}

	@Test
	void aRouterDealerBrokerFromYmlServesReqClientsThroughToRepWorkers() {
		this.contextRunner
			.withPropertyValues("zmq.proxies.broker.frontend.type=ROUTER",
					"zmq.proxies.broker.frontend.bind=tcp://127.0.0.1:*", "zmq.proxies.broker.backend.type=DEALER",
					"zmq.proxies.broker.backend.bind=tcp://127.0.0.1:*", "zmq.proxies.broker.backend.send-hwm=50")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ZmqProxyLifecycle broker = context.getBean(ZmqProxies.class).getProxy("broker");
				assertThat(broker).isNotNull();
				assertThat(broker.getState()).isEqualTo(ZmqLifecycle.State.STARTED);
				int frontend = port(broker.getFrontendEndpoints());
				int backend = port(broker.getBackendEndpoints());
				List<ZmqServer> workers = new ArrayList<>();
				for (int w = 0; w < 3; w++) {
					String worker = "worker-" + w;
					workers.add(this.peers.server(ZmqSocketSpec.builder(worker, SocketType.REP)
						.connect("tcp://127.0.0.1:" + backend)
						.build(), (request) -> ZmqMessage.of(worker + ": " + request.body().frameAsString(0))));
				}
				List<ZmqRequester> clients = new ArrayList<>();
				List<CompletableFuture<ZmqMessage>> replies = new ArrayList<>();
				for (int c = 0; c < 4; c++) {
					ZmqRequester client = this.peers.requester(ZmqSocketSpec.builder("client-" + c, SocketType.REQ)
						.connect("tcp://127.0.0.1:" + frontend)
						.build());
					clients.add(client);
					for (int r = 0; r < 25; r++) {
						replies.add(client.requestAsync(ZmqMessage.of("c" + c + "-r" + r), Duration.ofSeconds(20)));
					}
				}
				List<String> answeredBy = new ArrayList<>();
				for (int i = 0; i < replies.size(); i++) {
					String reply = replies.get(i).get(30, TimeUnit.SECONDS).frameAsString(0);
					assertThat(reply).endsWith(": c" + (i / 25) + "-r" + (i % 25));
					answeredBy.add(reply.substring(0, reply.indexOf(':')));
				}
				assertThat(answeredBy).hasSize(100).contains("worker-0", "worker-1", "worker-2");
				assertThat(context.getBean(ZmqProxies.class).health())
					.singleElement()
					.satisfies((health) -> {
						assertThat(health.name()).isEqualTo("broker");
						assertThat(health.healthy()).isTrue();
						assertThat(health.details()).containsEntry("state", "STARTED");
					});
				clients.forEach(ZmqRequester::close);
				workers.forEach(ZmqServer::close);
			});
	}

	@Test
	void theProxyStopsWithTheContextAndAutoStartupFalseLeavesItStopped() {
		ZmqProxies[] proxies = new ZmqProxies[1];
		this.contextRunner
			.withPropertyValues("zmq.proxies.feed.frontend.type=XSUB", "zmq.proxies.feed.frontend.bind=tcp://127.0.0.1:*",
					"zmq.proxies.feed.backend.type=XPUB", "zmq.proxies.feed.backend.bind=tcp://127.0.0.1:*",
					"zmq.proxies.idle.frontend.type=PULL", "zmq.proxies.idle.frontend.bind=tcp://127.0.0.1:*",
					"zmq.proxies.idle.backend.type=PUSH", "zmq.proxies.idle.backend.bind=tcp://127.0.0.1:*",
					"zmq.proxies.idle.auto-startup=false")
			.run((context) -> {
				proxies[0] = context.getBean(ZmqProxies.class);
				assertThat(proxies[0].getProxyNames()).containsExactly("feed", "idle");
				assertThat(proxies[0].getProxy("feed").isRunning()).isTrue();
				assertThat(proxies[0].getProxy("idle").isRunning()).isFalse();
				assertThat(proxies[0].getProxy("idle").getState()).isEqualTo(ZmqLifecycle.State.CREATED);
			});
		assertThat(proxies[0].getProxy("feed").getState()).isEqualTo(ZmqLifecycle.State.STOPPED);
	}

	@Test
	void aBackendThatDoesNotGoWithTheFrontendFailsStartUpNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("zmq.proxies.broker.frontend.type=ROUTER",
					"zmq.proxies.broker.frontend.bind=tcp://127.0.0.1:*", "zmq.proxies.broker.backend.type=PUSH",
					"zmq.proxies.broker.backend.bind=tcp://127.0.0.1:*")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("zmq.proxies.broker.backend.type: 'PUSH' does not go with a ROUTER frontend: use DEALER"));
		this.contextRunner
			.withPropertyValues("zmq.proxies.broker.frontend.type=PUB", "zmq.proxies.broker.frontend.bind=tcp://127.0.0.1:*",
					"zmq.proxies.broker.backend.type=SUB", "zmq.proxies.broker.backend.connect=tcp://127.0.0.1:5999")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("zmq.proxies.broker.frontend.type: 'PUB' cannot be a proxy's frontend"));
		this.contextRunner
			.withPropertyValues("zmq.proxies.broker.frontend.type=ROUTER", "zmq.proxies.broker.backend.type=DEALER",
					"zmq.proxies.broker.backend.bind=tcp://127.0.0.1:*")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("zmq.proxies.broker.frontend: the ROUTER socket has no endpoint"));
		this.contextRunner
			.withPropertyValues("zmq.proxies.broker.frontend.type=ROUTER",
					"zmq.proxies.broker.frontend.bind=tcp://127.0.0.1:*", "zmq.proxies.broker.backend.type=DEALER",
					"zmq.proxies.broker.backend.bind=tcp://127.0.0.1:*", "zmq.proxies.broker.backend.send-hwm=-1")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("zmq.proxies.broker.backend.send-hwm: '-1' must be 0 (unlimited) or positive"));
	}

	@Test
	void noProxiesDeclaredMeansNoHealthEntries() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(ZmqProxies.class).getProxyNames()).isEmpty();
			List<ZmqComponentHealth> health = context.getBean(ZmqProxies.class).health();
			assertThat(health).isEmpty();
		});
	}

}
