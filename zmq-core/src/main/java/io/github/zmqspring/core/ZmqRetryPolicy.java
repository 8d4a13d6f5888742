package io.github.zmqspring.core;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How a {@link ZmqRequester} retries a request that got no reply in time: the ZeroMQ guide's Lazy Pirate pattern,
 * opt-in per requesting socket with {@link ZmqSocketSpec.Builder#requestRetry(ZmqRetryPolicy)}.
 * <p>
 * Each attempt waits for its reply for the request's own timeout (cut short by the {@linkplain #totalTimeout() total
 * timeout}); an attempt that times out, or whose request could not even be queued, is sent again after a back-off
 * that starts at {@linkplain #backoff() backoff} and grows by {@linkplain #backoffMultiplier() the multiplier} up to
 * {@linkplain #backoffMax() the maximum}. The request that timed out is abandoned first (on a REQ socket its
 * connection is reset, as the guide's client closes and reopens its socket), so the next attempt may go to another
 * server. After the last attempt the request fails with {@link ZmqRequestRetriesExhaustedException}. A closed
 * socket is not retried.
 * <p>
 * <b>Retried requests may run twice</b>: a server that was merely slow has handled the first attempt when the second
 * arrives. Retry only idempotent requests, or make the server detect duplicates (for example by an id in the body).
 * Immutable and thread-safe.
 */
public final class ZmqRetryPolicy {

	private static final ZmqRetryPolicy NONE = new ZmqRetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, null);

	private final int maxAttempts;

	private final Duration backoff;

	private final double backoffMultiplier;

	private final Duration backoffMax;

	private final @Nullable Duration totalTimeout;

	private ZmqRetryPolicy(int maxAttempts, Duration backoff, double backoffMultiplier, Duration backoffMax,
			@Nullable Duration totalTimeout) {
		this.maxAttempts = maxAttempts;
		this.backoff = backoff;
		this.backoffMultiplier = backoffMultiplier;
		this.backoffMax = backoffMax;
		this.totalTimeout = totalTimeout;
	}

	/**
	 * No retries: one attempt (the default).
	 * @return the policy
	 */
	public static ZmqRetryPolicy none() {
		return NONE;
	}

	/**
	 * Up to {@code maxAttempts} attempts in all (the first one included), with no back-off and no total timeout.
	 * @param maxAttempts at least 1
	 * @return the policy
	 * @throws IllegalArgumentException when {@code maxAttempts} is below 1
	 */
	public static ZmqRetryPolicy attempts(int maxAttempts) {
		return NONE.withMaxAttempts(maxAttempts);
	}

	/**
	 * A copy with another number of attempts.
	 * @param maxAttempts the attempts in all, the first one included (at least 1)
	 * @return the policy
	 */
	public ZmqRetryPolicy withMaxAttempts(int maxAttempts) {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("requestRetry.maxAttempts '" + maxAttempts + "' must be at least 1 "
					+ "(1 sends each request once)");
		}
		return new ZmqRetryPolicy(maxAttempts, this.backoff, this.backoffMultiplier, this.backoffMax,
				this.totalTimeout);
	}

	/**
	 * A copy with an exponential back-off between attempts.
	 * @param initial the wait before the second attempt (zero for none)
	 * @param multiplier the factor for each further wait (at least 1)
	 * @param max the longest wait (at least {@code initial})
	 * @return the policy
	 */
	public ZmqRetryPolicy withBackoff(Duration initial, double multiplier, Duration max) {
		Objects.requireNonNull(initial, "'initial' must not be null");
		Objects.requireNonNull(max, "'max' must not be null");
		if (initial.isNegative()) {
			throw new IllegalArgumentException("requestRetry.backoff '" + initial + "' must not be negative");
		}
		if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
			throw new IllegalArgumentException("requestRetry.backoffMultiplier '" + multiplier + "' must be at least 1");
		}
		if (max.compareTo(initial) < 0) {
			throw new IllegalArgumentException("requestRetry.backoffMax '" + max + "' must be at least the back-off ("
					+ initial + ")");
		}
		return new ZmqRetryPolicy(this.maxAttempts, initial, multiplier, max, this.totalTimeout);
	}

	/**
	 * A copy with a bound on all attempts together: no attempt starts after it, and the last one waits only until it.
	 * @param totalTimeout the bound (positive), or {@code null} for none
	 * @return the policy
	 */
	public ZmqRetryPolicy withTotalTimeout(@Nullable Duration totalTimeout) {
		if (totalTimeout != null && (totalTimeout.isNegative() || totalTimeout.isZero())) {
			throw new IllegalArgumentException("requestRetry.totalTimeout '" + totalTimeout + "' must be positive");
		}
		return new ZmqRetryPolicy(this.maxAttempts, this.backoff, this.backoffMultiplier, this.backoffMax,
				totalTimeout);
	}

	/** @return the attempts in all, the first one included */
	public int maxAttempts() {
		return this.maxAttempts;
	}

	/** @return the wait before the second attempt */
	public Duration backoff() {
		return this.backoff;
	}

	/** @return the factor by which each further wait grows */
	public double backoffMultiplier() {
		return this.backoffMultiplier;
	}

	/** @return the longest wait between two attempts */
	public Duration backoffMax() {
		return this.backoffMax;
	}

	/** @return the bound on all attempts together, or {@code null} for none */
	public @Nullable Duration totalTimeout() {
		return this.totalTimeout;
	}

	/** @return whether a request may be sent more than once */
	public boolean retries() {
		return this.maxAttempts > 1;
	}

	/**
	 * The wait after a failed attempt.
	 * @param failedAttempt the attempt that failed, from 1
	 * @return the back-off in nanoseconds
	 */
	public long backoffNanos(int failedAttempt) {
		double nanos = this.backoff.toNanos() * Math.pow(this.backoffMultiplier, failedAttempt - 1);
		return (long) Math.min(nanos, this.backoffMax.toNanos());
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof ZmqRetryPolicy that && this.maxAttempts == that.maxAttempts
				&& this.backoff.equals(that.backoff) && this.backoffMultiplier == that.backoffMultiplier
				&& this.backoffMax.equals(that.backoffMax) && Objects.equals(this.totalTimeout, that.totalTimeout));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.maxAttempts, this.backoff, this.backoffMultiplier, this.backoffMax, this.totalTimeout);
	}

	@Override
	public String toString() {
		return (this.maxAttempts == 1) ? "no retries" : this.maxAttempts + " attempts, back-off " + this.backoff
				+ " x" + this.backoffMultiplier + " up to " + this.backoffMax
				+ ((this.totalTimeout != null) ? ", at most " + this.totalTimeout + " in all" : "");
	}

}
