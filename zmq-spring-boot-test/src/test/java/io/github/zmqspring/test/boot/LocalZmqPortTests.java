package io.github.zmqspring.test.boot;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.template.ZmqOperations;
import io.github.zmqspring.test.ReceiverPeer;
import io.github.zmqspring.test.SenderPeer;
import io.github.zmqspring.test.ZmqPeers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code local.zmq.port.<name>} in a real application context: a named socket and a listener bound to random ports,
 * read with {@code @Value} and reached by peers.
 */
@SpringBootTest(classes = LocalZmqPortTests.Application.class,
		properties = { "zmq.sockets.orders.type=PUSH", "zmq.sockets.orders.bind=tcp://127.0.0.1:*" })
class LocalZmqPortTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	static final ZmqPeers peers = ZmqPeers.create();

	@Value("${local.zmq.port.orders}")
	private int ordersPort;

	@Value("${local.zmq.port.inbox}")
	private int inboxPort;

	@Autowired
	private ZmqOperations zmq;

	@Autowired
	private ZmqEngine engine;

	@Autowired
	private Inbox inbox;

	@Test
	void theNamedSocketsRandomPortIsPublishedAndReachable() {
		ReceiverPeer pull = peers.puller().connect("tcp://127.0.0.1:" + this.ordersPort).open();
		pull.awaitConnectedPeers(1, TIMEOUT);
		this.zmq.send("orders", "order 1");
		assertThat(pull.awaitMessage().text()).isEqualTo("order 1");
		assertThat(this.engine.sockets()).filteredOn((socket) -> socket.name().equals("orders"))
			.singleElement()
			.satisfies((socket) -> assertThat(socket.boundPort()).isEqualTo(this.ordersPort));
	}

	@Test
	void theListenersRandomPortIsPublishedUnderItsId() throws InterruptedException {
		SenderPeer push = peers.pusher().connect("tcp://127.0.0.1:" + this.inboxPort).open();
		push.send("hello listener");
		assertThat(this.inbox.received.poll(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)).isEqualTo("hello listener");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		@Bean
		Inbox inbox() {
			return new Inbox();
		}

	}

	static class Inbox {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@ZmqListener(id = "inbox", type = SocketType.PULL, bind = "tcp://127.0.0.1:*")
		void onMessage(String message) {
			this.received.add(message);
		}

	}

}
