package io.github.zmqspring.support;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.boot.autoconfigure.ZmqAutoConfiguration;
import io.github.zmqspring.boot.autoconfigure.ZmqListenerAutoConfiguration;
import io.github.zmqspring.config.ZmqListenerEndpointRegistry;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Received messages carry the headers the codec built, once, without generated id or timestamp, on every listener
 * socket type: SUB, PULL, PAIR, DEALER, STREAM, and the served REP and ROUTER requests.
 */
@SpringBootTest(classes = ReceivedHeadersTests.Config.class)
class ReceivedHeadersTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Autowired
	ZmqEngine engine;

	@Autowired
	ZmqListenerEndpointRegistry registry;

	@Autowired
	Listeners listeners;

	private String endpoint(String id) {
		return "tcp://127.0.0.1:" + this.registry.getListenerContainer(id).getSocket().boundPort();
	}

	private Map<String, Object> headersOf(String socket) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			Map<String, Object> headers = this.listeners.received.poll(100, TimeUnit.MILLISECONDS);
			if (headers != null && socket.equals(headers.get(ZmqHeaders.SOCKET))) {
				return headers;
			}
		}
		throw new AssertionError("no message on '" + socket + "' within " + WAIT);
	}

	private static void assertNoIdOrTimestamp(Map<String, Object> headers, SocketType type) {
		assertThat(headers).as(type + " headers").containsEntry(ZmqHeaders.SOCKET_TYPE, type)
			.containsKey(ZmqHeaders.FRAMES)
			.doesNotContainKeys(MessageHeaders.ID, MessageHeaders.TIMESTAMP);
	}

	@Test
	void pullPairAndDealerListenersGetHeadersWithoutIdOrTimestamp() throws Exception {
		for (String id : new String[] { "h-pull", "h-pair", "h-dealer" }) {
			SocketType peerType = switch (id) {
				case "h-pull" -> SocketType.PUSH;
				case "h-pair" -> SocketType.PAIR;
				default -> SocketType.DEALER;
			};
			try (ZmqSocket peer = this.engine.open(ZmqSocketSpec.builder(id + "-peer", peerType)
				.connect(endpoint(id))
				.build())) {
				peer.send(ZmqMessage.of("x"));
				assertNoIdOrTimestamp(headersOf(id), this.registry.getListenerContainer(id).getSocketType());
			}
		}
	}

	@Test
	void subListenerGetsHeadersWithoutIdOrTimestamp() throws Exception {
		try (ZmqSocket pub = this.engine.open(ZmqSocketSpec.builder("h-pub", SocketType.PUB)
			.connect(endpoint("h-sub"))
			.build())) {
			// PUB drops messages until the subscription has travelled: publish until one arrives
			await().atMost(WAIT).until(() -> {
				pub.send(ZmqMessage.of("topic", "x"));
				return !this.listeners.received.isEmpty();
			});
			Map<String, Object> headers = headersOf("h-sub");
			assertNoIdOrTimestamp(headers, SocketType.SUB);
			assertThat(headers).containsEntry(ZmqHeaders.TOPIC, "topic");
		}
	}

	@Test
	void streamListenerGetsHeadersWithoutIdOrTimestamp() throws Exception {
		String endpoint = endpoint("h-stream");
		int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
		try (Socket client = new Socket("127.0.0.1", port)) {
			OutputStream out = client.getOutputStream();
			out.write("raw".getBytes(StandardCharsets.UTF_8));
			out.flush();
			Map<String, Object> headers = headersOf("h-stream");
			assertNoIdOrTimestamp(headers, SocketType.STREAM);
			assertThat(headers).containsKey(ZmqHeaders.ROUTING_ID);
		}
	}

	@Test
	void repAndRouterRequestsGetHeadersWithoutIdOrTimestamp() throws Exception {
		for (String id : new String[] { "h-rep", "h-router" }) {
			try (ZmqRequester requester = this.engine.requester(ZmqSocketSpec.builder(id + "-client", SocketType.DEALER)
				.connect(endpoint(id))
				.build())) {
				assertThat(requester.request(ZmqMessage.of("q"), WAIT)).isEqualTo(ZmqMessage.of("ok"));
				Map<String, Object> headers = headersOf(id);
				assertNoIdOrTimestamp(headers, this.registry.getListenerContainer(id).getSocketType());
				assertThat(headers).containsKeys(ZmqHeaders.ROUTING_ID, ZmqHeaders.ENVELOPE);
			}
		}
	}

	static class Listeners {

		final BlockingQueue<Map<String, Object>> received = new LinkedBlockingQueue<>();

		@ZmqListener(id = "h-sub", type = SocketType.SUB, bind = "tcp://127.0.0.1:*", topics = "topic")
		void sub(String payload, @Headers Map<String, Object> headers) {
			this.received.add(headers);
		}

		@ZmqListener(id = "h-pull", type = SocketType.PULL, bind = "tcp://127.0.0.1:*")
		void pull(String payload, @Headers Map<String, Object> headers) {
			this.received.add(headers);
		}

		@ZmqListener(id = "h-pair", type = SocketType.PAIR, bind = "tcp://127.0.0.1:*")
		void pair(String payload, @Headers Map<String, Object> headers) {
			this.received.add(headers);
		}

		@ZmqListener(id = "h-dealer", type = SocketType.DEALER, bind = "tcp://127.0.0.1:*")
		void dealer(String payload, @Headers Map<String, Object> headers) {
			this.received.add(headers);
		}

		@ZmqListener(id = "h-stream", type = SocketType.STREAM, bind = "tcp://127.0.0.1:*")
		void stream(@Payload(required = false) String payload, @Headers Map<String, Object> headers) {
			this.received.add(headers);
		}

		@ZmqListener(id = "h-rep", type = SocketType.REP, bind = "tcp://127.0.0.1:*")
		String rep(String payload, @Headers Map<String, Object> headers) {
			this.received.add(headers);
			return "ok";
		}

		@ZmqListener(id = "h-router", type = SocketType.ROUTER, bind = "tcp://127.0.0.1:*")
		String router(String payload, @Headers Map<String, Object> headers) {
			this.received.add(headers);
			return "ok";
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class })
	static class Config {

		@Bean
		Listeners listeners() {
			return new Listeners();
		}

	}

}
