package io.github.zmqspring.annotation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;

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
import io.github.zmqspring.support.ZmqHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the README promises about {@code @ZmqListener}, each in a real context over tcp loopback on random ports:
 * error handlers (the return value is the reply, a single bean is the default, the {@code errorHandler} attribute),
 * repeated annotations, and a DEALER listener's answer keeping the envelope it received.
 */
class ZmqListenerPromisesTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ZmqEngine peers = ZmqEngine.builder().name("promise-peers").build();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class));

	@AfterEach
	void close() {
		this.peers.close();
	}

	private String endpoint(ApplicationContext context, String listenerId) {
		return "tcp://127.0.0.1:" + context.getBean(ZmqListenerEndpointRegistry.class)
			.getListenerContainer(listenerId)
			.getSocket()
			.boundPort();
	}

	private String request(ApplicationContext context, String listenerId, String body) {
		try (ZmqRequester requester = this.peers.requester(ZmqSocketSpec.builder(listenerId + "-client", SocketType.DEALER)
			.connect(endpoint(context, listenerId))
			.build())) {
			return requester.request(ZmqMessage.of(body), WAIT).frameAsString(0);
		}
	}

	@Nested
	class ErrorHandlers {

		@Test
		void aSingleErrorHandlerBeanIsEveryListenersDefaultAndWhatItReturnsIsTheReply() {
			contextRunner.withUserConfiguration(FailingListeners.class, OneErrorHandler.class).run((context) -> {
				assertThat(request(context, "stock", "apples")).isEqualTo("fallback: no apples in stock");
				assertThat(request(context, "prices", "pears")).isEqualTo("fallback: no price for pears");
			});
		}

		@Test
		void theErrorHandlerAttributeNamesTheHandlerOfOneListenerAndTwoHandlerBeansMakeNoDefault() {
			contextRunner.withUserConfiguration(FailingListeners.class, TwoErrorHandlers.class)
				.withPropertyValues("test.handler=polite")
				.run((context) -> {
				assertThat(request(context, "stock", "apples")).isEqualTo("sorry: no apples in stock");
				// No default among two beans: the container's own, which rethrows, so the requester gets the error reply.
				assertThat(request(context, "prices", "pears"))
					.isEqualTo("ERROR: IllegalStateException: no price for pears");
			});
		}

	}

	@Test
	void aRepeatedZmqListenerListensOnEverySocketItDeclares() {
		this.contextRunner.withUserConfiguration(RepeatedListener.class).run((context) -> {
			RepeatedListener listener = context.getBean(RepeatedListener.class);
			for (String id : List.of("intake-a", "intake-b")) {
				try (ZmqSocket push = this.peers.open(ZmqSocketSpec.builder(id + "-push", SocketType.PUSH)
					.connect(endpoint(context, id))
					.build())) {
					push.send(ZmqMessage.of("to " + id));
					assertThat(listener.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
						.isEqualTo("to " + id + " on " + id);
				}
			}
		});
	}

	@Test
	void aDealerListenersAnswerKeepsTheEnvelopeItReceived() {
		BlockingQueue<ZmqMessage> answers = new LinkedBlockingQueue<>();
		AtomicReference<ZmqMessage> answer = new AtomicReference<>();
		try (ZmqSocket broker = this.peers.open(
				ZmqSocketSpec.builder("broker", SocketType.ROUTER).bind("tcp://127.0.0.1:*").build(), answers::add)) {
			this.contextRunner.withUserConfiguration(DealerWorker.class)
				.withPropertyValues("zmq.sockets.worker.type=DEALER", "zmq.sockets.worker.routing-id=worker-1",
						"zmq.sockets.worker.connect=tcp://127.0.0.1:" + broker.boundPort())
				.run((context) -> {
					// The ROUTER drops what it cannot route yet: send until the worker's connection is up.
					ZmqMessage request = ZmqMessage.of("worker-1", "client-7", "", "hello");
					await().atMost(WAIT).until(() -> {
						broker.send(request);
						answer.set(answers.poll(100, TimeUnit.MILLISECONDS));
						return answer.get() != null;
					});
				});
		}
		// The broker sees [worker id][client id][""][answer]: the worker answered behind the envelope it was given.
		assertThat(answer.get()).isEqualTo(ZmqMessage.of("worker-1", "client-7", "", "HELLO"));
	}

	static class FailingListeners {

		@ZmqListener(id = "stock", type = SocketType.REP, bind = "tcp://127.0.0.1:*", errorHandler = "${test.handler:}")
		String stock(String item) {
			throw new IllegalStateException("no " + item + " in stock");
		}

		@ZmqListener(id = "prices", type = SocketType.ROUTER, bind = "tcp://127.0.0.1:*")
		String price(String item) {
			throw new IllegalStateException("no price for " + item);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OneErrorHandler {

		@Bean
		ZmqListenerErrorHandler fallback() {
			return (message, exception) -> "fallback: " + exception.getCause().getMessage();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoErrorHandlers {

		@Bean
		ZmqListenerErrorHandler polite() {
			return (message, exception) -> "sorry: " + exception.getCause().getMessage();
		}

		@Bean
		ZmqListenerErrorHandler terse() {
			return (message, exception) -> "no";
		}

	}

	static class RepeatedListener {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@ZmqListener(id = "intake-a", type = SocketType.PULL, bind = "tcp://127.0.0.1:*")
		@ZmqListener(id = "intake-b", type = SocketType.PULL, bind = "tcp://127.0.0.1:*")
		void intake(String text, @Header(ZmqHeaders.SOCKET) String socket) {
			this.received.add(text + " on " + socket);
		}

	}

	static class DealerWorker {

		@ZmqListener(id = "worker", socket = "worker")
		String work(String request) {
			return request.toUpperCase();
		}

	}

}
