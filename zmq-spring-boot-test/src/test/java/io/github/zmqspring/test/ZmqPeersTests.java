package io.github.zmqspring.test;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Naming, endpoints (tcp, ipc, inproc), engines and closing of {@link ZmqPeers}.
 */
class ZmqPeersTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	static final ZmqPeers peers = ZmqPeers.create();

	@Test
	void peersAreNamedAfterTheirTypeAndDescribedWithTheirEndpoints() {
		ReceiverPeer sub = peers.subscriber("a").connect("tcp://127.0.0.1:5999").open();
		ReplierPeer rep = peers.replier().open();
		assertThat(sub.name()).startsWith("test-sub-");
		assertThat(sub.type()).isEqualTo(SocketType.SUB);
		assertThat(sub).hasToString("SUB peer '" + sub.name() + "' (connect [tcp://127.0.0.1:5999], topics ['a'])");
		assertThat(sub.endpoint()).isEqualTo("tcp://127.0.0.1:5999");
		assertThat(rep).hasToString("REP peer '" + rep.name() + "' (bound to [tcp://127.0.0.1:" + rep.port() + "])");
		assertThat(peers.peers()).contains(sub, rep);
		assertThat(peers.publisher().name("feed").open().type()).isEqualTo(SocketType.PUB);
	}

	@Test
	void aNameIsUniqueAmongTheOpenPeers() {
		ReceiverPeer first = peers.puller().name("inbox").open();
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> peers.pusher().name("inbox").open())
			.withMessageContaining("A peer named 'inbox' is already open");
		first.close();
		assertThat(peers.puller().name("inbox").open().isClosed()).isFalse();
	}

	@Test
	void aWildcardBindIsResolvedToAConnectableEndpointAndItsPort() {
		ReceiverPeer pull = peers.puller().bind("tcp://*:*").open();
		assertThat(pull.port()).isPositive();
		assertThat(pull.endpoint()).isEqualTo("tcp://127.0.0.1:" + pull.port());
		assertThat(pull.boundEndpoints()).singleElement().asString().endsWith(":" + pull.port());
	}

	@Test
	void aFailedBindNamesThePeerAndItsEndpoints() {
		ReceiverPeer first = peers.puller().open();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> peers.puller().name("second").bind(first.endpoint()).open())
			.withMessageStartingWith("Could not open the PULL peer (bind [" + first.endpoint() + "], connect []) "
					+ "named 'second': ");
		assertThat(peers.peers()).extracting(ZmqPeer::name).doesNotContain("second");
	}

	@Test
	void ipcEndpointsInATemporaryDirectoryWork(@TempDir Path directory) {
		String endpoint = "ipc://" + directory.resolve("orders.sock");
		ReceiverPeer pull = peers.puller().bind(endpoint).open();
		SenderPeer push = peers.pusher().connect(pull.endpoint()).open();
		push.send("over ipc");
		assertThat(pull.awaitMessage().text()).isEqualTo("over ipc");
		assertThat(pull.endpoint()).isEqualTo(endpoint);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(pull::port)
			.withMessageContaining("has no TCP bind, so it has no port")
			.withMessageContaining("bind(\"tcp://127.0.0.1:*\")");
	}

	@Test
	void peersOnTheApplicationsEngineReachItsInprocSocketsAndLeaveTheEngineOpen() {
		try (ZmqEngine application = ZmqEngine.builder().name("application").build()) {
			try (ZmqPeers inJvm = ZmqPeers.using(application)) {
				ReceiverPeer pull = inJvm.puller().bind("inproc://results").open();
				try (ZmqSocket push = application.open(ZmqSocketSpec.builder("results", SocketType.PUSH)
					.connect("inproc://results")
					.build())) {
					push.send(ZmqMessage.of("in process"));
					assertThat(pull.awaitMessage().text()).isEqualTo("in process");
				}
				assertThat(inJvm.engine()).isSameAs(application);
			}
			assertThat(application.isClosed()).isFalse();
			assertThat(application.sockets()).isEmpty();
		}
	}

	@Test
	void closeClosesEveryPeerAndProxyAndItsOwnEngineAndNothingOpensAfterwards() {
		ZmqPeers own = ZmqPeers.create();
		ReceiverPeer pull = own.puller().open();
		ReplierPeer rep = own.replier().open();
		TcpFaultProxy proxy = own.faultProxy(rep.endpoint());
		own.close();
		assertThat(pull.isClosed()).isTrue();
		assertThat(rep.isClosed()).isTrue();
		assertThat(proxy.activeConnections()).isZero();
		assertThat(own.engine().isClosed()).isTrue();
		assertThat(own.peers()).isEmpty();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> own.puller().open())
			.withMessageContaining("These peers are closed");
		own.close();
	}

	@Test
	void theDefaultTimeoutIsPositive() {
		assertThat(peers.defaultTimeout()).isEqualTo(ZmqPeers.DEFAULT_TIMEOUT);
		try (ZmqPeers other = ZmqPeers.using(peers.engine())) {
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> other.defaultTimeout(Duration.ZERO))
				.withMessage("The default timeout 'PT0S' must be positive");
			assertThat(other.defaultTimeout(Duration.ofSeconds(3)).defaultTimeout()).isEqualTo(Duration.ofSeconds(3));
		}
	}

	@Test
	void closingOnePeerLeavesTheOthersOpen() {
		ReceiverPeer kept = peers.puller().open();
		ReceiverPeer closed = peers.puller().open();
		closed.close();
		closed.close();
		SenderPeer push = peers.pusher().connect(kept.endpoint()).open();
		push.send("still here");
		assertThat(kept.awaitMessage().text()).isEqualTo("still here");
		assertThat(peers.peers()).contains(kept).doesNotContain(closed);
	}

}
