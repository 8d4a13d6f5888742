package io.github.zmqspring.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A server's graceful close under load: it stops receiving, lets the requests it received finish and sends their
 * replies, then closes; a handler that outlives the close's bound is abandoned, counted and logged.
 */
class ZmqServerCloseTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final int CLIENTS = 6;

	private final Logger closeLogger = (Logger) LoggerFactory
		.getLogger("io.github.zmqspring.core.internal.AbstractManagedSocket");

	private final Logger serverLogger = (Logger) LoggerFactory
		.getLogger("io.github.zmqspring.core.internal.DefaultZmqServer");

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	@BeforeEach
	void captureTheCloseLog() {
		this.appender.start();
		this.closeLogger.addAppender(this.appender);
		this.serverLogger.addAppender(this.appender);
	}

	@AfterEach
	void release() {
		this.closeLogger.detachAppender(this.appender);
		this.serverLogger.detachAppender(this.appender);
	}

	@ParameterizedTest(name = "{0}, concurrency {1}")
	@CsvSource({ "REP, 1", "ROUTER, 4" })
	void aServerClosedUnderLoadAnswersEveryRequestItReceived(SocketType type, int concurrency) throws Exception {
		Set<String> received = ConcurrentHashMap.newKeySet();
		Set<String> answered = ConcurrentHashMap.newKeySet();
		AtomicBoolean stop = new AtomicBoolean();
		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		try (ZmqEngine serverEngine = ZmqEngine.builder().name("closing-server").build();
				ZmqEngine clientEngine = ZmqEngine.builder().name("closing-clients").build()) {
			ZmqServer server = serverEngine.server(ZmqSocketSpec.builder("slow", type).bind("tcp://127.0.0.1:*").build(),
					(request) -> {
						received.add(request.body().frameAsString(0));
						// The handler's work, not synchronisation.
						Thread.sleep(20);
						return ZmqMessage.of("re:" + request.body().frameAsString(0));
					}, concurrency, ErrorReplyFactory.DEFAULT);
			List<Future<?>> running = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				String client = "client-" + c;
				ZmqRequester requester = clientEngine.requester(ZmqSocketSpec.builder(client, SocketType.REQ)
					.connect("tcp://127.0.0.1:" + server.boundPort())
					.build());
				running.add(clients.submit(() -> {
					for (int i = 0; !stop.get(); i++) {
						String body = client + "-" + i;
						try {
							if (requester.request(ZmqMessage.of(body), Duration.ofSeconds(3))
								.frameAsString(0)
								.equals("re:" + body)) {
								answered.add(body);
							}
						}
						catch (ZmqException ex) {
							// Not answered: whether the server had received it is checked below.
						}
					}
				}));
			}
			await().atMost(WAIT).until(() -> received.size() >= 60);
			server.close();
			stop.set(true);
			for (Future<?> client : running) {
				client.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			}
			assertThat(server.stats().messagesReceived()).isEqualTo(received.size());
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(answered).containsAll(received);
		assertThat(this.appender.list).noneMatch((event) -> event.getLevel().isGreaterOrEqual(
				Level.WARN));
	}

	@Test
	void aHandlerStillRunningPastTheLingerAndGraceIsAbandonedCountedAndLoggedAtWarn() throws Exception {
		CountDownLatch inHandler = new CountDownLatch(3);
		CountDownLatch release = new CountDownLatch(1);
		try (ZmqEngine engine = ZmqEngine.builder().name("stuck-server").build()) {
			ZmqServer server = engine.server(ZmqSocketSpec.builder("stuck", SocketType.ROUTER)
				.bind("tcp://127.0.0.1:*")
				.linger(Duration.ZERO)
				.build(), (request) -> {
					inHandler.countDown();
					release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
					return request.body();
				}, 3, ErrorReplyFactory.DEFAULT);
			try (ZmqRequester requester = engine.requester(ZmqSocketSpec.builder("asker", SocketType.DEALER)
				.connect("tcp://127.0.0.1:" + server.boundPort())
				.build())) {
				for (int i = 0; i < 3; i++) {
					requester.requestAsync(ZmqMessage.of("stuck " + i), WAIT);
				}
				assertThat(inHandler.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				// The bound is the linger (0) plus the close grace.
				server.close();
				release.countDown();
			}
		}
		assertThat(this.appender.list).filteredOn((event) -> event.getLevel() == Level.WARN)
			.singleElement()
			.satisfies((event) -> assertThat(event.getFormattedMessage())
				.contains("Socket 'stuck' (ROUTER): 3 received message(s) still queued or in their handlers")
				.contains("abandoned"));
	}

}
