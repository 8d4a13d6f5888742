package io.github.zmqspring.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequestTimeoutException;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * REP/ROUTER repliers and REQ/DEALER requesters against sockets of another engine (standing for the application's).
 */
class RequestReplyPeerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	static final ZmqPeers peers = ZmqPeers.create();

	private static final ZmqEngine application = ZmqEngine.builder().name("application").build();

	@AfterAll
	static void closeApplication() {
		application.close();
	}

	private static ZmqRequester applicationClient(SocketType type, String endpoint) {
		return application.requester(ZmqSocketSpec.builder("app-client", type).connect(endpoint).build());
	}

	/** Records in the passed record. */
	record Order(int id, String item) {
	}

	/** Answers in the passed record. */
	record Confirmation(int id, boolean accepted) {
	}

	@Nested
	class Replier {

		@Test
		void answersEveryRequestAndRecordsIt() {
			ReplierPeer server = peers.replier().answerText((request) -> "World").open();
			try (ZmqRequester client = applicationClient(SocketType.REQ, server.endpoint())) {
				for (int i = 1; i <= 3; i++) {
					assertThat(client.request(ZmqMessage.of("Hello " + i), TIMEOUT).frameAsString(0)).isEqualTo("World");
				}
			}
			assertThat(server.awaitRequests(3, TIMEOUT)).extracting(PeerMessage::text)
				.containsExactly("Hello 1", "Hello 2", "Hello 3");
			assertThat(server.requests()).allSatisfy((request) -> assertThat(request.envelope()).isNotEmpty());
			assertThat(server.awaitRequest((request) -> request.text().endsWith("2")).text()).isEqualTo("Hello 2");
		}

		@Test
		void echoesByDefaultAndTheResponderCanBeReplaced() {
			ReplierPeer server = peers.replier().open();
			try (ZmqRequester client = applicationClient(SocketType.DEALER, server.endpoint())) {
				assertThat(client.request(ZmqMessage.of("a", "b"), TIMEOUT)).isEqualTo(ZmqMessage.of("a", "b"));
				server.answer((request) -> ZmqMessage.of("replaced"));
				assertThat(client.request(ZmqMessage.of("c"), TIMEOUT).frameAsString(0)).isEqualTo("replaced");
			}
		}

		@Test
		void answersJsonWithJson() {
			ReplierPeer server = peers.replier()
				.answerJson(Order.class, (order) -> new Confirmation(order.id(), order.item().equals("book")))
				.open();
			try (ZmqRequester client = applicationClient(SocketType.REQ, server.endpoint())) {
				ZmqMessage reply = client.request(ZmqMessage.of("{\"id\":7,\"item\":\"book\"}"), TIMEOUT);
				assertThat(reply.frameAsString(0)).isEqualTo("{\"id\":7,\"accepted\":true}");
			}
			assertThat(server.awaitRequests(1, TIMEOUT).get(0).json(Order.class)).isEqualTo(new Order(7, "book"));
		}

		@Test
		void aFailingResponderAnswersWithTheErrorReplySoTheClientIsNotLeftWaiting() {
			ReplierPeer server = peers.replier().answer((request) -> {
				throw new IllegalStateException("out of stock");
			}).open();
			try (ZmqRequester client = applicationClient(SocketType.REQ, server.endpoint())) {
				assertThat(client.request(ZmqMessage.of("order"), TIMEOUT).frameAsString(0))
					.isEqualTo("ERROR: IllegalStateException: out of stock");
			}
			assertThat(server.requests()).hasSize(1);
		}

		@Test
		void aRouterReplierAnswersADealerThatSendsNoDelimiter() throws Exception {
			ReplierPeer router = peers.router().answerText(String::toUpperCase).open();
			BlockingQueue<ZmqMessage> replies = new LinkedBlockingQueue<>();
			try (ZmqSocket dealer = application.open(ZmqSocketSpec.builder("app-dealer", SocketType.DEALER)
				.routingId("dealer-1")
				.connect(router.endpoint())
				.build(), replies::add)) {
				router.awaitConnectedPeers(1, TIMEOUT);
				dealer.send(ZmqMessage.of("shout"));
				ZmqMessage reply = replies.poll(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
				assertThat(reply).isEqualTo(ZmqMessage.of("SHOUT"));
			}
			PeerMessage request = router.awaitRequests(1, TIMEOUT).get(0);
			assertThat(new String(request.envelope().get(0))).isEqualTo("dealer-1");
		}

	}

	@Nested
	class Requester {

		@Test
		void aReqPeerGetsTheApplicationServersReplies() {
			try (ZmqServer server = application.server(ZmqSocketSpec.builder("app-rep", SocketType.REP)
				.bind("tcp://127.0.0.1:*")
				.build(), (request) -> request.body().frameAsString(0).startsWith("{") ? request.body()
						: ZmqMessage.of("World from " + request.body().frameAsString(0)))) {
				RequesterPeer client = peers.requester().connect("tcp://127.0.0.1:" + server.boundPort()).open();
				assertThat(client.request("Hello").text()).isEqualTo("World from Hello");
				assertThat(client.requestJson(new Order(1, "pen"), Order.class)).isEqualTo(new Order(1, "pen"));
			}
		}

		@Test
		void aDealerPeerKeepsManyRequestsInFlight() {
			ReplierPeer server = peers.replier().answerText((request) -> "re: " + request).open();
			RequesterPeer client = peers.dealer().connect(server.endpoint()).open();
			List<CompletableFuture<PeerMessage>> replies = new ArrayList<>();
			for (int i = 1; i <= 20; i++) {
				replies.add(client.requestAsync(ZmqMessage.of("q" + i), TIMEOUT));
			}
			for (int i = 1; i <= 20; i++) {
				assertThat(replies.get(i - 1).join().text()).isEqualTo("re: q" + i);
			}
			assertThat(client.inFlight()).isZero();
		}

		@Test
		void aRequestWithoutAReplyTimesOutWithTheEnginesException() {
			ReplierPeer server = peers.replier().open();
			// nothing gets through: the proxy refuses every connection
			TcpFaultProxy proxy = peers.faultProxy(server.endpoint()).refuseConnections();
			// without a connection a REQ request waits for one up to the send timeout (5 s by default) first
			RequesterPeer client = peers.requester()
				.connect(proxy.endpoint())
				.spec((spec) -> spec.linger(Duration.ZERO).sendTimeout(Duration.ofMillis(300)))
				.open();
			assertThatExceptionOfType(ZmqRequestTimeoutException.class)
				.isThrownBy(() -> client.request(ZmqMessage.of("anyone?"), Duration.ofMillis(300)));
			assertThat(server.requests()).isEmpty();
		}

	}

}
