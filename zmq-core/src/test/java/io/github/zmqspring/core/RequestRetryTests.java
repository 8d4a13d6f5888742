package io.github.zmqspring.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The Lazy Pirate pattern on the requester: {@link ZmqSocketSpec.Builder#requestRetry(ZmqRetryPolicy)}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestRetryTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ZmqEngine engine = ZmqEngine.builder().name("retry").build();

	@AfterAll
	void closeEngine() {
		this.engine.close();
	}

	/** A ROUTER that ignores the first {@code ignored} requests and echoes the envelope of the others. */
	private ZmqSocket forgetfulServer(String name, int ignored, List<String> seen) {
		AtomicInteger count = new AtomicInteger();
		ZmqSocket[] router = new ZmqSocket[1];
		router[0] = this.engine.open(ZmqSocketSpec.builder(name, SocketType.ROUTER).bind("tcp://127.0.0.1:*").build(),
				(message) -> {
					String body = message.frameAsString(message.size() - 1);
					seen.add(body);
					if (count.incrementAndGet() > ignored) {
						router[0].send(ZmqMessage.of("re: " + body).withEnvelope(message.envelope()));
					}
				});
		return router[0];
	}

	private ZmqRequester requester(String name, SocketType type, int port, ZmqRetryPolicy policy) {
		return this.engine.requester(ZmqSocketSpec.builder(name, type)
			.connect("tcp://127.0.0.1:" + port)
			.requestRetry(policy)
			.build());
	}

	@Test
	void aRequestWithoutAReplyIsSentAgainUntilOneAttemptIsAnswered() {
		List<String> seen = new CopyOnWriteArrayList<>();
		try (ZmqSocket server = forgetfulServer("forgets-two", 2, seen);
				ZmqRequester requester = requester("pirate", SocketType.DEALER, server.boundPort(),
						ZmqRetryPolicy.attempts(3).withBackoff(Duration.ofMillis(20), 2.0, Duration.ofMillis(100)))) {
			ZmqMessage reply = requester.request(ZmqMessage.of("order-1"), Duration.ofMillis(300));
			assertThat(reply).isEqualTo(ZmqMessage.of("re: order-1"));
			assertThat(seen).containsExactly("order-1", "order-1", "order-1");
			assertThat(requester.stats().requestRetries()).isEqualTo(2);
			assertThat(requester.inFlight()).isZero();
		}
	}

	@Test
	void afterTheLastAttemptTheRequestFailsWithATypedExceptionThatIsStillATimeout() {
		List<String> seen = new CopyOnWriteArrayList<>();
		try (ZmqSocket server = forgetfulServer("never-answers", Integer.MAX_VALUE, seen);
				ZmqRequester requester = requester("exhausted", SocketType.DEALER, server.boundPort(),
						ZmqRetryPolicy.attempts(3))) {
			assertThatExceptionOfType(ZmqRequestRetriesExhaustedException.class)
				.isThrownBy(() -> requester.request(ZmqMessage.of("lost"), Duration.ofMillis(200)))
				.isInstanceOf(ZmqRequestTimeoutException.class)
				.satisfies((ex) -> {
					assertThat(ex.getAttempts()).isEqualTo(3);
					assertThat(ex.getSocketName()).isEqualTo("exhausted");
					assertThat(ex.getCause()).isInstanceOf(ZmqRequestTimeoutException.class);
					assertThat(ex.getMessage()).contains("socket 'exhausted'", "after 3 attempts", "request-retry");
				});
			await().atMost(WAIT).until(() -> seen.size() == 3);
			assertThat(requester.stats().requestRetries()).isEqualTo(2);
		}
	}

	@Test
	void theTotalTimeoutStopsTheAttemptsBeforeTheirNumberIsReached() throws Exception {
		List<String> seen = new CopyOnWriteArrayList<>();
		try (ZmqSocket server = forgetfulServer("slow-bound", Integer.MAX_VALUE, seen);
				ZmqRequester requester = requester("bounded", SocketType.DEALER, server.boundPort(),
						ZmqRetryPolicy.attempts(1000).withTotalTimeout(Duration.ofMillis(1000)))) {
			CompletableFuture<ZmqMessage> reply = requester.requestAsync(ZmqMessage.of("bounded"),
					Duration.ofMillis(250));
			ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
					() -> reply.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
			assertThat(failure.getCause()).isInstanceOf(ZmqRequestRetriesExhaustedException.class);
			ZmqRequestRetriesExhaustedException exhausted = (ZmqRequestRetriesExhaustedException) failure.getCause();
			// 1000 ms of 250 ms attempts: at most four full attempts and a cut-short fifth
			assertThat(exhausted.getAttempts()).isBetween(1, 5);
			assertThat(exhausted.getElapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(900));
		}
	}

	@Test
	void aReqClientRidesOutTheRestartOfItsServer() throws Exception {
		ZmqServer first = this.engine.server(ZmqSocketSpec.builder("restarting", SocketType.REP)
			.bind("tcp://127.0.0.1:*")
			.build(), (request) -> ZmqMessage.of("first"));
		int port = first.boundPort();
		try (ZmqRequester requester = requester("lazy-pirate", SocketType.REQ, port,
				ZmqRetryPolicy.attempts(50).withBackoff(Duration.ofMillis(50), 1.5, Duration.ofMillis(500)))) {
			assertThat(requester.request(ZmqMessage.of("hello"), WAIT)).isEqualTo(ZmqMessage.of("first"));
			first.close();
			CompletableFuture<ZmqMessage> reply = requester.requestAsync(ZmqMessage.of("while down"),
					Duration.ofMillis(300));
			await().atMost(WAIT).until(() -> requester.stats().requestRetries() >= 1);
			assertThat(reply).isNotDone();
			try (ZmqServer second = this.engine.server(ZmqSocketSpec.builder("restarted", SocketType.REP)
				.bind("tcp://127.0.0.1:" + port)
				.build(), (request) -> ZmqMessage.of("second: " + request.body().frameAsString(0)))) {
				assertThat(reply.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
					.isEqualTo(ZmqMessage.of("second: while down"));
			}
		}
	}

	@Test
	void aClosedRequesterIsNotRetried() throws Exception {
		List<String> seen = new CopyOnWriteArrayList<>();
		try (ZmqSocket server = forgetfulServer("closing", Integer.MAX_VALUE, seen)) {
			ZmqRequester requester = requester("closed-midway", SocketType.DEALER, server.boundPort(),
					ZmqRetryPolicy.attempts(100));
			CompletableFuture<ZmqMessage> reply = requester.requestAsync(ZmqMessage.of("x"), Duration.ofSeconds(30));
			await().atMost(WAIT).until(() -> seen.size() == 1);
			requester.close();
			ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
					() -> reply.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
			assertThat(failure.getCause()).isInstanceOf(ZmqClosedException.class);
			assertThat(requester.stats().requestRetries()).isZero();
		}
	}

	@Test
	void withoutAPolicyARequestIsSentOnce() {
		List<String> seen = new CopyOnWriteArrayList<>();
		try (ZmqSocket server = forgetfulServer("once", Integer.MAX_VALUE, seen);
				ZmqRequester requester = this.engine.requester(ZmqSocketSpec.builder("single", SocketType.DEALER)
					.connect("tcp://127.0.0.1:" + server.boundPort())
					.build())) {
			assertThatExceptionOfType(ZmqRequestTimeoutException.class)
				.isThrownBy(() -> requester.request(ZmqMessage.of("one"), Duration.ofMillis(200)))
				.isNotInstanceOf(ZmqRequestRetriesExhaustedException.class);
			await().atMost(WAIT).until(() -> seen.size() == 1);
			assertThat(requester.stats().requestRetries()).isZero();
		}
	}

	@Test
	void aRequestWithoutAnyConnectionWaitsItsOwnTimeoutNotTheLongerSendTimeout() {
		// a REQ socket connecting to nothing that listens: no connection takes the request
		try (ZmqSocket placeholder = this.engine.open(ZmqSocketSpec.builder("gone", SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.build(), (message) -> {
			})) {
			int port = placeholder.boundPort();
			placeholder.close();
			try (ZmqRequester requester = this.engine.requester(ZmqSocketSpec.builder("nobody-there", SocketType.REQ)
				.connect("tcp://127.0.0.1:" + port)
				.sendTimeout(Duration.ofSeconds(30))
				.build())) {
				CompletableFuture<ZmqMessage> reply = requester.requestAsync(ZmqMessage.of("x"), Duration.ofMillis(300));
				// well before the 30 s send timeout: the request's own 300 ms bound it
				ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
						() -> reply.get(15, TimeUnit.SECONDS));
				assertThat(failure.getCause()).isInstanceOfAny(ZmqSendTimeoutException.class,
						ZmqRequestTimeoutException.class);
			}
		}
	}

	@Test
	void aBadPolicyNamesTheSettingAndTheValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> ZmqRetryPolicy.attempts(0))
			.withMessageContaining("requestRetry.maxAttempts '0'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ZmqRetryPolicy.attempts(3).withBackoff(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(1)))
			.withMessageContaining("requestRetry.backoffMax 'PT1S'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ZmqRetryPolicy.attempts(3).withBackoff(Duration.ZERO, 0.5, Duration.ZERO))
			.withMessageContaining("requestRetry.backoffMultiplier '0.5'");
		assertThatIllegalArgumentException().isThrownBy(() -> ZmqRetryPolicy.attempts(3).withTotalTimeout(Duration.ZERO))
			.withMessageContaining("requestRetry.totalTimeout 'PT0S'");
	}

	@Test
	void theBackOffGrowsToItsMaximum() {
		ZmqRetryPolicy policy = ZmqRetryPolicy.attempts(10).withBackoff(Duration.ofMillis(100), 2.0, Duration.ofMillis(350));
		assertThat(policy.backoffNanos(1)).isEqualTo(Duration.ofMillis(100).toNanos());
		assertThat(policy.backoffNanos(2)).isEqualTo(Duration.ofMillis(200).toNanos());
		assertThat(policy.backoffNanos(3)).isEqualTo(Duration.ofMillis(350).toNanos());
		assertThat(policy.backoffNanos(9)).isEqualTo(Duration.ofMillis(350).toNanos());
		assertThat(policy.toString()).contains("10 attempts");
	}

}
