package io.github.zmqspring.interop;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static io.github.zmqspring.interop.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PAIR with a pyzmq PAIR in both directions, and the engine's STREAM socket with a plain (non-ZeroMQ) Python TCP
 * socket.
 */
@Tag("interop")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PairAndStreamInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ZmqEngine engine = ZmqEngine.builder().name("interop-pair-stream").build();

	@AfterAll
	void closeEngine() {
		this.engine.close();
	}

	@Test
	void pairCarriesEveryPayloadExactlyBothWays() {
		List<ZmqMessage> payloads = new ArrayList<>(Payloads.all().values());
		List<ZmqMessage> received = new CopyOnWriteArrayList<>();
		try (ZmqSocket pair = this.engine.open(ZmqSocketSpec.builder("pair", SocketType.PAIR).bind("tcp://127.0.0.1:*").build(),
				received::add); PyPeer peer = PyPeer.start()) {
			peer.socket("pair", "PAIR").connect("pair", pair.boundPort());
			for (ZmqMessage payload : payloads) {
				peer.send("pair", payload);
			}
			await().atMost(WAIT).until(() -> received.size() >= payloads.size());
			assertThat(received).as("seen by the engine's PAIR").containsExactlyElementsOf(payloads);
			for (ZmqMessage payload : payloads) {
				pair.send(payload);
			}
			assertThat(peer.collect("pair", payloads.size(), WAIT)).as("seen by the pyzmq PAIR")
				.containsExactlyElementsOf(payloads);
		}
	}

	@Test
	void streamSocketEchoesAPlainTcpClientByteForByte() {
		byte[] data = new ByteArrayOutputStream() {
			{
				writeBytes(utf8("hello\n"));
				writeBytes(new byte[] { (byte) 0xff, (byte) 0xfe, 0, '\n' });
				writeBytes(Payloads.random(64 * 1024, 9));
			}
		}.toByteArray();
		List<ZmqMessage> received = new CopyOnWriteArrayList<>();
		ByteArrayOutputStream echoed = new ByteArrayOutputStream();
		ZmqSocket[] stream = new ZmqSocket[1];
		stream[0] = this.engine.open(ZmqSocketSpec.builder("stream", SocketType.STREAM).bind("tcp://127.0.0.1:*").build(),
				(message) -> {
					received.add(message);
					// [connection id][data]; empty data is the connect (or disconnect) notification
					if (message.size() == 2 && message.frame(1).length > 0) {
						synchronized (echoed) {
							echoed.writeBytes(message.frame(1));
						}
						stream[0].send(message);
					}
				});
		try (ZmqSocket closing = stream[0]; PyPeer peer = PyPeer.start()) {
			peer.tcpConnect("client", stream[0].boundPort()).tcpSend("client", data);
			assertThat(peer.tcpRecv("client", data.length, WAIT)).as("bytes echoed to the plain TCP client")
				.isEqualTo(data);
			synchronized (echoed) {
				assertThat(echoed.toByteArray()).as("bytes the STREAM socket received").isEqualTo(data);
			}
			ZmqMessage connected = received.get(0);
			assertThat(connected.size()).as("connect notification [id][empty]").isEqualTo(2);
			assertThat(connected.frame(1)).isEmpty();
			assertThat(received).allSatisfy((message) -> {
				assertThat(message.size()).isEqualTo(2);
				assertThat(message.frame(0)).isEqualTo(connected.frame(0));
			});
			int before = received.size();
			peer.tcpClose("client");
			await().atMost(WAIT).until(() -> received.size() > before);
			assertThat(received.get(before).frame(1)).as("disconnect notification [id][empty]").isEmpty();
		}
	}

}
