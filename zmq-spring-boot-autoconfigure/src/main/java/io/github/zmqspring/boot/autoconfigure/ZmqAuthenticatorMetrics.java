package io.github.zmqspring.boot.autoconfigure;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.zmqspring.core.ZmqAuthenticator;

/**
 * Publishes the authenticator's reloads to Micrometer: {@code zmq.auth.reloads}, a function counter tagged
 * {@code outcome} ({@code success}: the new keys and users apply to the next handshakes; {@code failure}: a file was
 * invalid and the previous rules stay). Explicit {@link ZmqAuthenticator#reload()} calls and those of
 * {@code zmq.security.authenticator.reload-on-update} both count. Thread-safe.
 */
final class ZmqAuthenticatorMetrics {

	ZmqAuthenticatorMetrics(MeterRegistry registry, ZmqAuthenticator authenticator) {
		FunctionCounter.builder("zmq.auth.reloads", authenticator, ZmqAuthenticator::reloads)
			.description("authenticator reloads of its certificate directories and users files")
			.tag("outcome", "success")
			.register(registry);
		FunctionCounter.builder("zmq.auth.reloads", authenticator, ZmqAuthenticator::failedReloads)
			.description("authenticator reloads of its certificate directories and users files")
			.tag("outcome", "failure")
			.register(registry);
	}

}
