package io.github.zmqspring.core.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A continuous flood of connections that never handshake, against a socket with few handshake slots
 * ({@code maxPendingHandshakes}): an idle connection holds its slot for the grace at most (a second) before a newcomer
 * that sent its greeting takes it, and the flood's idle newcomers are refused rather than queued ahead of it, so a
 * real client is still served, within about the grace (the bound below leaves room for a loaded machine).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HandshakeFloodTests {

	/** Threads opening idle connections, each keeping at most 250 open. */
	private static final int FLOODERS = 4;

	/**
	 * The grace of a stalled handshake (a second) and, at worst, SYNs the full listen backlog dropped: Linux resends a
	 * dropped SYN after 1, 3, 7 and 15 s, so a client that lost three in a row to the flood is served after 15 s.
	 */
	private static final Duration SERVED_WITHIN = Duration.ofSeconds(30);

	private final ZmqEngine engine = ZmqEngine.builder().name("flood").build();

	private final AtomicBoolean flooding = new AtomicBoolean(true);

	@AfterEach
	void close() {
		this.flooding.set(false);
		this.engine.close();
	}

	@Test
	void goodCurveClientsAreServedDuringAContinuousFloodOfIdleConnections() throws Exception {
		ZmqKeyPair serverKeys = ZmqSecurity.generateKeyPair();
		ZmqKeyPair clientKeys = ZmqSecurity.generateKeyPair();
		Queue<String> received = new ConcurrentLinkedQueue<>();
		try (ZmqSocket server = this.engine.open(ZmqSocketSpec.builder("flooded", SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.security(ZmqSecurity.curveServer(serverKeys))
			.maxPendingHandshakes(16)
			.build(), (message) -> received.add(message.frameAsString(0)))) {
			AtomicInteger opened = new AtomicInteger();
			Thread[] floods = new Thread[FLOODERS];
			for (int i = 0; i < FLOODERS; i++) {
				floods[i] = new Thread(() -> flood(server.boundPort(), opened), "idle-connection-flood-" + i);
				floods[i].setDaemon(true);
				floods[i].start();
			}
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> opened.get() >= 200);
				for (int i = 0; i < 5; i++) {
					String payload = "good client " + i;
					try (ZmqSocket client = this.engine.open(ZmqSocketSpec.builder("good-" + i, SocketType.PUSH)
						.connect("tcp://127.0.0.1:" + server.boundPort())
						.security(ZmqSecurity.curveClient(clientKeys, serverKeys.publicKey()))
						.linger(Duration.ZERO)
						.build())) {
						int before = opened.get();
						client.send(ZmqMessage.of(payload));
						await().atMost(SERVED_WITHIN).until(() -> received.contains(payload));
						// The flood really ran while this client handshook.
						await().atMost(Duration.ofSeconds(5)).until(() -> opened.get() > before);
					}
				}
			}
			finally {
				this.flooding.set(false);
				for (Thread flood : floods) {
					flood.join(10_000);
				}
			}
			assertThat(opened.get()).isGreaterThan(200);
			assertThat(server.stats().handshakeFailures()).isPositive();
		}
	}

	/** Opens idle connections as fast as it can, keeping at most 250 open (closing the oldest). */
	private void flood(int port, AtomicInteger opened) {
		ArrayDeque<Socket> open = new ArrayDeque<>();
		try {
			while (this.flooding.get()) {
				Socket socket = new Socket();
				try {
					socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
					open.add(socket);
					opened.incrementAndGet();
				}
				catch (IOException ex) {
					closeQuietly(socket);
				}
				while (open.size() > 250) {
					closeQuietly(open.poll());
				}
			}
		}
		finally {
			open.forEach(HandshakeFloodTests::closeQuietly);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing a flood connection: nothing to do.
		}
	}

}
