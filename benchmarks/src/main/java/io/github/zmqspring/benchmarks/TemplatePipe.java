package io.github.zmqspring.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.context.ConfigurableApplicationContext;

import io.github.zmqspring.template.ZmqTemplate;

/**
 * {@code ZmqTemplate.send} on a named socket ({@code zmq.sockets.out}) → a {@code @ZmqListener} method, in a Spring
 * Boot application with the auto-configuration.
 */
final class TemplatePipe extends Pipe {

	private final ConfigurableApplicationContext context;

	private final ZmqTemplate template;

	private final Object payload;

	private final AtomicLong counter;

	/**
	 * Starts the application.
	 * @param pattern PUSH→PULL or PUB→SUB
	 * @param size the payload size
	 * @param strings String payloads (UTF-8) instead of byte[]
	 */
	TemplatePipe(Pattern pattern, int size, boolean strings) {
		super(strings ? "template-string" : "template-bytes");
		byte[] bytes = payload(size);
		this.payload = strings ? new String(bytes, StandardCharsets.US_ASCII) : bytes;
		int port = freePort();
		boolean push = pattern == Pattern.PUSH_PULL;
		String listener = (push ? "pull-" : "sub-") + (strings ? "string" : "bytes");
		BenchApp.Probe probe = new BenchApp.Probe();
		this.context = BenchApp.start(probe, Map.of("zmq.sockets.out.type", push ? "PUSH" : "PUB",
				"zmq.sockets.out.bind", "tcp://127.0.0.1:" + port, "bench.endpoint", "tcp://127.0.0.1:" + port,
				"bench." + listener, "true"));
		this.template = this.context.getBean(ZmqTemplate.class);
		this.counter = probe.delivered;
	}

	@Override
	long delivered() {
		return this.counter.get();
	}

	@Override
	protected Sender sender(int index) {
		return () -> this.template.send("out", this.payload);
	}

	@Override
	protected void closeResources() {
		this.context.close();
	}

}
