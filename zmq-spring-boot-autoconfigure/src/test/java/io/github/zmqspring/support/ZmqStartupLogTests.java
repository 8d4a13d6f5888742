package io.github.zmqspring.support;

import org.junit.jupiter.api.Test;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;

class ZmqStartupLogTests {

	@Test
	void namesTheSocketOfAListenerWhenItDiffersAndListsBoundAndConnectedEndpoints() {
		try (ZmqEngine engine = ZmqEngine.builder().name("log").build();
				ZmqSocket socket = engine.open(ZmqSocketSpec.builder("orders", SocketType.PUSH)
					.bind("inproc://log-orders")
					.connect("inproc://log-elsewhere")
					.build())) {
			assertThat(ZmqStartupLog.line("listener", "ordersListener", "orders", SocketType.PUSH, socket))
				.isEqualTo("ZMQ listener 'ordersListener' (PUSH, socket 'orders') bound inproc://log-orders; "
						+ "connected inproc://log-elsewhere");
			assertThat(ZmqStartupLog.line("socket", "orders", "orders", SocketType.PUSH, null))
				.isEqualTo("ZMQ socket 'orders' (PUSH) open, without endpoints");
		}
	}

}
