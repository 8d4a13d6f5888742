package io.github.zmqspring.core.hostile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.hostile.HostileFixture.Target;

import static io.github.zmqspring.core.hostile.HostileFixture.waitAtMost;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 2,000 idle TCP connections (connect, send nothing) against one REP socket whose handshake interval (30 s) outlasts
 * the test, so only the cap on pending handshakes ({@value ZmqSocketSpec#DEFAULT_MAX_PENDING_HANDSHAKES} by default)
 * can act: the first thousand take the slots; once they stalled for the grace, the newcomers that sent nothing are
 * refused and reported; a good peer connecting afterwards takes a stalled one's slot and is served within 5 s; the
 * heap stays bounded and the engine closes promptly with a thousand connections still open.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleConnectionFloodTests {

	private static final int IDLE = 2000;

	private static final int CAP = ZmqSocketSpec.DEFAULT_MAX_PENDING_HANDSHAKES;

	/** Newcomers that may take a slot instead: those the good peers' handshakes free, with room to spare. */
	private static final int MARGIN = 50;

	@Test
	void twoThousandIdleConnectionsHoldNoMoreThanTheCapAndLeaveTheSocketServingAndTheEngineClosingPromptly() throws Exception {
		HostileFixture fixture = new HostileFixture("idle-flood");
		fixture.assertServed(Target.REP);
		long baseline = HostileFixture.settledHeap();
		List<RawPeer> idle = new ArrayList<>(IDLE);
		long standing;
		try {
			for (int i = 0; i < IDLE; i++) {
				idle.add(RawPeer.connect(fixture.port(Target.REP)));
			}
			CompletableFuture<List<String>> served = CompletableFuture.supplyAsync(() -> {
				try (RawPeer good = fixture.handshake(Target.REP)) {
					good.write(ZmtpBytes.message("", "good-after-idle-flood"));
					return good.readTextMessage();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}, fixture.executor);
			assertThat(served).succeedsWithin(HostileFixture.FIVE_SECONDS)
				.isEqualTo(List.of("", "echo good-after-idle-flood"));
			try (ZmqRequester late = fixture.engine.requester(ZmqSocketSpec.builder("late-client", SocketType.REQ)
				.connect(HostileFixture.endpoint(fixture.rep))
				.build())) {
				assertThat(late.requestAsync(ZmqMessage.of("good-late"), HostileFixture.FIVE_SECONDS))
					.succeedsWithin(HostileFixture.FIVE_SECONDS)
					.isEqualTo(ZmqMessage.of("echo good-late"));
			}
			fixture.assertServed(Target.REP);
			// 2,000 connections, at most 1,000 pending: the first 1,000 hold the slots, the newest 1,000 are refused,
			// less the few that took a slot a good peer's completed handshake freed while they still waited.
			Set<String> newcomers = new HashSet<>();
			for (RawPeer newcomer : idle.subList(CAP, IDLE)) {
				newcomers.add(newcomer.address());
			}
			waitAtMost(Duration.ofSeconds(15)).until(() -> refused(fixture, newcomers).size() >= IDLE - CAP - MARGIN);
			Set<String> refused = refused(fixture, newcomers);
			for (RawPeer newcomer : idle.subList(CAP, IDLE)) {
				if (refused.contains(newcomer.address())) {
					assertThat(newcomer.closedByServerWithin(HostileFixture.FIVE_SECONDS))
						.as("the refused newcomer %s was closed", newcomer.address())
						.isTrue();
				}
			}
			for (RawPeer holder : idle.subList(100, 110)) {
				assertThat(holder.closedByServerWithin(Duration.ofMillis(50))).as("one of the slot holders was dropped")
					.isFalse();
			}
			// What a thousand idle connections (the pending cap) cost while they stand, the test's own 2,000 client
			// sockets included (about 2 MiB); checked after the close below.
			standing = HostileFixture.settledHeap() - baseline;
		}
		finally {
			long start = System.nanoTime();
			fixture.close();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("engine close with idle connections open")
				.isLessThan(Duration.ofSeconds(10));
			idle.forEach(RawPeer::close);
		}
		assertThat(standing).as("heap growth in bytes with %d idle connections pending", CAP)
			.isLessThan(HostileFixture.HEAP_GROWTH_BOUND);
	}

	/** @return the newcomers whose handshake the REP socket reported failed on its limit */
	private static Set<String> refused(HostileFixture fixture, Set<String> newcomers) {
		Set<String> addresses = new HashSet<>();
		for (SocketEvent event : fixture.events) {
			if (event.type() == SocketEventType.HANDSHAKE_FAILED && event.reason() == SocketEventReason.LIMIT_EXCEEDED
					&& event.socketName().equals(fixture.rep.name()) && newcomers.contains(event.endpoint())) {
				addresses.add(event.endpoint());
			}
		}
		return addresses;
	}

}
