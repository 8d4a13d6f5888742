package io.github.zmqspring.core.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * inproc on the engine's own implementation: message objects between sockets of one engine, connect before bind,
 * and two sockets that fill each other's pipes both ways at once without deadlocking.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InprocTests {

	private final ZmqEngine engine = ZmqEngine.builder().name("inproc").build();

	@AfterAll
	void close() {
		this.engine.close();
	}

	@Test
	void aConnectBeforeTheBindQueuesAndIsDeliveredOnceTheNameIsBound() throws Exception {
		AtomicInteger received = new AtomicInteger();
		try (ZmqSocket push = this.engine.open(ZmqSocketSpec.builder("early-push", SocketType.PUSH)
			.connect("inproc://late-bind")
			.build())) {
			for (int i = 0; i < 10; i++) {
				push.send(ZmqMessage.of("early " + i));
			}
			try (ZmqSocket pull = this.engine.open(ZmqSocketSpec.builder("late-pull", SocketType.PULL)
				.bind("inproc://late-bind")
				.build(), (message) -> received.incrementAndGet())) {
				await().atMost(Duration.ofSeconds(10)).until(() -> received.get() == 10);
			}
		}
	}

	@Test
	void twoDealersFillingEachOthersPipesBothWaysAtOnceNeverDeadlock() throws Exception {
		int count = 50_000;
		AtomicInteger atA = new AtomicInteger();
		AtomicInteger atB = new AtomicInteger();
		try (ZmqSocket a = this.engine.open(ZmqSocketSpec.builder("dealer-a", SocketType.DEALER)
			.bind("inproc://both-ways")
			.sendHighWaterMark(5)
			.receiveHighWaterMark(5)
			.sendTimeout(Duration.ofSeconds(30))
			.build(), (message) -> atA.incrementAndGet());
				ZmqSocket b = this.engine.open(ZmqSocketSpec.builder("dealer-b", SocketType.DEALER)
					.connect("inproc://both-ways")
					.sendHighWaterMark(5)
					.receiveHighWaterMark(5)
					.sendTimeout(Duration.ofSeconds(30))
					.build(), (message) -> atB.incrementAndGet())) {
			CompletableFuture<Void> fromA = CompletableFuture.runAsync(() -> {
				for (int i = 0; i < count; i++) {
					a.send(ZmqMessage.of("a"));
				}
			});
			CompletableFuture<Void> fromB = CompletableFuture.runAsync(() -> {
				for (int i = 0; i < count; i++) {
					b.send(ZmqMessage.of("b"));
				}
			});
			fromA.get(50, TimeUnit.SECONDS);
			fromB.get(50, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(30)).until(() -> atA.get() == count && atB.get() == count);
			assertThat(a.stats().dropped()).isZero();
			assertThat(b.stats().dropped()).isZero();
		}
	}

}
