package io.github.zmqspring.support;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.zmqspring.core.SocketState;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqClosedException;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ZmqSocketsTests {

	private final ZmqEngine engine = ZmqEngine.builder().name("sockets-tests").build();

	@AfterEach
	void closeEngine() {
		this.engine.close();
	}

	private ZmqSockets sockets() {
		Map<String, ZmqSocketSpec> specs = new LinkedHashMap<>();
		specs.put("feed", ZmqSocketSpec.builder("feed", SocketType.PUB).bind("tcp://127.0.0.1:*").build());
		specs.put("pair", ZmqSocketSpec.builder("pair", SocketType.PAIR).bind("inproc://pair").build());
		specs.put("jobs", ZmqSocketSpec.builder("jobs", SocketType.PULL).bind("inproc://jobs").build());
		return new ZmqSockets(this.engine, specs, true, ZmqMetrics.NONE);
	}

	@Test
	void namesKeepTheDeclarationOrder() {
		assertThat(sockets().names()).containsExactly("feed", "pair", "jobs");
	}

	@Test
	void startOpensPubSocketsAndFirstUseOpensTheOthersOnceForEveryUser() {
		ZmqSockets sockets = sockets();
		sockets.start();
		try {
			assertThat(sockets.isRunning()).isTrue();
			assertThat(sockets.opened("feed")).isNotNull();
			assertThat(sockets.opened("pair")).isNull();
			ZmqSocket pair = sockets.sender("pair");
			assertThat(sockets.sender("pair")).isSameAs(pair);
			assertThat(this.engine.sockets()).filteredOn((socket) -> socket.name().equals("pair")).hasSize(1);
		}
		finally {
			sockets.stop();
		}
	}

	@Test
	void stopClosesEverySocketItOpenedAndRefusesNewOnesUntilTheNextStart() {
		ZmqSockets sockets = sockets();
		sockets.start();
		ZmqSocket feed = sockets.sender("feed");
		ZmqSocket pair = sockets.sender("pair");
		sockets.stop();
		assertThat(sockets.isRunning()).isFalse();
		assertThat(feed.state()).isEqualTo(SocketState.CLOSED);
		assertThat(pair.state()).isEqualTo(SocketState.CLOSED);
		assertThatExceptionOfType(ZmqClosedException.class).isThrownBy(() -> sockets.sender("pair"))
			.withMessageContaining("stopping or stopped");
		sockets.start();
		try {
			ZmqSocket reopened = sockets.sender("pair");
			assertThat(reopened).isNotSameAs(pair);
			assertThat(reopened.state()).isEqualTo(SocketState.RUNNING);
		}
		finally {
			sockets.stop();
		}
	}

	@Test
	void receiveOnlySocketsAreRefusedToSenders() {
		ZmqSockets sockets = sockets();
		assertThatIllegalArgumentException().isThrownBy(() -> sockets.sender("jobs"))
			.withMessageContaining("PULL socket, which cannot send");
		assertThatIllegalArgumentException().isThrownBy(() -> sockets.sender("nope"))
			.withMessageContaining("No socket named 'nope'");
	}

}
