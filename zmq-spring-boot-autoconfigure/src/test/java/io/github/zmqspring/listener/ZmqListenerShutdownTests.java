package io.github.zmqspring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.boot.autoconfigure.ZmqAutoConfiguration;
import io.github.zmqspring.boot.autoconfigure.ZmqListenerAutoConfiguration;
import io.github.zmqspring.config.ZmqListenerEndpointRegistry;
import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqException;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A REP/ROUTER {@code @ZmqListener} whose handler takes 20 ms, several REQ clients sending continuously, and the
 * application context closed in the middle: every request the server received is answered at its client.
 */
@ExtendWith(OutputCaptureExtension.class)
class ZmqListenerShutdownTests {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	/** Long enough for a request that waits out the server's close (its linger), short enough to end the test. */
	private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(3);

	private static final int CLIENTS = 6;

	@Test
	void repListenerAnswersEveryRequestItReceivedWhileTheContextCloses(CapturedOutput output) throws Exception {
		closeUnderLoad("slow-rep", output);
	}

	@Test
	void routerListenerWithWorkersAnswersEveryRequestItReceivedWhileTheContextCloses(CapturedOutput output)
			throws Exception {
		closeUnderLoad("slow-router", output);
	}

	private void closeUnderLoad(String listenerId, CapturedOutput output) throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Config.class)
			.web(WebApplicationType.NONE)
			.run("--spring.main.banner-mode=off");
		SlowServers servers = context.getBean(SlowServers.class);
		ZmqListenerContainer container = context.getBean(ZmqListenerEndpointRegistry.class)
			.getListenerContainer(listenerId);
		assertThat(container).isNotNull();
		ManagedSocket server = container.getSocket();
		assertThat(server).isNotNull();
		Set<String> received = servers.received(listenerId);
		Set<String> answered = ConcurrentHashMap.newKeySet();
		List<String> wrongReplies = java.util.Collections.synchronizedList(new ArrayList<>());
		AtomicBoolean stop = new AtomicBoolean();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try (ZmqEngine clientEngine = ZmqEngine.builder().name("shutdown-clients").build()) {
			List<Future<?>> running = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				String client = "client-" + c;
				ZmqRequester requester = clientEngine.requester(ZmqSocketSpec.builder(client, SocketType.REQ)
					.connect("tcp://127.0.0.1:" + server.boundPort())
					.build());
				running.add(clients.submit(() -> {
					for (int i = 0; !stop.get(); i++) {
						String body = client + "-" + i;
						try {
							String reply = requester.request(ZmqMessage.of(body), REPLY_TIMEOUT).frameAsString(0);
							if (reply.equals("re:" + body)) {
								answered.add(body);
							}
							else {
								wrongReplies.add(body + " -> " + reply);
							}
						}
						catch (ZmqException ex) {
							// Not answered: the server is gone (whether it had received this request is checked below).
						}
					}
				}));
			}
			await().atMost(DEADLINE).until(() -> received.size() >= 60);
			context.close();
			stop.set(true);
			for (Future<?> client : running) {
				client.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(received).hasSizeGreaterThan(60);
		assertThat(server.stats().messagesReceived()).as("requests the server read from its socket")
			.isEqualTo(received.size());
		assertThat(answered).as("requests answered at the clients").containsAll(received);
		assertThat(wrongReplies).isEmpty();
		assertThat(output).doesNotContain("could not send the reply").doesNotContain("abandoned");
	}

	static class SlowServers {

		private final Map<String, Set<String>> received = new ConcurrentHashMap<>();

		Set<String> received(String listenerId) {
			return this.received.computeIfAbsent(listenerId, (id) -> ConcurrentHashMap.newKeySet());
		}

		@ZmqListener(id = "slow-rep", type = SocketType.REP, bind = "tcp://127.0.0.1:*")
		String rep(String request) throws InterruptedException {
			return slowly("slow-rep", request);
		}

		@ZmqListener(id = "slow-router", type = SocketType.ROUTER, bind = "tcp://127.0.0.1:*", concurrency = "4")
		String router(String request) throws InterruptedException {
			return slowly("slow-router", request);
		}

		private String slowly(String listenerId, String request) throws InterruptedException {
			received(listenerId).add(request);
			// The handler's work, not synchronisation: 20 ms per request.
			Thread.sleep(20);
			return "re:" + request;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class })
	static class Config {

		@Bean
		SlowServers slowServers() {
			return new SlowServers();
		}

	}

}
