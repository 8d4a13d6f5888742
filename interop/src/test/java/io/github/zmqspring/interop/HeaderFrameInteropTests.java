package io.github.zmqspring.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.boot.autoconfigure.ZmqAutoConfiguration;
import io.github.zmqspring.boot.autoconfigure.ZmqListenerAutoConfiguration;
import io.github.zmqspring.config.ZmqListenerEndpointRegistry;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.template.ZmqTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The header frame against real pyzmq peers, with Boot's tracing over Brave live on the Java side: off (the
 * default), a pyzmq peer receives exactly the payload frames although the send was traced; on, a pyzmq peer reads the
 * {@code traceparent} with the README's snippet (run as written there, by {@code header_frame_peer.py}), after the
 * topic on SUB, and a header frame written by pyzmq reaches a {@code @ZmqListener} as headers, its trace continued.
 */
@Tag("interop")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HeaderFrameInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final Pattern TRACEPARENT = Pattern.compile("\"traceparent\": \"00-([0-9a-f]{32})-([0-9a-f]{16})-01\"");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				MicrometerTracingAutoConfiguration.class, BraveAutoConfiguration.class, ZmqAutoConfiguration.class,
				ZmqListenerAutoConfiguration.class))
		.withUserConfiguration(Spans.class)
		.withPropertyValues("management.tracing.sampling.probability=1.0", "zmq.template.observation-enabled=true",
				"zmq.listener.observation-enabled=true");

	@Test
	void offAPyzmqPeerReceivesExactlyThePayloadFramesOfATracedSend() {
		try (PyPeer peer = PyPeer.start()) {
			peer.socket("pull", "PULL");
			int port = peer.bind("pull");
			this.runner.withPropertyValues("zmq.sockets.out.type=PUSH", "zmq.sockets.out.connect=tcp://127.0.0.1:" + port)
				.run((context) -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					template.newMessage("out", "job").withHeader("tenant", "acme").send();
					template.send("out", ZmqMessage.of("a", "b"));
					assertThat(peer.recv("pull", WAIT)).isEqualTo(ZmqMessage.of("job"));
					assertThat(peer.recv("pull", WAIT)).isEqualTo(ZmqMessage.of("a", "b"));
					// the sends were traced: there was a trace context, and it stayed home
					assertThat(context.getBean(Spans.class).named("send out")).hasSize(2);
				});
		}
	}

	@Test
	void onAPyzmqPullPeerReadsTheTraceparentWithTheReadmeSnippet() {
		try (HeaderFramePeer python = HeaderFramePeer.start("pull")) {
			int port = python.port();
			this.runner.withPropertyValues("zmq.sockets.out.type=PUSH", "zmq.sockets.out.connect=tcp://127.0.0.1:" + port,
					"zmq.sockets.out.headers.enabled=true")
				.run((context) -> {
					context.getBean(ZmqTemplate.class).newMessage("out", "job").withHeader("tenant", "acme").send();
					String received = python.line();
					MutableSpan send = context.getBean(Spans.class).named("send out").get(0);
					Matcher traceparent = TRACEPARENT.matcher(received);
					assertThat(traceparent.find()).as(received).isTrue();
					assertThat(traceparent.group(1)).isEqualTo(send.traceId());
					assertThat(traceparent.group(2)).isEqualTo(send.id());
					assertThat(received).contains("\"tenant\": \"acme\"").contains("\"payload\": \"job\"");
				});
		}
	}

	@Test
	void onAPyzmqSubscriberFindsTheFrameAfterTheTopicItSubscribedTo() {
		try (HeaderFramePeer python = HeaderFramePeer.start("sub", "weather")) {
			int port = python.port();
			this.runner.withPropertyValues("zmq.sockets.feed.type=PUB", "zmq.sockets.feed.connect=tcp://127.0.0.1:" + port,
					"zmq.sockets.feed.headers.enabled=true")
				.run((context) -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					// PUB drops messages until the subscription has travelled: publish until the peer has one
					String received = await().atMost(WAIT).until(() -> {
						template.send("feed", "weather.eu", "sunny");
						return python.poll(Duration.ofMillis(100));
					}, (line) -> line != null);
					assertThat(received).contains("\"topic\": \"weather.eu\"").contains("\"payload\": \"sunny\"");
					assertThat(TRACEPARENT.matcher(received).find()).as(received).isTrue();
				});
		}
	}

	@Test
	void aHeaderFrameWrittenByPyzmqReachesAZmqListenerAsHeadersAndContinuesItsTrace() {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		String parentId = "00f067aa0ba902b7";
		this.runner.withUserConfiguration(ListenerConfig.class).withPropertyValues("zmq.defaults.headers.enabled=true")
			.run((context) -> {
				int port = context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer("py-in").getSocket()
					.boundPort();
				try (HeaderFramePeer python = HeaderFramePeer.start("push", Integer.toString(port), "job-7",
						"traceparent=00-" + traceId + "-" + parentId + "-01", "tenant=acme")) {
					assertThat(python.line()).isEqualTo("sent");
				}
				Listener listener = context.getBean(Listener.class);
				await().atMost(WAIT).until(() -> !listener.received.isEmpty());
				assertThat(listener.received.peek()).isEqualTo("job-7 tenant=acme trace=" + traceId);
				MutableSpan process = await().atMost(WAIT)
					.until(() -> context.getBean(Spans.class).named("process py-in"), (spans) -> !spans.isEmpty())
					.get(0);
				assertThat(process.traceId()).isEqualTo(traceId);
				assertThat(process.parentId()).isEqualTo(parentId);
			});
	}

	/** Collects the finished spans. */
	@Configuration(proxyBeanMethods = false)
	static class Spans {

		private final Queue<MutableSpan> finished = new ConcurrentLinkedQueue<>();

		@Bean
		SpanHandler collectingSpanHandler() {
			return new SpanHandler() {

				@Override
				public boolean end(TraceContext context, MutableSpan span, Cause cause) {
					Spans.this.finished.add(span);
					return true;
				}

			};
		}

		List<MutableSpan> named(String name) {
			return this.finished.stream().filter((span) -> name.equals(span.name())).toList();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ListenerConfig {

		@Bean
		Listener pyListener(ObjectProvider<Tracer> tracer) {
			return new Listener(tracer);
		}

	}

	static class Listener {

		final Queue<String> received = new ConcurrentLinkedQueue<>();

		private final ObjectProvider<Tracer> tracer;

		Listener(ObjectProvider<Tracer> tracer) {
			this.tracer = tracer;
		}

		@ZmqListener(id = "py-in", type = SocketType.PULL, bind = "tcp://127.0.0.1:*")
		void onJob(String job, @Header("tenant") String tenant) {
			Span span = this.tracer.getObject().currentSpan();
			this.received.add(job + " tenant=" + tenant + " trace=" + ((span != null) ? span.context().traceId() : "none"));
		}

	}

	/**
	 * One run of {@code header_frame_peer.py}, which reads and writes the header frame with the README's snippet. Its
	 * output lines are read with a bound; {@link #close()} ends the process.
	 */
	static final class HeaderFramePeer implements AutoCloseable {

		private final Process process;

		private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

		private final StringBuffer stderr = new StringBuffer();

		private HeaderFramePeer(Process process) {
			this.process = process;
			Thread out = new Thread(() -> readInto(process.inputReader(StandardCharsets.UTF_8), this.lines::add),
					"py-header-out");
			out.setDaemon(true);
			out.start();
			Thread err = new Thread(() -> readInto(process.errorReader(StandardCharsets.UTF_8),
					(line) -> this.stderr.append(line).append('\n')), "py-header-err");
			err.setDaemon(true);
			err.start();
		}

		static HeaderFramePeer start(String... arguments) {
			PyPeer.requirePyzmq();
			Path script = Path.of(System.getProperty("interop.header-peer", "src/test/python/header_frame_peer.py"));
			Path readme = Path.of(System.getProperty("interop.readme", "../README.md"));
			assertThat(script).isRegularFile();
			assertThat(readme).isRegularFile();
			List<String> command = new ArrayList<>(List.of(PyPeer.PYTHON, "-u", script.toString(), readme.toString()));
			command.addAll(List.of(arguments));
			try {
				return new HeaderFramePeer(new ProcessBuilder(command).start());
			}
			catch (IOException ex) {
				throw new AssertionError("Could not start " + command + ": " + ex, ex);
			}
		}

		private static void readInto(BufferedReader reader, Consumer<String> lines) {
			try (reader) {
				String line;
				while ((line = reader.readLine()) != null) {
					lines.accept(line);
				}
			}
			catch (IOException ex) {
				// the process ended
			}
		}

		int port() {
			String line = line();
			assertThat(line).startsWith("port ");
			return Integer.parseInt(line.substring("port ".length()));
		}

		String line() {
			String line = poll(WAIT);
			if (line == null) {
				throw new AssertionError("header_frame_peer.py printed nothing within " + WAIT + "; stderr: " + this.stderr);
			}
			return line;
		}

		String poll(Duration timeout) {
			try {
				return this.lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("interrupted", ex);
			}
		}

		@Override
		public void close() {
			try {
				if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
		}

	}

}
