package io.github.zmqspring.core.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.hostile.HostileFixture.Target;

import static io.github.zmqspring.core.hostile.HostileFixture.waitAtMost;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection set-up under churn, without JeroMQ anywhere: 1,000 fresh connect → handshake → first message → close
 * cycles from raw peers against the REP server and the PULL receiver (sequential and four at a time), and from the
 * engine's own REQ and PUSH sockets. Every cycle completes and every first message is delivered; the only bound is a
 * generous overall timeout (speed is the benchmarks' business).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionSetUpTests {

	private static final int CYCLES = 1000;

	private final HostileFixture fixture = new HostileFixture("set-up");

	@BeforeEach
	void startCase() {
		this.fixture.startCase();
	}

	@AfterAll
	void closeEngine() {
		this.fixture.close();
	}

	@Test
	void aThousandRawRequestersEachConnectAskOnceAndCloseAndAllAreAnswered() throws Exception {
		for (int i = 0; i < CYCLES; i++) {
			try (RawPeer peer = this.fixture.handshake(Target.REP)) {
				peer.write(ZmtpBytes.message("", "good-cycle-" + i));
				assertThat(peer.readTextMessage()).containsExactly("", "echo good-cycle-" + i);
			}
		}
		this.fixture.assertServed(Target.REP);
	}

	@Test
	void aThousandRawPushersEachConnectSendOnceAndCloseAndEveryMessageIsDelivered() throws Exception {
		for (int i = 0; i < CYCLES; i++) {
			try (RawPeer peer = this.fixture.handshake(Target.PULL)) {
				peer.write(ZmtpBytes.message("good-push-" + i));
			}
		}
		waitAtMost(java.time.Duration.ofSeconds(10))
			.until(() -> this.fixture.handled.stream().filter((text) -> text.startsWith("good-push-")).count() == CYCLES);
		this.fixture.assertServed(Target.PULL);
	}

	@Test
	void aThousandRawRequestersFourAtATimeAreAllAnswered() throws Exception {
		List<CompletableFuture<Integer>> workers = new ArrayList<>();
		for (int w = 0; w < 4; w++) {
			int worker = w;
			workers.add(CompletableFuture.supplyAsync(() -> {
				int answered = 0;
				for (int i = 0; i < CYCLES / 4; i++) {
					String body = "good-parallel-" + worker + "-" + i;
					try (RawPeer peer = this.fixture.handshake(Target.REP)) {
						peer.write(ZmtpBytes.message("", body));
						if (peer.readTextMessage().equals(List.of("", "echo " + body))) {
							answered++;
						}
					}
					catch (Exception ex) {
						throw new IllegalStateException("cycle " + i + " of worker " + worker, ex);
					}
				}
				return answered;
			}, this.fixture.executor));
		}
		int answered = 0;
		for (CompletableFuture<Integer> worker : workers) {
			answered += worker.get(50, TimeUnit.SECONDS);
		}
		assertThat(answered).isEqualTo(CYCLES);
		this.fixture.assertServed(Target.REP);
	}

	@Test
	void aThousandEngineRequestersEachConnectAskOnceAndCloseAndAllAreAnswered() {
		String endpoint = HostileFixture.endpoint(this.fixture.rep);
		for (int i = 0; i < CYCLES; i++) {
			try (ZmqRequester requester = this.fixture.engine.requester(ZmqSocketSpec.builder("cycle-req", SocketType.REQ)
				.connect(endpoint)
				.build())) {
				assertThat(requester.request(ZmqMessage.of("good-engine-" + i), HostileFixture.FIVE_SECONDS))
					.isEqualTo(ZmqMessage.of("echo good-engine-" + i));
			}
		}
	}

	@Test
	void aThousandEnginePushersEachConnectSendOnceAndCloseAndEveryMessageIsDelivered() {
		String endpoint = HostileFixture.endpoint(this.fixture.pull);
		for (int i = 0; i < CYCLES; i++) {
			try (ZmqSocket pusher = this.fixture.engine.open(ZmqSocketSpec.builder("cycle-push", SocketType.PUSH)
				.connect(endpoint)
				.build())) {
				pusher.send(ZmqMessage.of("good-engine-push-" + i));
			}
		}
		waitAtMost(java.time.Duration.ofSeconds(10)).alias("every first message of a closed PUSH delivered")
			.until(() -> this.fixture.handled.stream().filter((text) -> text.startsWith("good-engine-push-")).count() == CYCLES);
	}

}
