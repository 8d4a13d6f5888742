package io.github.zmqspring.support;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ZmqLifecycleTests {

	@Test
	void concurrentStartsOpenOnceAndConcurrentStopsCloseOnce() throws InterruptedException {
		ZmqLifecycle lifecycle = new ZmqLifecycle();
		AtomicInteger opened = new AtomicInteger();
		AtomicInteger closed = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			CountDownLatch go = new CountDownLatch(1);
			for (int i = 0; i < 8; i++) {
				threads.execute(() -> {
					try {
						go.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					lifecycle.start(opened::incrementAndGet);
				});
			}
			go.countDown();
			threads.shutdown();
			assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(opened).hasValue(1);
		assertThat(lifecycle.state()).isEqualTo(ZmqLifecycle.State.STARTED);
		assertThat(lifecycle.stop(closed::incrementAndGet)).isTrue();
		assertThat(lifecycle.stop(closed::incrementAndGet)).isFalse();
		assertThat(closed).hasValue(1);
		assertThat(lifecycle.state()).isEqualTo(ZmqLifecycle.State.STOPPED);
	}

	@Test
	void aFailedStartIsFailedAndCanBeRetried() {
		ZmqLifecycle lifecycle = new ZmqLifecycle();
		assertThatIllegalStateException().isThrownBy(() -> lifecycle.start(() -> {
			throw new IllegalStateException("bind failed");
		}));
		assertThat(lifecycle.state()).isEqualTo(ZmqLifecycle.State.FAILED);
		assertThat(lifecycle.isRunning()).isFalse();
		assertThat(lifecycle.start(() -> {
		})).isTrue();
		assertThat(lifecycle.isRunning()).isTrue();
	}

}
