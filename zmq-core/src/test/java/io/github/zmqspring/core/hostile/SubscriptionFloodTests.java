package io.github.zmqspring.core.hostile;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketState;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.hostile.HostileFixture.Target;

import static io.github.zmqspring.core.hostile.HostileFixture.waitAtMost;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscription floods against a PUB, in both wire forms (the 3.0 data frame {@code 01}+topic and the 3.1
 * {@code SUBSCRIBE} command): 20,000 distinct 1 KiB topics (past the per-peer byte limit), 20,000 distinct small ones
 * (past the count limit), and one 1 MiB topic (JeroMQ's recursive trie overflows the stack on it). The offender is
 * dropped and reported, the PUB keeps publishing to its good SUB, the heap stays bounded, the engine closes promptly
 * and no thread dies of a {@link StackOverflowError}. Exactly the limits are still accepted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SubscriptionFloodTests {

	private static final int MAX_SUBSCRIPTIONS = ZmqSocketSpec.DEFAULT_MAX_SUBSCRIPTIONS;

	private final HostileFixture fixture = new HostileFixture("subscription-flood");

	@BeforeEach
	void startCase() {
		this.fixture.startCase();
	}

	@AfterAll
	void closeEngine() {
		this.fixture.close();
	}

	/** The two wire forms of a subscription and of its cancellation. */
	enum Form {

		DATA_FRAME(ZmtpBytes::subscribeFrame, ZmtpBytes::cancelFrame),
		COMMAND(ZmtpBytes::subscribeCommand, ZmtpBytes::cancelCommand);

		private final Function<byte[], byte[]> subscribe;

		private final Function<byte[], byte[]> cancel;

		Form(Function<byte[], byte[]> subscribe, Function<byte[], byte[]> cancel) {
			this.subscribe = subscribe;
			this.cancel = cancel;
		}

		byte[] subscribe(byte[] topic) {
			return this.subscribe.apply(topic);
		}

		byte[] cancel(byte[] topic) {
			return this.cancel.apply(topic);
		}

	}

	/** Distinct topics of the given size ({@code offender} + a counter, padded), 64 KiB of subscriptions per chunk. */
	private static Supplier<byte[]> distinctSubscriptions(Form form, int topicSize, int count) {
		AtomicInteger next = new AtomicInteger();
		return () -> {
			java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream();
			while (chunk.size() < 64 * 1024 && next.get() < count) {
				chunk.writeBytes(form.subscribe(topic(topicSize, next.getAndIncrement())));
			}
			return chunk.toByteArray();
		};
	}

	private static byte[] topic(int size, int index) {
		ByteBuffer topic = ByteBuffer.allocate(size);
		topic.put(ZmtpBytes.utf8("offender"));
		topic.putInt(index);
		while (topic.hasRemaining()) {
			topic.put((byte) 'x');
		}
		return topic.array();
	}

	private void assertFloodIsCutOff(Form form, int topicSize, int count) throws Exception {
		long baseline = HostileFixture.settledHeap();
		try (RawPeer offender = this.fixture.handshake(Target.PUB)) {
			// A small flood fits into the socket buffers whole: the drop shows when the server closes, not in a write.
			offender.writeUntilClosed(distinctSubscriptions(form, topicSize, count), Long.MAX_VALUE, Duration.ofSeconds(10));
			this.fixture.assertDroppedAndReported(Target.PUB, offender, SocketEventType.ENGINE_FAULT);
		}
		HostileFixture.assertHeapWithinBoundOf(baseline);
		this.fixture.assertServed(Target.PUB);
	}

	@Nested
	class Floods {

		@ParameterizedTest
		@EnumSource(Form.class)
		void twentyThousandDistinctKibibyteTopicsAreCutOffAtTheByteLimit(Form form) throws Exception {
			assertFloodIsCutOff(form, 1024, 20_000);
		}

		@ParameterizedTest
		@EnumSource(Form.class)
		void twentyThousandDistinctSmallTopicsAreCutOffAtTheCountLimit(Form form) throws Exception {
			assertFloodIsCutOff(form, 16, 20_000);
		}

		@ParameterizedTest
		@EnumSource(Form.class)
		void thePubKeepsPublishingToItsGoodSubscriberWhileTenOffendersFloodIt(Form form) throws Exception {
			HostileFixture fixture = SubscriptionFloodTests.this.fixture;
			List<RawPeer> offenders = new ArrayList<>();
			try {
				for (int i = 0; i < 10; i++) {
					offenders.add(fixture.handshake(Target.PUB));
				}
				List<CompletableFuture<Long>> writers = new ArrayList<>();
				for (RawPeer offender : offenders) {
					writers.add(CompletableFuture.supplyAsync(() -> offender.writeUntilClosed(
							distinctSubscriptions(form, 1024, 20_000), Long.MAX_VALUE, Duration.ofSeconds(10)),
							fixture.executor));
				}
				fixture.assertServed(Target.PUB);
				for (CompletableFuture<Long> writer : writers) {
					// 20 MiB each: far more than socket buffers hold, so the drop shows as a failed write.
					assertThat(writer.get(15, TimeUnit.SECONDS)).as("bytes before the drop (-1: all were taken)")
						.isNotNegative();
				}
				for (RawPeer offender : offenders) {
					assertThat(offender.closedByServerWithin(HostileFixture.FIVE_SECONDS)).isTrue();
				}
			}
			finally {
				offenders.forEach(RawPeer::close);
			}
			fixture.assertServed(Target.PUB);
		}

	}

	@Nested
	class AtTheLimits {

		@ParameterizedTest
		@EnumSource(Form.class)
		void exactlyTheMaximumNumberOfSubscriptionsIsAcceptedAndServed(Form form) throws Exception {
			HostileFixture fixture = SubscriptionFloodTests.this.fixture;
			try (RawPeer peer = fixture.handshake(Target.PUB)) {
				String address = peer.address();
				java.io.ByteArrayOutputStream subscriptions = new java.io.ByteArrayOutputStream();
				for (int i = 0; i < MAX_SUBSCRIPTIONS - 1; i++) {
					subscriptions.writeBytes(form.subscribe(topic(16, i)));
				}
				subscriptions.writeBytes(form.subscribe(ZmtpBytes.utf8("good-at-limit")));
				peer.write(subscriptions.toByteArray());
				assertThat(fixture.receiveWhilePublishing(peer, "good-at-limit payload"))
					.containsExactly("good-at-limit payload");
				assertThat(fixture.reported(Target.PUB, SocketEventType.ENGINE_FAULT, address)).isZero();
			}
			fixture.assertServed(Target.PUB);
		}

		@ParameterizedTest
		@EnumSource(Form.class)
		void cancelledSubscriptionsMakeRoomForNewOnes(Form form) throws Exception {
			HostileFixture fixture = SubscriptionFloodTests.this.fixture;
			try (RawPeer peer = fixture.handshake(Target.PUB)) {
				String address = peer.address();
				// Three times the count limit in total, never more than half of it at once.
				for (int round = 0; round < 6; round++) {
					java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
					for (int i = 0; i < MAX_SUBSCRIPTIONS / 2; i++) {
						batch.writeBytes(form.subscribe(topic(16, round * MAX_SUBSCRIPTIONS + i)));
					}
					for (int i = 0; i < MAX_SUBSCRIPTIONS / 2; i++) {
						batch.writeBytes(form.cancel(topic(16, round * MAX_SUBSCRIPTIONS + i)));
					}
					peer.write(batch.toByteArray());
				}
				peer.write(form.subscribe(ZmtpBytes.utf8("good-churn")));
				assertThat(fixture.receiveWhilePublishing(peer, "good-churn payload")).containsExactly("good-churn payload");
				assertThat(fixture.reported(Target.PUB, SocketEventType.ENGINE_FAULT, address)).isZero();
			}
		}

	}

	@Nested
	class OneHugeTopic {

		@ParameterizedTest
		@EnumSource(Form.class)
		void aOneMebibyteTopicNeitherStopsThePubNorOverflowsAStackNorDelaysClosing(Form form) throws Exception {
			Queue<Throwable> uncaught = new ConcurrentLinkedQueue<>();
			Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
			Thread.setDefaultUncaughtExceptionHandler((thread, ex) -> uncaught.add(ex));
			HostileFixture own = new HostileFixture("one-huge-topic-" + form);
			try {
				own.assertServed(Target.PUB);
				byte[] huge = ZmtpBytes.filled(1024 * 1024, 'h');
				try (RawPeer offender = own.handshake(Target.PUB)) {
					// The PUB may take the topic or drop the offender for it (a 1 MiB SUBSCRIBE command is over the
					// command cap); either way it must go on publishing, and neither may recurse.
					offender.writeAfterOffence(form.subscribe(huge));
					// A message matching the whole topic walks the full depth of the subscription index.
					for (int i = 0; i < 5; i++) {
						own.pub.send(ZmqMessage.of(huge, ZmtpBytes.utf8("deep " + i)));
						own.pub.send(ZmqMessage.of(ZmtpBytes.concat(huge, ZmtpBytes.utf8("longer")), new byte[0]));
					}
					own.assertServed(Target.PUB);
					offender.writeAfterOffence(form.cancel(huge), form.subscribe(huge));
					own.assertServed(Target.PUB);
				}
				// The offender is gone with its 1 MiB subscription: removing it must not recurse either.
				own.assertServed(Target.PUB);
				assertThat(own.pub.state()).isNotEqualTo(SocketState.FAILED);
				assertThat(own.pub.failure()).isNull();
			}
			finally {
				own.close();
				Thread.setDefaultUncaughtExceptionHandler(previous);
			}
			assertThat(uncaught).as("exceptions that killed threads").isEmpty();
		}

	}

}
