package io.github.zmqspring.core.security;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ZMTP heartbeats (RFC 37) on the engine's own implementation: PING every interval, a PONG echoing the PING's
 * context, a silent peer dropped after interval + timeout, and heartbeating peers kept connected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ZmtpHeartbeatTests {

	private final Queue<SocketEvent> events = new ConcurrentLinkedQueue<>();

	private final ZmqEngine engine = ZmqEngine.builder()
		.name("heartbeats")
		.eventListener(this.events::add)
		.build();

	@AfterAll
	void close() {
		this.engine.close();
	}

	/** Reads frames until a command with the given name arrives; returns its data (after the name). */
	private static byte[] readCommand(RawZmtpPeer peer, DataInputStream in, String name) throws IOException {
		while (true) {
			int flags = in.readUnsignedByte();
			long size = ((flags & 0x02) != 0) ? in.readLong() : in.readUnsignedByte();
			byte[] body = in.readNBytes((int) size);
			if ((flags & 0x04) != 0 && body.length > 0) {
				int length = body[0] & 0xFF;
				String command = new String(body, 1, length, StandardCharsets.US_ASCII);
				if (command.equals(name)) {
					byte[] data = new byte[body.length - 1 - length];
					System.arraycopy(body, 1 + length, data, 0, data.length);
					return data;
				}
			}
		}
	}

	private static byte[] command(String name, byte[] data) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write(name.length());
		body.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
		body.writeBytes(data);
		byte[] bytes = body.toByteArray();
		ByteArrayOutputStream frame = new ByteArrayOutputStream();
		frame.write(0x04);
		frame.write(bytes.length);
		frame.writeBytes(bytes);
		return frame.toByteArray();
	}

	@Test
	void aSocketPingsEveryIntervalAndDropsAPeerThatStaysSilent() throws Exception {
		try (ZmqSocket pull = this.engine.open(ZmqSocketSpec.builder("pinging", SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.heartbeatInterval(Duration.ofMillis(100))
			.heartbeatTimeout(Duration.ofMillis(300))
			.build(), (message) -> {
			}); RawZmtpPeer silent = RawZmtpPeer.handshake(pull.boundPort(), "PUSH")) {
			DataInputStream in = new DataInputStream(silent.input());
			byte[] ping = readCommand(silent, in, "PING");
			assertThat(ping).hasSizeGreaterThanOrEqualTo(2);
			String peer = "tcp://127.0.0.1:" + silent.localPort();
			assertThat(silent.closedByServerWithin(Duration.ofSeconds(5))).isTrue();
			await().atMost(Duration.ofSeconds(5)).until(() -> this.events.stream()
				.anyMatch((event) -> event.type() == SocketEventType.DISCONNECTED && event.endpoint().equals(peer)));
		}
	}

	@Test
	void aPingIsAnsweredWithAPongEchoingItsContext() throws Exception {
		try (ZmqSocket pull = this.engine.open(ZmqSocketSpec.builder("ponging", SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.build(), (message) -> {
			}); RawZmtpPeer peer = RawZmtpPeer.handshake(pull.boundPort(), "PUSH")) {
			byte[] data = new byte[2 + 16];
			data[0] = 0;
			data[1] = 50;
			byte[] context = "sixteen-octets!!".getBytes(StandardCharsets.US_ASCII);
			System.arraycopy(context, 0, data, 2, 16);
			peer.write(command("PING", data));
			assertThat(readCommand(peer, new DataInputStream(peer.input()), "PONG")).isEqualTo(context);
		}
	}

	@Test
	void heartbeatingSocketsStayConnectedAndKeepDelivering() throws Exception {
		BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
		try (ZmqSocket pull = this.engine.open(ZmqSocketSpec.builder("alive-in", SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.heartbeatInterval(Duration.ofMillis(50))
			.heartbeatTimeout(Duration.ofSeconds(2))
			.build(), received::add);
				ZmqSocket push = this.engine.open(ZmqSocketSpec.builder("alive-out", SocketType.PUSH)
					.connect("tcp://127.0.0.1:" + pull.boundPort())
					.heartbeatInterval(Duration.ofMillis(50))
					.heartbeatTimeout(Duration.ofSeconds(2))
					.build())) {
			push.send(ZmqMessage.of("first"));
			assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(ZmqMessage.of("first"));
			// Many heartbeat intervals without traffic: the PINGs keep both sides alive (the timeout is generous so that
			// a loaded machine's scheduling pauses cannot look like silence, and the watch outlasts it).
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(8)).until(() -> this.events.stream()
				.noneMatch((event) -> event.type() == SocketEventType.DISCONNECTED
						&& (event.socketName().equals("alive-in") || event.socketName().equals("alive-out"))));
			push.send(ZmqMessage.of("after the silence"));
			assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(ZmqMessage.of("after the silence"));
		}
	}

}
