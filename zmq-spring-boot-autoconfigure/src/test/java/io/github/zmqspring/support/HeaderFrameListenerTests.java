package io.github.zmqspring.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;

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
import io.github.zmqspring.listener.ZmqListenerErrorHandler;
import io.github.zmqspring.listener.ZmqListenerExecutionFailedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listeners on sockets with the header frame on ({@code zmq.defaults.headers.*}, which a listener's own socket takes),
 * fed by raw engine sockets over tcp: the entries become headers, a message without the frame is delivered without
 * them, a malformed or oversized frame goes to the error handler and is counted while the listener goes on, SUB
 * prefix subscriptions still match the topic frame, and a REP listener's reply carries the frame.
 */
@SpringBootTest(classes = HeaderFrameListenerTests.Config.class,
		properties = { "zmq.defaults.headers.enabled=true", "zmq.defaults.headers.max-entries=3" })
class HeaderFrameListenerTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Autowired
	ZmqEngine engine;

	@Autowired
	ZmqListenerEndpointRegistry registry;

	@Autowired
	Listeners listeners;

	@Autowired
	Failures failures;

	private static byte[] header(String entries) {
		byte[] text = entries.getBytes(StandardCharsets.UTF_8);
		byte[] frame = ZmqHeaderFrame.prefix();
		byte[] all = new byte[frame.length + text.length];
		System.arraycopy(frame, 0, all, 0, frame.length);
		System.arraycopy(text, 0, all, frame.length, text.length);
		return all;
	}

	private String endpoint(String id) {
		return "tcp://127.0.0.1:" + this.registry.getListenerContainer(id).getSocket().boundPort();
	}

	@Test
	void entriesBecomeHeadersAndAMessageWithoutTheFrameHasNone() {
		try (ZmqSocket push = this.engine.open(ZmqSocketSpec.builder("hf-push", SocketType.PUSH)
			.connect(endpoint("hf-pull"))
			.build())) {
			push.send(ZmqMessage.of(header("tenant: acme\n"), "with".getBytes(StandardCharsets.UTF_8)));
			push.send(ZmqMessage.of("without"));
			await().atMost(WAIT).until(() -> this.listeners.pulled.size() == 2);
		}
		assertThat(this.listeners.pulled).containsExactly("with tenant=acme", "without tenant=null");
	}

	@Test
	void aMalformedOrOversizedFrameGoesToTheErrorHandlerIsCountedAndTheListenerGoesOn() {
		long before = this.registry.getListenerContainer("hf-checked").getConversionErrors();
		try (ZmqSocket push = this.engine.open(ZmqSocketSpec.builder("hf-bad", SocketType.PUSH)
			.connect(endpoint("hf-checked"))
			.build())) {
			push.send(ZmqMessage.of(header("no separator"), "bad".getBytes(StandardCharsets.UTF_8)));
			push.send(ZmqMessage.of(header("a: 1\nb: 2\nc: 3\nd: 4\n"), "many".getBytes(StandardCharsets.UTF_8)));
			push.send(ZmqMessage.of(header("tenant: acme\n"), "good".getBytes(StandardCharsets.UTF_8)));
			await().atMost(WAIT).until(() -> this.listeners.checked.contains("good"));
		}
		assertThat(this.listeners.checked).containsExactly("good");
		// the one error handler bean is every listener's: look at this listener's failures
		List<ZmqListenerExecutionFailedException> seen = this.failures.seen.stream()
			.filter((failure) -> failure.getListenerId().equals("hf-checked"))
			.toList();
		assertThat(seen).hasSize(2).allSatisfy((failure) -> {
			assertThat(failure.isConversionFailure()).isTrue();
			assertThat(failure.getCause()).isInstanceOf(ZmqHeaderFrameException.class)
				.hasMessageContaining("socket 'hf-checked': malformed header frame");
		});
		assertThat(seen).extracting((failure) -> failure.getCause().getMessage())
			.anySatisfy((message) -> assertThat(message).contains("more than 3 entries (headers.max-entries)"));
		assertThat(this.registry.getListenerContainer("hf-checked").getConversionErrors()).isEqualTo(before + 2);
	}

	@Test
	void subscriptionPrefixesStillMatchTheTopicBeforeTheFrame() {
		try (ZmqSocket pub = this.engine.open(ZmqSocketSpec.builder("hf-pub", SocketType.PUB)
			.connect(endpoint("hf-sub"))
			.build())) {
			// PUB drops messages until the subscription has travelled: publish until one arrives
			await().atMost(WAIT).until(() -> {
				pub.send(ZmqMessage.of("other".getBytes(StandardCharsets.UTF_8), header("tenant: x\n"),
						"skipped".getBytes(StandardCharsets.UTF_8)));
				pub.send(ZmqMessage.of("weather.eu".getBytes(StandardCharsets.UTF_8), header("tenant: acme\n"),
						"sunny".getBytes(StandardCharsets.UTF_8)));
				return !this.listeners.subscribed.isEmpty();
			});
		}
		assertThat(this.listeners.subscribed.peek()).isEqualTo("weather.eu sunny tenant=acme");
		assertThat(this.listeners.subscribed).allMatch((received) -> received.startsWith("weather.eu"));
	}

	@Test
	void aRepListenerReadsTheRequestFrameAndItsReplyCarriesOne() {
		try (ZmqRequester requester = this.engine.requester(ZmqSocketSpec.builder("hf-client", SocketType.DEALER)
			.connect(endpoint("hf-rep"))
			.build())) {
			ZmqMessage reply = requester.request(ZmqMessage.of(header("tenant: acme\n"), "q".getBytes()), WAIT);
			assertThat(reply.size()).isEqualTo(2);
			assertThat(reply.first()).isEqualTo(ZmqHeaderFrame.prefix());
			assertThat(reply.frameAsString(1)).isEqualTo("Q for acme");
			// a requester that writes no frame is answered all the same
			assertThat(requester.request(ZmqMessage.of("r"), WAIT).frameAsString(1)).isEqualTo("R for null");
			ZmqMessage error = requester.request(ZmqMessage.of(header("broken"), "s".getBytes()), WAIT);
			assertThat(error.last()).asString(StandardCharsets.UTF_8).startsWith("ERROR:")
				.contains("malformed header frame");
		}
	}

	static class Listeners {

		final Queue<String> pulled = new ConcurrentLinkedQueue<>();

		final Queue<String> checked = new ConcurrentLinkedQueue<>();

		final Queue<String> subscribed = new ConcurrentLinkedQueue<>();

		@ZmqListener(id = "hf-pull", type = SocketType.PULL, bind = "tcp://127.0.0.1:*")
		void pull(String payload, @Header(name = "tenant", required = false) String tenant) {
			this.pulled.add(payload + " tenant=" + tenant);
		}

		@ZmqListener(id = "hf-checked", type = SocketType.PULL, bind = "tcp://127.0.0.1:*", errorHandler = "failures")
		void checked(String payload) {
			this.checked.add(payload);
		}

		@ZmqListener(id = "hf-sub", type = SocketType.SUB, bind = "tcp://127.0.0.1:*", topics = "weather")
		void sub(String payload, @Headers Map<String, Object> headers) {
			this.subscribed.add(headers.get(ZmqHeaders.TOPIC) + " " + payload + " tenant=" + headers.get("tenant"));
		}

		@ZmqListener(id = "hf-rep", type = SocketType.REP, bind = "tcp://127.0.0.1:*")
		String rep(String payload, @Header(name = "tenant", required = false) String tenant) {
			return payload.toUpperCase() + " for " + tenant;
		}

	}

	/** Records the failures, then rethrows them as the default handler does. */
	static class Failures implements ZmqListenerErrorHandler {

		final Queue<ZmqListenerExecutionFailedException> seen = new ConcurrentLinkedQueue<>();

		@Override
		public Object handleError(org.springframework.messaging.Message<?> message,
				ZmqListenerExecutionFailedException exception) {
			this.seen.add(exception);
			throw exception;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class })
	static class Config {

		@Bean
		Listeners listeners() {
			return new Listeners();
		}

		@Bean
		Failures failures() {
			return new Failures();
		}

	}

}
