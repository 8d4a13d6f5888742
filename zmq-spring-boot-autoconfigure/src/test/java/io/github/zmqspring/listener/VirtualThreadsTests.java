package io.github.zmqspring.listener;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.boot.autoconfigure.ZmqAutoConfiguration;
import io.github.zmqspring.boot.autoconfigure.ZmqListenerAutoConfiguration;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code spring.threads.virtual.enabled=true}: on Java 21+ listener methods (inline and on worker threads) run on
 * virtual threads; on Java 17 the property changes nothing and listeners run on platform threads as before. CI runs
 * this class on the Java 17 build and again with a Java 21+ JDK (see {@code .ci/run}).
 */
class VirtualThreadsTests {

	private static final boolean VIRTUAL_THREADS_EXIST = Runtime.version().feature() >= 21;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class))
		.withUserConfiguration(Listeners.class);

	@Test
	void withVirtualThreadsEnabledListenersRunOnVirtualThreadsWhereTheJavaVersionHasThem() {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			Listeners listeners = deliver(context.getBean(ZmqEngine.class), context.getBean(Listeners.class));
			assertThat(listeners.virtual).containsEntry("inline", VIRTUAL_THREADS_EXIST)
				.containsEntry("workers", VIRTUAL_THREADS_EXIST);
		});
	}

	@Test
	void withoutThePropertyListenersRunOnPlatformThreads() {
		this.contextRunner.run((context) -> {
			Listeners listeners = deliver(context.getBean(ZmqEngine.class), context.getBean(Listeners.class));
			assertThat(listeners.virtual).containsEntry("inline", false).containsEntry("workers", false);
			assertThat(listeners.names.get("inline")).startsWith("zmq-");
		});
	}

	private static Listeners deliver(ZmqEngine engine, Listeners listeners) {
		try (ZmqSocket inline = engine.open(ZmqSocketSpec.builder("to-inline", SocketType.PUSH)
			.connect("inproc://vt-inline")
			.build());
				ZmqSocket workers = engine.open(ZmqSocketSpec.builder("to-workers", SocketType.PUSH)
					.connect("inproc://vt-workers")
					.build())) {
			inline.send(ZmqMessage.of("one"));
			workers.send(ZmqMessage.of("two"));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> listeners.virtual.containsKey("inline") && listeners.virtual.containsKey("workers"));
		}
		return listeners;
	}

	static boolean isVirtual(Thread thread) {
		if (!VIRTUAL_THREADS_EXIST) {
			return false;
		}
		try {
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static class Listeners {

		final Map<String, Boolean> virtual = new ConcurrentHashMap<>();

		final Map<String, String> names = new ConcurrentHashMap<>();

		@ZmqListener(id = "inline", type = SocketType.PULL, bind = "inproc://vt-inline")
		void inline(String payload) {
			this.names.put("inline", Thread.currentThread().getName());
			this.virtual.put("inline", isVirtual(Thread.currentThread()));
		}

		@ZmqListener(id = "workers", type = SocketType.PULL, bind = "inproc://vt-workers", concurrency = "2")
		void workers(String payload) {
			this.virtual.put("workers", isVirtual(Thread.currentThread()));
		}

	}

}
