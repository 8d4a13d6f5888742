package io.github.zmqspring.template;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

import io.github.zmqspring.support.micrometer.DefaultZmqTemplateObservationConvention;
import io.github.zmqspring.support.micrometer.ZmqMessageSenderContext;
import io.github.zmqspring.support.micrometer.ZmqTemplateObservation;
import io.github.zmqspring.support.micrometer.ZmqTemplateObservationConvention;

/**
 * The template's observation settings, and the asynchronous request's observation, which ends with the reply.
 */
final class TemplateObservations {

	private volatile boolean enabled;

	private volatile ObservationRegistry registry = ObservationRegistry.NOOP;

	private volatile @Nullable ZmqTemplateObservationConvention convention;

	/** The registry sends and requests are observed with, {@code null} when they are not: the one test on hot paths. */
	private volatile @Nullable ObservationRegistry active;

	void setEnabled(boolean enabled) {
		this.enabled = enabled;
		this.active = active(enabled, this.registry);
	}

	boolean isEnabled() {
		return this.enabled;
	}

	void setRegistry(ObservationRegistry registry) {
		Assert.notNull(registry, "'observationRegistry' must not be null");
		this.registry = registry;
		this.active = active(this.enabled, registry);
	}

	void setConvention(@Nullable ZmqTemplateObservationConvention convention) {
		this.convention = convention;
	}

	@Nullable ObservationRegistry active() {
		return this.active;
	}

	private static @Nullable ObservationRegistry active(boolean enabled, ObservationRegistry registry) {
		return (enabled && !registry.isNoop()) ? registry : null;
	}

	Observation observation(ZmqMessageSenderContext context, ObservationRegistry registry) {
		return ZmqTemplateObservation.TEMPLATE_OBSERVATION.observation(this.convention,
				DefaultZmqTemplateObservationConvention.INSTANCE, () -> context, registry);
	}

	/**
	 * Starts the request in the observation's scope and ends the observation when the reply (or the failure) is
	 * there, before the caller's continuations run, with the same exception they see.
	 */
	static <T> CompletableFuture<T> observeAsync(Observation observation, Supplier<CompletableFuture<T>> request) {
		observation.start();
		CompletableFuture<T> pending;
		try (Observation.Scope scope = observation.openScope()) {
			pending = request.get();
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		CompletableFuture<T> observed = new CompletableFuture<>();
		pending.whenComplete((reply, failure) -> {
			if (failure != null) {
				observation.error(failure);
				observation.stop();
				observed.completeExceptionally(failure);
			}
			else {
				observation.stop();
				observed.complete(reply);
			}
		});
		return observed;
	}

}
