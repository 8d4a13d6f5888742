package io.github.zmqspring.samples.reqrep;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.github.zmqspring.test.PeerMessage;
import io.github.zmqspring.test.ReplierPeer;
import io.github.zmqspring.test.ZmqPeers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clients alone ({@code hello.server.enabled=false}) against a REP peer in the place of the guide's
 * {@code hwserver}: the peer records every request and answers with its own word, so the test sees both sides.
 */
@SpringBootTest(properties = "hello.server.enabled=false")
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class HelloClientsTests {

	@RegisterExtension
	static final ZmqPeers peers = ZmqPeers.create();

	static final ReplierPeer server = peers.replier().answerText((request) -> "Welt").open();

	@DynamicPropertySource
	static void serverEndpoint(DynamicPropertyRegistry registry) {
		registry.add("hello.host", () -> "127.0.0.1");
		registry.add("hello.port", server::port);
	}

	@Test
	void everyClientSendsAllItsRequestsAndGetsTheServersReplies(CapturedOutput output) {
		// the clients run while the application starts: by now they are done
		List<String> expected = new ArrayList<>();
		for (String client : List.of("client-a", "client-b", "client-c")) {
			for (int i = 1; i <= 5; i++) {
				expected.add("Hello " + i + " from " + client);
			}
		}
		assertThat(server.awaitRequests(15)).extracting(PeerMessage::text).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(output).contains("All 3 clients done", "client-a: 5/5 replies", "client-b: 5/5 replies",
				"client-c: 5/5 replies", "client-b received reply 5: Welt");
	}

	@Test
	void eachClientIsItsOwnConnection() {
		Set<ByteBuffer> routingIds = server.awaitRequests(15)
			.stream()
			.map((request) -> ByteBuffer.wrap(request.envelope().get(0)))
			.collect(Collectors.toSet());
		assertThat(routingIds).as("one routing id per REQ connection, at least one per client")
			.hasSizeGreaterThanOrEqualTo(3);
		assertThat(server.connectedPeers()).isGreaterThanOrEqualTo(3);
	}

}
