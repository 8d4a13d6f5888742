package io.github.zmqspring.core.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine's line about a dropped offender names the reason its event and meter tag carry, the peer's address and
 * the socket; the next offenders within 10 s are left to DEBUG.
 */
class OffenderLogTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final Logger driverLogger = (Logger) LoggerFactory
		.getLogger("io.github.zmqspring.core.internal.engine.ZmtpDriver");

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final ZmqEngine engine = ZmqEngine.builder().name("offender-log").build();

	@BeforeEach
	void captureTheDriverLog() {
		this.appender.start();
		this.driverLogger.addAppender(this.appender);
	}

	@AfterEach
	void release() {
		this.driverLogger.detachAppender(this.appender);
		assertThat(CompletableFuture.runAsync(this.engine::close)).succeedsWithin(Duration.ofSeconds(15));
	}

	@Test
	void theFirstOffenderIsLoggedAtWarnWithItsReasonAndTheNextOnesAreNot() throws Exception {
		try (ZmqSocket server = this.engine.open(
				ZmqSocketSpec.builder("logged", SocketType.PULL).bind("tcp://127.0.0.1:*").build(), (message) -> {
				})) {
			try (RawZmtpPeer first = RawZmtpPeer.connect(server.boundPort())) {
				first.write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				String peer = "tcp://127.0.0.1:" + first.localPort();
				await().atMost(WAIT).until(() -> warnings().stream().anyMatch((line) -> line.contains(peer)));
				assertThat(warnings()).singleElement()
					.satisfies((line) -> assertThat(line).contains(peer + " (malformed_greeting)"));
			}
			try (RawZmtpPeer second = RawZmtpPeer.connect(server.boundPort())) {
				second.write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				assertThat(second.closedByServerWithin(WAIT)).isTrue();
				await().atMost(WAIT).until(() -> server.stats().handshakeFailures() == 2);
			}
			assertThat(warnings()).hasSize(1);
		}
	}

	/** The WARN lines about this test's socket (other engines of the JVM log through the same logger). */
	private List<String> warnings() {
		return this.appender.list.stream()
			.filter((event) -> event.getLevel() == Level.WARN)
			.map(ILoggingEvent::getFormattedMessage)
			.filter((line) -> line.contains("'logged'"))
			.toList();
	}

}
