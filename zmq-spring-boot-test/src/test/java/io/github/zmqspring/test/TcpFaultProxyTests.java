package io.github.zmqspring.test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSendTimeoutException;
import io.github.zmqspring.test.TcpFaultProxy.Direction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The fault proxy between two engine sockets (peers) over tcp loopback. Timings are asserted only as lower bounds
 * ("at least the delay"), never as upper bounds.
 */
class TcpFaultProxyTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	static final ZmqPeers peers = ZmqPeers.create();

	@Test
	void forwardsBothWaysAndCountsConnectionsAndBytes() {
		ReplierPeer server = peers.replier().answerText((request) -> "pong").open();
		TcpFaultProxy proxy = peers.faultProxy(server.endpoint());
		RequesterPeer client = peers.dealer().connect(proxy.endpoint()).open();
		assertThat(client.request("ping").text()).isEqualTo("pong");
		assertThat(proxy.acceptedConnections()).isEqualTo(1);
		assertThat(proxy.activeConnections()).isEqualTo(1);
		assertThat(proxy.bytesForwarded(Direction.UPSTREAM)).isPositive();
		assertThat(proxy.bytesForwarded(Direction.DOWNSTREAM)).isPositive();
		assertThat(proxy.target()).isEqualTo(server.endpoint());
		assertThat(proxy.endpoint()).isEqualTo("tcp://127.0.0.1:" + proxy.port());
		assertThat(proxy).hasToString("TcpFaultProxy[" + proxy.endpoint() + " -> " + server.endpoint()
				+ ", active=1, accepted=1, refused=0]");
	}

	@Test
	void aDelayHoldsEveryChunkAtLeastThatLongInEachDirection() {
		Duration delay = Duration.ofMillis(150);
		ReplierPeer server = peers.replier().answerText((request) -> "pong").open();
		TcpFaultProxy proxy = peers.faultProxy(server.endpoint());
		RequesterPeer client = peers.requester().connect(proxy.endpoint()).open();
		client.request("warm-up");
		proxy.delay(delay);
		Instant sent = Instant.now();
		long start = System.nanoTime();
		assertThat(client.request("ping").text()).isEqualTo("pong");
		Duration roundTrip = Duration.ofNanos(System.nanoTime() - start);
		PeerMessage request = server.awaitRequest((message) -> message.text().equals("ping"));
		assertThat(Duration.between(sent, request.receivedAt())).isGreaterThanOrEqualTo(delay);
		assertThat(roundTrip).isGreaterThanOrEqualTo(delay.multipliedBy(2));
	}

	@Test
	void jitterNeverReordersBytes() {
		ReceiverPeer pull = peers.puller().open();
		TcpFaultProxy proxy = peers.faultProxy(pull.endpoint()).delay(Duration.ofMillis(5), Duration.ofMillis(40));
		SenderPeer push = peers.pusher().connect(proxy.endpoint()).open();
		List<String> sent = new ArrayList<>();
		for (int i = 1; i <= 50; i++) {
			push.send("message " + i);
			sent.add("message " + i);
		}
		assertThat(pull.awaitMessages(50, TIMEOUT)).extracting(PeerMessage::text).containsExactlyElementsOf(sent);
	}

	@Test
	void afterACutTheEngineSocketReconnectsThroughTheProxyAndMessagesFlowAgain() {
		ReceiverPeer pull = peers.puller().open();
		TcpFaultProxy proxy = peers.faultProxy(pull.endpoint());
		SenderPeer push = peers.pusher().connect(proxy.endpoint()).open();
		push.send("before");
		assertThat(pull.awaitMessage().text()).isEqualTo("before");

		assertThat(proxy.cutConnections()).isEqualTo(1);

		proxy.awaitAcceptedConnections(2, TIMEOUT);
		await().atMost(TIMEOUT).until(() -> handshakes(pull) == 2);
		assertThat(pull.events()).extracting(SocketEvent::type)
			.contains(SocketEventType.DISCONNECTED);
		for (int i = 1; i <= 5; i++) {
			push.send("after " + i);
		}
		pull.awaitMessage((message) -> message.text().equals("after 5"));
		assertThat(pull.received()).extracting(PeerMessage::text)
			.containsSubsequence("before", "after 1", "after 2", "after 3", "after 4", "after 5");
	}

	@Test
	void withReadingStoppedTheSenderFillsUpToItsHighWaterMarkAndBlocksThenResumeDeliversEverything() {
		ReceiverPeer pull = peers.puller().open();
		TcpFaultProxy proxy = peers.faultProxy(pull.endpoint());
		SenderPeer push = peers.pusher()
			.connect(proxy.endpoint())
			.spec((spec) -> spec.sendHighWaterMark(2).sendTimeout(Duration.ofMillis(200)))
			.open();
		push.awaitConnectedPeers(1, TIMEOUT);
		proxy.stopReading(Direction.UPSTREAM);

		byte[] payload = new byte[256 * 1024];
		int sent = 0;
		ZmqSendTimeoutException blocked = null;
		// the socket buffers (a few MiB at most) and the high water mark fill long before this bound
		while (blocked == null && sent < 400) {
			try {
				push.send(payload);
				sent++;
			}
			catch (ZmqSendTimeoutException ex) {
				blocked = ex;
			}
		}
		assertThat(blocked).as("a send blocked at the high water mark after %d messages", sent).isNotNull();
		// a message is larger than what the proxy reads at once: not one got through
		assertThat(pull.receivedCount()).isZero();

		proxy.resume();
		assertThat(pull.awaitMessages(sent, TIMEOUT)).allSatisfy((message) -> assertThat(message.bytes()).hasSize(
				payload.length));
		push.send(ZmqMessage.of("flowing again"));
		pull.awaitMessage((message) -> message.text().equals("flowing again"));
	}

	@Test
	void refusedConnectionsAreRetriedByTheEngineUntilTheProxyAcceptsAgain() {
		ReceiverPeer pull = peers.puller().open();
		TcpFaultProxy proxy = peers.faultProxy(pull.endpoint()).refuseConnections();
		SenderPeer push = peers.pusher().connect(proxy.endpoint()).open();
		await().atMost(TIMEOUT).until(() -> proxy.refusedConnections() >= 2);
		assertThat(proxy.acceptedConnections()).isZero();
		assertThat(pull.connectedPeers()).isZero();

		proxy.acceptConnections();
		proxy.awaitActiveConnections(1, TIMEOUT);
		push.send("through");
		assertThat(pull.awaitMessage().text()).isEqualTo("through");
	}

	@Test
	void aGracefulCloseAlsoLetsTheEngineReconnect() {
		ReplierPeer server = peers.replier().open();
		TcpFaultProxy proxy = peers.faultProxy(server.endpoint());
		RequesterPeer client = peers.dealer().connect(proxy.endpoint()).open();
		assertThat(client.request("one").text()).isEqualTo("one");
		assertThat(proxy.closeConnections()).isEqualTo(1);
		proxy.awaitAcceptedConnections(2, TIMEOUT);
		assertThat(client.request("two").text()).isEqualTo("two");
	}

	@Test
	void aClosedProxyStopsListening() throws IOException {
		ReceiverPeer pull = peers.puller().open();
		TcpFaultProxy proxy = TcpFaultProxy.start(pull.endpoint());
		int port = proxy.port();
		proxy.close();
		assertThat(proxy.activeConnections()).isZero();
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close());
	}

	@Test
	void theTargetMustBeATcpEndpointWithAPort() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> TcpFaultProxy.start("ipc:///tmp/x"))
			.withMessageContaining("forwards TCP only: 'ipc:///tmp/x'");
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> TcpFaultProxy.start("tcp://127.0.0.1:*"))
			.withMessageContaining("needs the target's actual port: 'tcp://127.0.0.1:*'");
		assertThat(TcpEndpoints.parse("tcp://*:5555").getAddress().isLoopbackAddress()).isTrue();
		assertThat(TcpEndpoints.parse("localhost:5555").getPort()).isEqualTo(5555);
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> peers.faultProxy("tcp://127.0.0.1:1").delay(Duration.ofMillis(-1)))
			.withMessageContaining("must not be negative");
	}

	private static long handshakes(ZmqPeer peer) {
		return peer.events().stream().filter((event) -> event.type() == SocketEventType.HANDSHAKE_SUCCEEDED).count();
	}

}
