package io.github.zmqspring.core.engine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

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
 * Back-pressure over tcp on the engine's own implementation: a receiver at its high water mark stops reading (the
 * sender's TCP window closes), resumes where it stopped, and loses or reorders nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BackPressureTests {

	private final ZmqEngine engine = ZmqEngine.builder().name("pressure").build();

	@AfterAll
	void close() {
		this.engine.close();
	}

	@Test
	void aSlowPullWithATinyHighWaterMarkGetsEveryMessageOfAFastPushInOrder() {
		int count = 100_000;
		AtomicInteger next = new AtomicInteger();
		AtomicReference<String> disorder = new AtomicReference<>();
		try (ZmqSocket pull = this.engine.open(ZmqSocketSpec.builder("slow-pull", SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.receiveHighWaterMark(1)
			.build(), (message) -> {
				int expected = next.getAndIncrement();
				int got = Integer.parseInt(message.frameAsString(0));
				if (got != expected && disorder.get() == null) {
					disorder.set("expected " + expected + ", got " + got);
				}
				if (expected % 500 == 0) {
					// Some work now and then, so that reading pauses and resumes many times.
					LockSupport.parkNanos(200_000);
				}
			});
				ZmqSocket push = this.engine.open(ZmqSocketSpec.builder("fast-push", SocketType.PUSH)
					.connect("tcp://127.0.0.1:" + pull.boundPort())
					.sendTimeout(Duration.ofSeconds(60))
					.build())) {
			for (int i = 0; i < count; i++) {
				push.send(ZmqMessage.of(Integer.toString(i)));
			}
			await().atMost(Duration.ofSeconds(90)).until(() -> next.get() == count || disorder.get() != null);
			assertThat(disorder.get()).isNull();
			assertThat(next.get()).isEqualTo(count);
		}
	}

}
