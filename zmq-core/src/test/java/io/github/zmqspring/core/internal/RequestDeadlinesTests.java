package io.github.zmqspring.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RequestDeadlinesTests {

	private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

	private final List<Request> expired = new CopyOnWriteArrayList<>();

	private final RequestDeadlines<Request> deadlines = new RequestDeadlines<>(this.timer, this.expired::add);

	@AfterEach
	void stop() {
		this.deadlines.close();
		this.timer.shutdownNow();
	}

	@Test
	void requestsOfDifferentTimeoutsExpireEachAtItsOwnDeadlineAndAnsweredOnesNever() {
		long start = System.nanoTime();
		Request slow = new Request("slow", start, Duration.ofMillis(900));
		Request answered = new Request("answered", start, Duration.ofMillis(100));
		Request fast = new Request("fast", start, Duration.ofMillis(200));
		Request medium = new Request("medium", start, Duration.ofMillis(500));
		track(slow);
		track(answered);
		track(fast);
		track(medium);
		answered.settled = true;

		await().atMost(Duration.ofSeconds(5)).until(() -> this.expired.size() == 3);
		assertThat(this.expired).extracting((request) -> request.name).containsExactly("fast", "medium", "slow");
		for (Request request : this.expired) {
			assertThat(request.expiredAt - request.sentAt).as(request.name)
				.isGreaterThanOrEqualTo(request.timeout.toNanos());
		}
		assertThat(answered.expiredAt).isZero();
	}

	@Test
	void aShorterTimeoutTrackedAfterALongerOneStillExpiresFirst() {
		long start = System.nanoTime();
		Request longOne = new Request("long", start, Duration.ofSeconds(3));
		Request shortOne = new Request("short", start, Duration.ofMillis(50));
		track(longOne);
		track(shortOne);
		await().atMost(Duration.ofSeconds(2)).until(() -> this.expired.size() == 1);
		assertThat(this.expired).extracting((request) -> request.name).containsExactly("short");
	}

	@Test
	void aThousandAnsweredRequestsLeaveNothingBehindAndNothingExpires() {
		for (int i = 0; i < 1000; i++) {
			Request request = new Request("r" + i, System.nanoTime(), Duration.ofMillis(100));
			track(request);
			request.settled = true;
		}
		Request last = new Request("last", System.nanoTime(), Duration.ofMillis(150));
		track(last);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.expired.size() == 1);
		assertThat(this.expired).extracting((request) -> request.name).containsExactly("last");
	}

	private void track(Request request) {
		this.deadlines.track(request, request.timeout.toNanos());
	}

	private static final class Request implements RequestDeadlines.Tracked {

		final String name;

		final long sentAt;

		final Duration timeout;

		volatile boolean settled;

		volatile long expiredAt;

		Request(String name, long sentAt, Duration timeout) {
			this.name = name;
			this.sentAt = sentAt;
			this.timeout = timeout;
		}

		@Override
		public boolean settled() {
			if (!this.settled && System.nanoTime() - this.sentAt >= this.timeout.toNanos() && this.expiredAt == 0) {
				// The deadlines call this before expiring: record when, as the requester would complete it now.
				this.expiredAt = System.nanoTime();
			}
			return this.settled;
		}

	}

}
