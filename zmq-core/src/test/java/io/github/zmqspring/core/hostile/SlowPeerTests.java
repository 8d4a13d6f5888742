package io.github.zmqspring.core.hostile;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.hostile.HostileFixture.Target;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peers that take and never read: a subscriber to everything that reads nothing while the PUB publishes 20 MiB, and
 * a requester that pipelines 10,000 requests and reads none of the replies. The PUB never blocks and keeps its good
 * SUB served, the REP server keeps answering good peers, and the heap stays bounded (the high water marks, not the
 * offenders, decide how much is queued).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SlowPeerTests {

	private final HostileFixture fixture = new HostileFixture("slow-peers");

	@BeforeEach
	void startCase() {
		this.fixture.startCase();
	}

	@AfterAll
	void closeEngine() {
		this.fixture.close();
	}

	@Test
	void aSubscriberThatNeverReadsNeitherBlocksThePubNorStarvesItsGoodSubscriber() throws Exception {
		long baseline = HostileFixture.settledHeap();
		try (RawPeer sluggard = this.fixture.handshake(Target.PUB)) {
			sluggard.write(ZmtpBytes.subscribeCommand(new byte[0]));
			// Subscribed to everything once it gets one message; after that it reads nothing more.
			assertThat(this.fixture.receiveWhilePublishing(sluggard, "good-first")).containsExactly("good-first");
			byte[] payload = ZmtpBytes.filled(1024, 'p');
			// A PUB never blocks: a send that waited for the sluggard would hit the class timeout.
			for (int i = 0; i < 20_000; i++) {
				this.fixture.pub.send(ZmqMessage.of(payload));
			}
			assertThat(this.fixture.pub.stats().dropped()).as("messages the sluggard could not take").isPositive();
			this.fixture.assertServed(Target.PUB);
			HostileFixture.assertHeapWithinBoundOf(baseline);
		}
		this.fixture.assertServed(Target.PUB);
	}

	@Test
	void aRequesterThatNeverReadsItsRepliesDoesNotStopTheServerAnsweringOthers() throws Exception {
		long baseline = HostileFixture.settledHeap();
		try (RawPeer sluggard = this.fixture.handshake(Target.REP)) {
			ByteArrayOutputStream requests = new ByteArrayOutputStream();
			for (int i = 0; i < 10_000; i++) {
				requests.writeBytes(ZmtpBytes.message(ZmtpBytes.utf8(""), ZmtpBytes.concat(ZmtpBytes.utf8("good-unread-"),
						ZmtpBytes.filled(1000, 'r'))));
			}
			sluggard.write(requests.toByteArray());
			this.fixture.assertServed(Target.REP);
			HostileFixture.assertHeapWithinBoundOf(baseline);
		}
		this.fixture.assertServed(Target.REP);
	}

}
