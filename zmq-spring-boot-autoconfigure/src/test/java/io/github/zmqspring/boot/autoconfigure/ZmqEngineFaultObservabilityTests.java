package io.github.zmqspring.boot.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.zmqspring.boot.actuate.ZmqHealthContributor;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.ZmqMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hostile peer's frame header (the {@code FF×8} long-frame size) as the metrics and the health contributor see it:
 * counted on the socket ({@code zmq.engine.faults}), shown on the socket's health entry ({@code zmq/jobs}) with
 * the status DOWN for one check, UP again at the next, and the socket still serving a well-behaved peer.
 */
class ZmqEngineFaultObservabilityTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqMetricsAutoConfiguration.class,
				ZmqHealthAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	@Test
	void anEngineFaultIsCountedReportedDownOnceAndTheSocketKeepsServing() {
		contextRunner.run((context) -> {
			ZmqEngine engine = context.getBean(ZmqEngine.class);
			BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
			try (ZmqSocket pull = engine.open(
					ZmqSocketSpec.builder("jobs", SocketType.PULL).bind("tcp://127.0.0.1:*").build(), received::add)) {
				context.getBean(ZmqMetrics.class).socketOpened(pull);
				HealthIndicator indicator = (HealthIndicator) context.getBean(ZmqHealthContributor.class)
					.getContributor("jobs");
				assertThat(indicator.health(true).getDetails()).doesNotContainKey("engineFaults");

				try (Socket offender = nullHandshake(pull.boundPort())) {
					OutputStream out = offender.getOutputStream();
					out.write(ByteBuffer.allocate(9).put((byte) 0x02).putLong(-1L).array());
					out.write(new byte[4096]);
					out.flush();
					await().atMost(WAIT).until(() -> pull.stats().engineFaults() == 1);
				}

				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("zmq.engine.faults").tags("socket", "jobs", "type", "PULL").functionCounter()
					.count()).isEqualTo(1);
				Health first = indicator.health(true);
				assertThat(first.getStatus()).isEqualTo(Status.DOWN);
				assertThat(first.getDetails()).containsEntry("engineFaults", 1L)
					.containsEntry("faultsSinceLastCheck", 1L)
					.hasEntrySatisfying("error", (error) -> assertThat((String) error)
						.contains("1 I/O fault(s) since the previous check"));
				// The connection is quarantined and the socket serves on: the next check is UP again.
				Health second = indicator.health(true);
				assertThat(second.getStatus()).isEqualTo(Status.UP);
				assertThat(second.getDetails()).containsEntry("engineFaults", 1L)
					.containsEntry("faultsSinceLastCheck", 0L)
					.doesNotContainKey("error");

				try (ZmqSocket push = engine.open(ZmqSocketSpec.builder("good", SocketType.PUSH)
					.connect("tcp://127.0.0.1:" + pull.boundPort())
					.build())) {
					push.send(ZmqMessage.of("still served"));
					assertThat(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull()
						.satisfies((message) -> assertThat(message.frameAsString(0)).isEqualTo("still served"));
				}
			}
		});
	}

	/** A raw TCP peer that completes a ZMTP 3.0 NULL handshake as a PUSH socket. */
	private static Socket nullHandshake(int port) throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
		socket.setSoTimeout((int) WAIT.toMillis());
		byte[] greeting = new byte[64];
		greeting[0] = (byte) 0xFF;
		greeting[9] = 0x7F;
		greeting[10] = 3;
		System.arraycopy("NULL".getBytes(StandardCharsets.US_ASCII), 0, greeting, 12, 4);
		OutputStream out = socket.getOutputStream();
		out.write(greeting);
		ByteArrayOutputStream ready = new ByteArrayOutputStream();
		ready.write(5);
		ready.writeBytes("READY".getBytes(StandardCharsets.US_ASCII));
		ready.write(11);
		ready.writeBytes("Socket-Type".getBytes(StandardCharsets.US_ASCII));
		ready.writeBytes(ByteBuffer.allocate(4).putInt(4).array());
		ready.writeBytes("PUSH".getBytes(StandardCharsets.US_ASCII));
		out.write(0x04);
		out.write(ready.size());
		out.write(ready.toByteArray());
		out.flush();
		DataInputStream in = new DataInputStream(socket.getInputStream());
		in.readFully(new byte[64]);
		// the server's READY: after it, the server takes our bytes as traffic
		int flags = in.readUnsignedByte();
		in.readFully(new byte[in.readUnsignedByte()]);
		assertThat(flags).isEqualTo(0x04);
		return socket;
	}

}
