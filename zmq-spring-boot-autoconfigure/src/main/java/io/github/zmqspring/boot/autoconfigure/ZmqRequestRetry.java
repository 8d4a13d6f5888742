package io.github.zmqspring.boot.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;

import io.github.zmqspring.core.InvalidSocketSpecException;
import io.github.zmqspring.core.ZmqRetryPolicy;

/**
 * The {@code request-retry} group of a requesting socket's options: how {@code ZmqTemplate.request} and the outbound
 * gateway retry a request that got no reply in time (the ZeroMQ guide's Lazy Pirate). Off unless configured; on a
 * socket, when any of it is set, it replaces {@code zmq.defaults.request-retry} as a whole. Retry only idempotent
 * requests: a server that was merely slow handles a retried request twice.
 */
public class ZmqRequestRetry {

	/**
	 * Attempts in all, the first one included; 1 sends each request once.
	 */
	private @Nullable Integer maxAttempts;

	/**
	 * Wait before the second attempt; each further wait grows by backoff-multiplier up to backoff-max.
	 */
	private @Nullable Duration backoff;

	/**
	 * Factor by which each further wait between attempts grows (at least 1).
	 */
	private @Nullable Double backoffMultiplier;

	/**
	 * Longest wait between two attempts; unset: the back-off itself, or 30s when backoff-multiplier is above 1.
	 */
	private @Nullable Duration backoffMax;

	/**
	 * Bound on all attempts together (each attempt waits for the request timeout, cut short by this); unset: none.
	 */
	private @Nullable Duration totalTimeout;

	/** @return whether any of the group is set */
	boolean isConfigured() {
		return this.maxAttempts != null || this.backoff != null || this.backoffMultiplier != null
				|| this.backoffMax != null || this.totalTimeout != null;
	}

	/**
	 * The engine's policy for what is set.
	 * @return the policy
	 * @throws InvalidSocketSpecException naming the key ({@code request-retry.max-attempts}) when a value is invalid
	 */
	ZmqRetryPolicy toPolicy() {
		try {
			ZmqRetryPolicy policy = ZmqRetryPolicy.attempts((this.maxAttempts != null) ? this.maxAttempts : 1);
			Duration initial = (this.backoff != null) ? this.backoff : Duration.ZERO;
			double multiplier = (this.backoffMultiplier != null) ? this.backoffMultiplier : 1.0;
			Duration max = (this.backoffMax != null) ? this.backoffMax
					: (multiplier > 1.0 && initial.compareTo(Duration.ofSeconds(30)) < 0) ? Duration.ofSeconds(30) : initial;
			return policy.withBackoff(initial, multiplier, max).withTotalTimeout(this.totalTimeout);
		}
		catch (IllegalArgumentException ex) {
			// "requestRetry.maxAttempts '0' must be at least 1": the engine's field, in the property's form
			String message = String.valueOf(ex.getMessage());
			int space = message.indexOf(' ');
			String field = (space > 0) ? message.substring(0, space) : "requestRetry";
			String key = DataObjectPropertyName.toDashedForm(field);
			throw new InvalidSocketSpecException(key, (space > 0) ? message.substring(space + 1) : message);
		}
	}

	public @Nullable Integer getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(@Nullable Integer maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public @Nullable Duration getBackoff() {
		return this.backoff;
	}

	public void setBackoff(@Nullable Duration backoff) {
		this.backoff = backoff;
	}

	public @Nullable Double getBackoffMultiplier() {
		return this.backoffMultiplier;
	}

	public void setBackoffMultiplier(@Nullable Double backoffMultiplier) {
		this.backoffMultiplier = backoffMultiplier;
	}

	public @Nullable Duration getBackoffMax() {
		return this.backoffMax;
	}

	public void setBackoffMax(@Nullable Duration backoffMax) {
		this.backoffMax = backoffMax;
	}

	public @Nullable Duration getTotalTimeout() {
		return this.totalTimeout;
	}

	public void setTotalTimeout(@Nullable Duration totalTimeout) {
		this.totalTimeout = totalTimeout;
	}

}
