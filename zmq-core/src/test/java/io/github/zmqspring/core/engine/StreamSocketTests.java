package io.github.zmqspring.core.engine;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

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
 * STREAM sockets on the engine's own implementation against plain {@link java.net.Socket} clients: a line echo that
 * keeps up with 50,000 pipelined lines at the default high water mark, connect and disconnect notices, and a client
 * that stops reading, which costs its own connection and nobody else's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamSocketTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final ZmqEngine engine = ZmqEngine.builder().name("stream").build();

	@AfterAll
	void close() {
		this.engine.close();
	}

	/** A line echo: buffers bytes per connection and answers each complete line. */
	private final class LineEcho {

		final Map<ByteBuffer, ByteArrayOutputStream> partial = new HashMap<>();

		final ConcurrentLinkedQueue<String> notices = new ConcurrentLinkedQueue<>();

		ZmqSocket socket;

		LineEcho(ZmqSocketSpec.Builder spec) {
			this.socket = StreamSocketTests.this.engine.open(spec.bind("tcp://127.0.0.1:*").build(), this::onBytes);
		}

		private void onBytes(ZmqMessage message) {
			ByteBuffer id = ByteBuffer.wrap(message.frame(0));
			byte[] data = message.frame(1);
			if (data.length == 0) {
				if (this.partial.remove(id) != null) {
					this.notices.add("disconnected");
				}
				else {
					this.partial.put(id, new ByteArrayOutputStream());
					this.notices.add("connected");
				}
				return;
			}
			ByteArrayOutputStream line = this.partial.computeIfAbsent(id, (key) -> new ByteArrayOutputStream());
			for (byte b : data) {
				if (b == '\n') {
					this.socket.send(ZmqMessage.of(message.frame(0),
							("echo: " + line.toString(StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8)));
					line.reset();
				}
				else {
					line.write(b);
				}
			}
		}

	}

	@Test
	void aLineEchoAnswersFiftyThousandPipelinedLinesInOrderAtTheDefaultHighWaterMark() throws Exception {
		LineEcho echo = new LineEcho(ZmqSocketSpec.builder("echo-50k", SocketType.STREAM));
		int lines = 50_000;
		try (ZmqSocket server = echo.socket; Socket client = new Socket("127.0.0.1", server.boundPort())) {
			client.setSoTimeout((int) WAIT.toMillis());
			CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
				try {
					OutputStream out = client.getOutputStream();
					StringBuilder batch = new StringBuilder();
					for (int i = 0; i < lines; i++) {
						batch.append("line ").append(i).append('\n');
						if (batch.length() > 8192) {
							out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
							batch.setLength(0);
						}
					}
					out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
					out.flush();
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			});
			BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
			for (int i = 0; i < lines; i++) {
				assertThat(in.readLine()).isEqualTo("echo: line " + i);
			}
			writer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(server.stats().dropped()).isZero();
		}
	}

	@Test
	void connectsAndDisconnectsArriveAsEmptyFrames() throws Exception {
		LineEcho echo = new LineEcho(ZmqSocketSpec.builder("notices", SocketType.STREAM));
		try (ZmqSocket server = echo.socket) {
			try (Socket client = new Socket("127.0.0.1", server.boundPort())) {
				await().atMost(WAIT).until(() -> echo.notices.contains("connected"));
			}
			await().atMost(WAIT).until(() -> echo.notices.contains("disconnected"));
		}
	}

	@Test
	void aClientThatStopsReadingCostsOnlyItsOwnConnection() throws Exception {
		LineEcho echo = new LineEcho(ZmqSocketSpec.builder("stuck", SocketType.STREAM)
			.sendHighWaterMark(100)
			.sendTimeout(Duration.ofMillis(500)));
		try (ZmqSocket server = echo.socket; Socket stuck = new Socket("127.0.0.1", server.boundPort())) {
			// Writes far more than the kernel buffers and the high water mark hold, and never reads the echoes.
			CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
				byte[] chunk = "x\n".repeat(4096).getBytes(StandardCharsets.UTF_8);
				try {
					OutputStream out = stuck.getOutputStream();
					for (int i = 0; i < 400; i++) {
						out.write(chunk);
					}
				}
				catch (IOException ex) {
					// Expected once the server drops this client.
				}
			});
			await().atMost(WAIT).until(() -> server.stats().dropped() > 0 || echo.notices.contains("disconnected"));
			try (Socket good = new Socket("127.0.0.1", server.boundPort())) {
				good.setSoTimeout((int) WAIT.toMillis());
				BufferedReader in = new BufferedReader(new InputStreamReader(good.getInputStream(), StandardCharsets.UTF_8));
				for (int i = 0; i < 100; i++) {
					good.getOutputStream().write(("ping " + i + "\n").getBytes(StandardCharsets.UTF_8));
					assertThat(in.readLine()).isEqualTo("echo: ping " + i);
				}
			}
			await().atMost(WAIT).until(() -> echo.notices.stream().filter("disconnected"::equals).count() >= 1);
			flood.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

}
