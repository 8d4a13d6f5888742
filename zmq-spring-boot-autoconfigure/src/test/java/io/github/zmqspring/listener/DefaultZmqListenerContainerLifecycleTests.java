package io.github.zmqspring.listener;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.ZmqLifecycle.State;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A container's life cycle on a real engine: the one {@code ZmqLifecycle} state through start, failure, stop and
 * restart.
 */
class DefaultZmqListenerContainerLifecycleTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ZmqEngine engine = ZmqEngine.builder().name("container-lifecycle").build();

	@AfterEach
	void close() {
		this.engine.close();
	}

	private DefaultZmqListenerContainer container(String endpoint) {
		return new DefaultZmqListenerContainer("echo", this.engine,
				ZmqSocketSpec.builder("echo-socket", SocketType.REP).bind(endpoint).build(),
				(message) -> ZmqMessage.of("echo:" + new String(message.getPayload())));
	}

	@Test
	void aContainerWhoseBindAddressIsTakenIsFailedNamesItAndStartsOnceTheAddressIsFree() throws IOException {
		DefaultZmqListenerContainer container;
		String endpoint;
		try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			endpoint = "tcp://127.0.0.1:" + taken.getLocalPort();
			container = container(endpoint);
			assertThat(container.getState()).isEqualTo(State.CREATED);
			assertThatIllegalStateException().isThrownBy(container::start)
				.withMessageStartingWith("listener 'echo': socket 'echo-socket' (REP, bind [" + endpoint + "]");
			assertThat(container.getState()).isEqualTo(State.FAILED);
			assertThat(container.getFailure()).hasMessageContaining(endpoint);
			assertThat(container.isRunning()).isFalse();
		}
		container.start();
		assertThat(container.getState()).isEqualTo(State.STARTED);
		assertThat(container.getFailure()).isNull();
		try (ZmqRequester client = this.engine.requester(
				ZmqSocketSpec.builder("client", SocketType.DEALER).connect(endpoint).build())) {
			assertThat(client.request(ZmqMessage.of("hi"), WAIT).frameAsString(0)).isEqualTo("echo:hi");
		}
		container.stop();
		assertThat(container.getState()).isEqualTo(State.STOPPED);
		assertThat(container.getSocket()).isNull();
	}

	@Test
	void concurrentStartsOpenOneSocketAndConcurrentStopsCloseIt() throws InterruptedException {
		DefaultZmqListenerContainer container = container("tcp://127.0.0.1:*");
		runConcurrently(container::start);
		assertThat(container.getState()).isEqualTo(State.STARTED);
		assertThat(this.engine.sockets()).filteredOn((socket) -> socket.name().equals("echo-socket")).hasSize(1);
		runConcurrently(container::stop);
		assertThat(container.getState()).isEqualTo(State.STOPPED);
		assertThat(this.engine.sockets()).noneMatch((socket) -> socket.name().equals("echo-socket"));
	}

	private static void runConcurrently(Runnable action) throws InterruptedException {
		ExecutorService threads = Executors.newFixedThreadPool(4);
		CountDownLatch go = new CountDownLatch(1);
		try {
			for (int i = 0; i < 4; i++) {
				threads.execute(() -> {
					try {
						go.await();
						action.run();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				});
			}
			go.countDown();
			threads.shutdown();
			assertThat(threads.awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		}
		finally {
			threads.shutdownNow();
		}
	}

}
