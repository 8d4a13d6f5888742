package io.github.zmqspring.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.boot.autoconfigure.ZmqAutoConfiguration;
import io.github.zmqspring.boot.autoconfigure.ZmqListenerAutoConfiguration;
import io.github.zmqspring.config.ZmqListenerEndpointRegistry;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.template.ZmqTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring layer against real pyzmq/libzmq peers: a {@code @ZmqListener} REP answering a pyzmq REQ, and
 * {@code ZmqTemplate.request} (one request at a time and 50 in flight) against a pyzmq REP.
 */
@Tag("interop")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpringInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class));

	@Test
	void pyzmqReqIsAnsweredByAZmqListenerRep() {
		this.runner.withUserConfiguration(RepListenerConfig.class).run((context) -> {
			int port = context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer("rep").getSocket()
				.boundPort();
			RepListener listener = context.getBean(RepListener.class);
			try (PyPeer peer = PyPeer.start()) {
				peer.socket("req", "REQ").connect("req", port);
				List<ZmqMessage> payloads = List.of(ZmqMessage.of("Hello"), ZmqMessage.of(new byte[0]),
						ZmqMessage.of(new byte[] { (byte) 0xff, 0, (byte) 0x80 }), ZmqMessage.of(new byte[64 * 1024]));
				for (ZmqMessage payload : payloads) {
					peer.send("req", payload);
					assertThat(peer.recv("req", WAIT)).isEqualTo(ZmqMessage.of(payload.frame(0), new byte[] { '!' }));
				}
				assertThat(listener.received).containsExactlyElementsOf(payloads);
				// a listener failure still answers the pyzmq REQ, with the documented single-frame error reply
				peer.send("req", ZmqMessage.of("fail"));
				assertThat(peer.recv("req", WAIT).frameAsString(0)).startsWith("ERROR: IllegalStateException: boom");
			}
		});
	}

	@Test
	void zmqTemplateRequestsAreAnsweredByAPyzmqRepAlsoFiftyInFlight() {
		try (PyPeer peer = PyPeer.start()) {
			peer.socket("rep", "REP");
			int port = peer.bind("rep");
			peer.serve("rep", 51, "rep", 0, "py".getBytes());
			this.runner.withPropertyValues("zmq.sockets.py.type=DEALER", "zmq.sockets.py.connect=tcp://127.0.0.1:" + port)
				.run((context) -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					ZmqMessage reply = template.request("py", "Hello", ZmqMessage.class, WAIT);
					assertThat(reply).isEqualTo(ZmqMessage.of("Hello", "py"));
					List<CompletableFuture<ZmqMessage>> replies = new ArrayList<>();
					for (int i = 0; i < 50; i++) {
						replies.add(template.requestAsync("py", "request-" + i, ZmqMessage.class, WAIT));
					}
					for (int i = 0; i < 50; i++) {
						assertThat(replies.get(i).join()).isEqualTo(ZmqMessage.of("request-" + i, "py"));
					}
				});
			List<ZmqMessage> seen = peer.join("rep", WAIT);
			assertThat(seen).hasSize(51).first().isEqualTo(ZmqMessage.of("Hello"));
			List<ZmqMessage> expected = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				expected.add(ZmqMessage.of("request-" + i));
			}
			assertThat(seen.subList(1, 51)).containsExactlyInAnyOrderElementsOf(expected);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class RepListenerConfig {

		@Bean
		RepListener repListener() {
			return new RepListener();
		}

	}

	static class RepListener {

		final List<ZmqMessage> received = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "rep", type = SocketType.REP, bind = "tcp://127.0.0.1:*")
		ZmqMessage answer(ZmqMessage request) {
			if (request.frameAsString(0).equals("fail")) {
				throw new IllegalStateException("boom");
			}
			this.received.add(request);
			return ZmqMessage.of(request.frame(0), new byte[] { '!' });
		}

	}

}
