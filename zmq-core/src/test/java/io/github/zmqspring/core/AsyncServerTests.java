package io.github.zmqspring.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Servers whose replies complete later ({@link AsyncRequestHandler}): replies out of order, failures answered with
 * the error reply, outstanding replies bounded, and a close that waits for them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsyncServerTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ZmqEngine engine = ZmqEngine.builder().name("async-server").build();

	@AfterAll
	void closeEngine() {
		this.engine.close();
	}

	private ZmqServer server(String name, SocketType type, AsyncRequestHandler handler) {
		return this.engine.server(ZmqSocketSpec.builder(name, type).bind("tcp://127.0.0.1:*").build(), handler, 1,
				(request, failure) -> ZmqMessage.of("failed: " + failure.getMessage()));
	}

	private ZmqRequester client(String name, SocketType type, ZmqServer server) {
		return this.engine.requester(
				ZmqSocketSpec.builder(name, type).connect("tcp://127.0.0.1:" + server.boundPort()).build());
	}

	@Test
	void repliesCompletedInReverseOrderEachReachTheirOwnRequest() throws Exception {
		Map<String, CompletableFuture<ZmqMessage>> held = new ConcurrentHashMap<>();
		try (ZmqServer server = server("async-order", SocketType.ROUTER, (request) -> {
			CompletableFuture<ZmqMessage> reply = new CompletableFuture<>();
			held.put(request.body().frameAsString(0), reply);
			return reply;
		}); ZmqRequester requester = client("async-order-client", SocketType.DEALER, server)) {
			List<CompletableFuture<ZmqMessage>> replies = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				replies.add(requester.requestAsync(ZmqMessage.of("r" + i), WAIT));
			}
			await().atMost(WAIT).until(() -> held.size() == 3);
			// the server went on receiving while no reply was ready: all three are in hand at once
			assertThat(replies).noneMatch(CompletableFuture::isDone);
			Thread completer = new Thread(() -> {
				for (int i = 2; i >= 0; i--) {
					held.get("r" + i).complete(ZmqMessage.of("done r" + i));
				}
			});
			completer.start();
			for (int i = 0; i < 3; i++) {
				assertThat(replies.get(i).get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
					.isEqualTo(ZmqMessage.of("done r" + i));
			}
			completer.join(WAIT.toMillis());
		}
	}

	@Test
	void aFailedStageAThrowingHandlerAndANullValueAreAllAnswered() {
		try (ZmqServer server = server("async-failures", SocketType.REP, (request) -> switch (request.body()
			.frameAsString(0)) {
			case "fail" -> CompletableFuture.failedFuture(new IllegalStateException("stage failed"));
			case "throw" -> throw new IllegalArgumentException("handler threw");
			case "later-fail" -> CompletableFuture.supplyAsync(() -> {
				throw new IllegalStateException("failed later");
			});
			default -> CompletableFuture.completedFuture(null);
		}); ZmqRequester requester = client("async-failures-client", SocketType.REQ, server)) {
			assertThat(requester.request(ZmqMessage.of("fail"), WAIT)).isEqualTo(ZmqMessage.of("failed: stage failed"));
			assertThat(requester.request(ZmqMessage.of("throw"), WAIT)).isEqualTo(ZmqMessage.of("failed: handler threw"));
			assertThat(requester.request(ZmqMessage.of("later-fail"), WAIT))
				.isEqualTo(ZmqMessage.of("failed: failed later"));
			assertThat(requester.request(ZmqMessage.of("null"), WAIT)).isEqualTo(ZmqMessage.of(new byte[0]));
			assertThat(server.stats().handlerErrors()).isEqualTo(3);
		}
	}

	@Test
	void aServerStopsReadingAtItsOutstandingBoundAndGoesOnWhenRepliesComplete() throws Exception {
		int extra = 100;
		List<CompletableFuture<Void>> held = new ArrayList<>();
		CompletableFuture<Void> released = new CompletableFuture<>();
		try (ZmqServer server = server("async-bound", SocketType.ROUTER, (request) -> {
			ZmqMessage body = request.body();
			synchronized (held) {
				if (released.isDone()) {
					return CompletableFuture.completedFuture(body);
				}
				CompletableFuture<Void> ready = new CompletableFuture<>();
				held.add(ready);
				return ready.thenApply((ignored) -> body);
			}
		}); ZmqRequester requester = client("async-bound-client", SocketType.DEALER, server)) {
			List<CompletableFuture<ZmqMessage>> replies = new ArrayList<>();
			for (int i = 0; i < AsyncRequestHandler.MAX_OUTSTANDING + extra; i++) {
				replies.add(requester.requestAsync(ZmqMessage.of("n" + i), WAIT.multipliedBy(2)));
			}
			await().atMost(WAIT).until(() -> outstandingCount(held) == AsyncRequestHandler.MAX_OUTSTANDING);
			// the rest wait in the socket's queues, not in the application
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
				.until(() -> outstandingCount(held) == AsyncRequestHandler.MAX_OUTSTANDING);
			synchronized (held) {
				released.complete(null);
				held.forEach((ready) -> ready.complete(null));
			}
			for (int i = 0; i < replies.size(); i++) {
				assertThat(replies.get(i).get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(ZmqMessage.of("n" + i));
			}
		}
	}

	private static int outstandingCount(List<?> held) {
		synchronized (held) {
			return held.size();
		}
	}

	@Test
	void aClosingServerSendsTheRepliesThatCompleteWithinItsLinger() throws Exception {
		List<CompletableFuture<ZmqMessage>> held = new ArrayList<>();
		ZmqServer server = server("async-close", SocketType.ROUTER, (request) -> {
			CompletableFuture<ZmqMessage> reply = new CompletableFuture<>();
			synchronized (held) {
				held.add(reply);
			}
			return reply.thenApply((value) -> ZmqMessage.of("closing " + request.body().frameAsString(0)));
		});
		try (ZmqRequester requester = client("async-close-client", SocketType.DEALER, server)) {
			List<CompletableFuture<ZmqMessage>> replies = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				replies.add(requester.requestAsync(ZmqMessage.of("c" + i), WAIT));
			}
			await().atMost(WAIT).until(() -> outstandingCount(held) == 3);
			CountDownLatch closed = new CountDownLatch(1);
			Thread closer = new Thread(() -> {
				server.close();
				closed.countDown();
			});
			closer.start();
			// the close waits for the outstanding replies
			assertThat(closed.await(300, TimeUnit.MILLISECONDS)).isFalse();
			synchronized (held) {
				held.forEach((reply) -> reply.complete(ZmqMessage.of("")));
			}
			for (int i = 0; i < 3; i++) {
				assertThat(replies.get(i).get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
					.isEqualTo(ZmqMessage.of("closing c" + i));
			}
			assertThat(closed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		}
		finally {
			server.close();
		}
	}

}
