package io.github.zmqspring.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocketSpec;

import static io.github.zmqspring.interop.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request/reply between the engine and real pyzmq/libzmq REQ and REP sockets, both ways, with every payload.
 */
@Tag("interop")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestReplyInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ZmqEngine engine = ZmqEngine.builder().name("interop-reqrep").build();

	@AfterAll
	void closeEngine() {
		this.engine.close();
	}

	@Nested
	class PyzmqReqToEngineServer {

		@Test
		void everyPayloadArrivesExactlyAndTheReplyComesBackExactly() {
			List<ZmqMessage> served = new CopyOnWriteArrayList<>();
			ZmqServer server = RequestReplyInteropTests.this.engine.server(
					ZmqSocketSpec.builder("rep", SocketType.REP).bind("tcp://127.0.0.1:*").build(), (request) -> {
						served.add(request.body());
						return request.body().append(utf8("java"));
					});
			try (server; PyPeer peer = PyPeer.start()) {
				peer.socket("req", "REQ").connect("req", server.boundPort());
				List<ZmqMessage> sent = new ArrayList<>();
				for (Map.Entry<String, ZmqMessage> payload : Payloads.all().entrySet()) {
					peer.send("req", payload.getValue());
					assertThat(peer.recv("req", WAIT)).as("reply to '%s' seen by pyzmq", payload.getKey())
						.isEqualTo(payload.getValue().append(utf8("java")));
					sent.add(payload.getValue());
				}
				assertThat(served).as("requests seen by the engine").containsExactlyElementsOf(sent);
				assertThat(served.get(5).size()).isEqualTo(100);
			}
		}

	}

	@Nested
	class EngineRequesterToPyzmqRep {

		@Test
		void everyPayloadArrivesExactlyAndTheReplyComesBackExactly() {
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("rep", "REP");
				int port = peer.bind("rep");
				Map<String, ZmqMessage> payloads = Payloads.all();
				peer.serve("rep", payloads.size(), "rep", 0, utf8("py"));
				try (ZmqRequester requester = requester(port, SocketType.REQ)) {
					for (Map.Entry<String, ZmqMessage> payload : payloads.entrySet()) {
						assertThat(requester.request(payload.getValue(), WAIT)).as("reply to '%s'", payload.getKey())
							.isEqualTo(payload.getValue().append(utf8("py")));
					}
				}
				assertThat(peer.join("rep", WAIT)).as("requests seen by pyzmq REP")
					.containsExactlyElementsOf(payloads.values());
			}
		}

		@Test
		void fiftyRequestsInFlightAreAllAnsweredAndMatched() {
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("rep", "REP");
				int port = peer.bind("rep");
				peer.serve("rep", 50, "rep", 0, utf8("py"));
				try (ZmqRequester requester = requester(port, SocketType.DEALER)) {
					List<ZmqMessage> requests = new ArrayList<>();
					List<CompletableFuture<ZmqMessage>> replies = new ArrayList<>();
					for (int i = 0; i < 50; i++) {
						ZmqMessage request = ZmqMessage.of("request-" + i);
						requests.add(request);
						replies.add(requester.requestAsync(request, WAIT));
					}
					for (int i = 0; i < 50; i++) {
						assertThat(replies.get(i).join()).isEqualTo(ZmqMessage.of("request-" + i, "py"));
					}
					assertThat(requester.inFlight()).isZero();
					assertThat(requester.stats().lateReplies()).isZero();
					assertThat(peer.join("rep", WAIT)).as("requests seen by pyzmq REP")
						.containsExactlyInAnyOrderElementsOf(requests);
				}
			}
		}

		private ZmqRequester requester(int port, SocketType type) {
			return RequestReplyInteropTests.this.engine.requester(ZmqSocketSpec.builder("requester-" + type, type)
				.connect("tcp://127.0.0.1:" + port)
				.build());
		}

	}

}
