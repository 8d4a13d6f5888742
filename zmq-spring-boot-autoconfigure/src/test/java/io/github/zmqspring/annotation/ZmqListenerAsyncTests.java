package io.github.zmqspring.annotation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.SendTo;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @ZmqListener} methods that return a {@link CompletableFuture}, in a real context over tcp loopback: a
 * REP/ROUTER server goes on receiving while replies are pending and sends each when it completes, a POJO value is
 * converted like a plain return value, a failed future goes to the error handler, and a PULL listener may return
 * {@code CompletableFuture<Void>}.
 */
class ZmqListenerAsyncTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ZmqEngine peers = ZmqEngine.builder().name("async-peers").build();

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

	private ZmqRequester requester(ApplicationContext context, String listenerId) {
		return this.peers.requester(ZmqSocketSpec.builder(listenerId + "-client", SocketType.DEALER)
			.connect(endpoint(context, listenerId))
			.build());
	}

	@Test
	void aServerGoesOnReceivingWhileRepliesArePendingAndSendsEachWhenItCompletes() {
		this.contextRunner.withUserConfiguration(PendingReplies.class).run((context) -> {
			PendingReplies listener = context.getBean(PendingReplies.class);
			try (ZmqRequester requester = requester(context, "lookup")) {
				List<CompletableFuture<ZmqMessage>> replies = new ArrayList<>();
				for (int i = 0; i < 3; i++) {
					replies.add(requester.requestAsync(ZmqMessage.of("key-" + i), WAIT));
				}
				// one listener thread, three requests in hand at once
				await().atMost(WAIT).until(() -> listener.pending.size() == 3);
				assertThat(replies).noneMatch(CompletableFuture::isDone);
				for (int i = 2; i >= 0; i--) {
					listener.pending.get("key-" + i).complete("value of key-" + i);
				}
				for (int i = 0; i < 3; i++) {
					assertThat(replies.get(i).get(WAIT.toMillis(), TimeUnit.MILLISECONDS).frameAsString(0))
						.isEqualTo("value of key-" + i);
				}
			}
		});
	}

	@Test
	void aPojoValueIsConvertedAndAFailedFutureGoesToTheErrorHandler() {
		this.contextRunner.withUserConfiguration(Quotes.class).run((context) -> {
			try (ZmqRequester requester = requester(context, "quotes")) {
				assertThat(requester.request(ZmqMessage.of("ACME"), WAIT).frameAsString(0))
					.isEqualTo("{\"symbol\":\"ACME\",\"price\":42}");
				assertThat(requester.request(ZmqMessage.of("NONE"), WAIT).frameAsString(0))
					.isEqualTo("ERROR: IllegalStateException: no quote for NONE");
				assertThat(requester.request(ZmqMessage.of("THROW"), WAIT).frameAsString(0))
					.isEqualTo("ERROR: IllegalArgumentException: bad symbol THROW");
			}
		});
		this.contextRunner.withUserConfiguration(Quotes.class, Fallback.class).run((context) -> {
			try (ZmqRequester requester = requester(context, "quotes")) {
				assertThat(requester.request(ZmqMessage.of("NONE"), WAIT).frameAsString(0))
					.isEqualTo("fallback: no quote for NONE");
			}
		});
	}

	@Test
	void aPullListenerMayReturnAFutureOfNothing() {
		this.contextRunner.withUserConfiguration(AsyncConsumer.class).run((context) -> {
			assertThat(context).hasNotFailed();
			AsyncConsumer consumer = context.getBean(AsyncConsumer.class);
			try (ZmqSocket push = this.peers.open(ZmqSocketSpec.builder("async-push", SocketType.PUSH)
				.connect(endpoint(context, "intake"))
				.build())) {
				push.send(ZmqMessage.of("fail"));
				push.send(ZmqMessage.of("work"));
				// the failed one did not stop the listener
				assertThat(consumer.done.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("work");
			}
		});
	}

	@Test
	void aSendToListenerForwardsTheValueWhenItCompletes() {
		BlockingQueue<ZmqMessage> results = new LinkedBlockingQueue<>();
		try (ZmqSocket sink = this.peers.open(
				ZmqSocketSpec.builder("async-sink", SocketType.PULL).bind("tcp://127.0.0.1:*").build(), results::add)) {
			this.contextRunner.withUserConfiguration(AsyncWorker.class)
				.withPropertyValues("zmq.sockets.results.type=PUSH",
						"zmq.sockets.results.connect=tcp://127.0.0.1:" + sink.boundPort())
				.run((context) -> {
					try (ZmqSocket push = this.peers.open(ZmqSocketSpec.builder("async-tasks", SocketType.PUSH)
						.connect(endpoint(context, "worker"))
						.build())) {
						push.send(ZmqMessage.of("task"));
						assertThat(results.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
							.isEqualTo(ZmqMessage.of("TASK done"));
					}
				});
		}
	}

	static class AsyncWorker {

		@ZmqListener(id = "worker", type = SocketType.PULL, bind = "tcp://127.0.0.1:*")
		@SendTo("results")
		CompletableFuture<String> work(String task) {
			return CompletableFuture.supplyAsync(() -> task.toUpperCase() + " done");
		}

	}

	static class PendingReplies {

		final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

		@ZmqListener(id = "lookup", type = SocketType.ROUTER, bind = "tcp://127.0.0.1:*")
		CompletableFuture<String> lookup(String key) {
			CompletableFuture<String> reply = new CompletableFuture<>();
			this.pending.put(key, reply);
			return reply;
		}

	}

	record Quote(String symbol, int price) {
	}

	static class Quotes {

		@ZmqListener(id = "quotes", type = SocketType.REP, bind = "tcp://127.0.0.1:*")
		CompletableFuture<Quote> quote(String symbol) {
			if (symbol.equals("THROW")) {
				throw new IllegalArgumentException("bad symbol " + symbol);
			}
			return CompletableFuture.supplyAsync(() -> {
				if (symbol.equals("NONE")) {
					throw new IllegalStateException("no quote for " + symbol);
				}
				return new Quote(symbol, 42);
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Fallback {

		@Bean
		ZmqListenerErrorHandler fallback() {
			return (message, exception) -> "fallback: " + exception.getCause().getMessage();
		}

	}

	static class AsyncConsumer {

		final BlockingQueue<String> done = new LinkedBlockingQueue<>();

		@ZmqListener(id = "intake", type = SocketType.PULL, bind = "tcp://127.0.0.1:*")
		CompletableFuture<Void> consume(String task) {
			return CompletableFuture.runAsync(() -> {
				if (task.equals("fail")) {
					throw new IllegalStateException("task failed");
				}
				this.done.add(task);
			});
		}

	}

}
