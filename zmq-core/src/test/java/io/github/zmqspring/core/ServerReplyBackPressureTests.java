package io.github.zmqspring.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request server whose requester is at its high water mark waits for room (up to its send timeout) instead of
 * dropping the reply: thousands of requests in flight from one DEALER all get their replies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerReplyBackPressureTests {

	private final ZmqEngine engine = ZmqEngine.builder().name("reply-room").build();

	@AfterAll
	void closeEngine() {
		this.engine.close();
	}

	@Test
	void threeThousandRequestsInFlightFromOneDealerAreAllAnswered() throws Exception {
		for (SocketType type : List.of(SocketType.REP, SocketType.ROUTER)) {
			try (ZmqServer server = this.engine.server(ZmqSocketSpec.builder("busy-" + type, type)
				.bind("tcp://127.0.0.1:*")
				.sendHighWaterMark(100)
				.build(), (request) -> request.body());
					ZmqRequester requester = this.engine.requester(ZmqSocketSpec.builder("flood-" + type, SocketType.DEALER)
						.connect("tcp://127.0.0.1:" + server.boundPort())
						.sendHighWaterMark(0)
						.receiveHighWaterMark(100)
						.build())) {
				List<CompletableFuture<ZmqMessage>> replies = new ArrayList<>();
				for (int i = 0; i < 3000; i++) {
					replies.add(requester.requestAsync(ZmqMessage.of("r" + i), Duration.ofSeconds(60)));
				}
				for (int i = 0; i < replies.size(); i++) {
					assertThat(replies.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(ZmqMessage.of("r" + i));
				}
				assertThat(server.stats().dropped()).as(type + " dropped replies").isZero();
			}
		}
	}

	@Test
	void aReplyToARequesterThatNeverReadsIsDroppedAfterTheSendTimeoutCountedAndLoggedOnce() {
		Logger serverLogger = (Logger) LoggerFactory.getLogger("io.github.zmqspring.core.internal.DefaultZmqServer");
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		serverLogger.addAppender(appender);
		try (ZmqServer server = this.engine.server(ZmqSocketSpec.builder("stuck-server", SocketType.REP)
			.bind("tcp://127.0.0.1:*")
			.sendHighWaterMark(10)
			.sendTimeout(Duration.ofMillis(100))
			.build(), (request) -> ZmqMessage.of(new byte[64 * 1024]));
				// a DEALER without a handler: it never takes what arrives, so its queue and then TCP fill up
				ZmqSocket requester = this.engine.open(ZmqSocketSpec.builder("never-reads", SocketType.DEALER)
					.connect("tcp://127.0.0.1:" + server.boundPort())
					.receiveHighWaterMark(10)
					.sendHighWaterMark(0)
					.build())) {
			for (int i = 0; i < 3000; i++) {
				requester.send(ZmqMessage.of(new byte[0], ("r" + i).getBytes()));
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> server.stats().dropped() >= 5);
			List<String> warnings = appender.list.stream()
				.filter((event) -> event.getLevel() == Level.WARN)
				.map(ILoggingEvent::getFormattedMessage)
				.filter((line) -> line.contains("dropped the reply"))
				.toList();
			assertThat(warnings).hasSize(1);
			assertThat(warnings.get(0)).contains("Server 'stuck-server' (REP)", "queue stayed full for 100 ms",
					"zmq.messages.dropped");
		}
		finally {
			serverLogger.detachAppender(appender);
		}
	}

}
