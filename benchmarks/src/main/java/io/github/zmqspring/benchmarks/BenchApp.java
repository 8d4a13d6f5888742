package io.github.zmqspring.benchmarks;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.core.SocketType;

/**
 * The Spring Boot application the template/listener benchmarks run in: auto-configuration as users get it, and
 * listeners that stay stopped unless a {@code bench.*} property starts them.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class BenchApp {

	/** Counts what the listeners receive; registered by {@link #start}. */
	static final class Probe {

		final AtomicLong delivered = new AtomicLong();

		/** Told the send time (System.nanoTime, first 8 bytes) of each message the idle listener gets. */
		volatile LongConsumer stamps = (stamp) -> {
		};

	}

	@Bean
	Listeners listeners(Probe probe) {
		return new Listeners(probe);
	}

	/**
	 * Starts the application.
	 * @param probe where the listeners count
	 * @param properties the {@code zmq.*} and {@code bench.*} properties
	 * @return the running context
	 */
	static ConfigurableApplicationContext start(Probe probe, Map<String, Object> properties) {
		return new SpringApplicationBuilder(BenchApp.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.bannerMode(org.springframework.boot.Banner.Mode.OFF)
			.properties(Map.of("logging.level.root", "warn", "spring.main.register-shutdown-hook", "false"))
			.properties(properties)
			.initializers((context) -> context.getBeanFactory().registerSingleton("benchProbe", probe))
			.run();
	}

	/** The listeners; each starts only when its {@code bench.<id>} property is true. */
	static class Listeners {

		private final Probe probe;

		Listeners(Probe probe) {
			this.probe = probe;
		}

		@ZmqListener(id = "pull-bytes", type = SocketType.PULL, connect = "${bench.endpoint:tcp://127.0.0.1:1}",
				autoStartup = "${bench.pull-bytes:false}")
		void pullBytes(byte[] payload) {
			this.probe.delivered.incrementAndGet();
		}

		@ZmqListener(id = "pull-string", type = SocketType.PULL, connect = "${bench.endpoint:tcp://127.0.0.1:1}",
				autoStartup = "${bench.pull-string:false}")
		void pullString(String payload) {
			this.probe.delivered.incrementAndGet();
		}

		@ZmqListener(id = "sub-bytes", type = SocketType.SUB, connect = "${bench.endpoint:tcp://127.0.0.1:1}",
				topics = Pipe.TOPIC, autoStartup = "${bench.sub-bytes:false}")
		void subBytes(byte[] payload) {
			this.probe.delivered.incrementAndGet();
		}

		@ZmqListener(id = "sub-string", type = SocketType.SUB, connect = "${bench.endpoint:tcp://127.0.0.1:1}",
				topics = Pipe.TOPIC, autoStartup = "${bench.sub-string:false}")
		void subString(String payload) {
			this.probe.delivered.incrementAndGet();
		}

		@ZmqListener(id = "idle", type = SocketType.PULL, connect = "${bench.endpoint:tcp://127.0.0.1:1}",
				autoStartup = "${bench.idle:false}")
		void idle(byte[] payload) {
			long now = System.nanoTime();
			this.probe.stamps.accept(now - Stamps.read(payload));
		}

		@ZmqListener(id = "rep", type = SocketType.REP, bind = "${bench.rep-endpoint:tcp://127.0.0.1:*}",
				autoStartup = "${bench.rep:false}")
		byte[] rep(byte[] request) {
			return request;
		}

		@ZmqListener(id = "router", type = SocketType.ROUTER, bind = "${bench.router-endpoint:tcp://127.0.0.1:*}",
				concurrency = "4", autoStartup = "${bench.router:false}")
		byte[] router(byte[] request) {
			return request;
		}

		/** For the memory case: registered programmatically, many times. */
		void memory(byte[] payload) {
			this.probe.delivered.incrementAndGet();
		}

	}

}
