package io.github.zmqspring.support;

import java.time.Duration;
import java.util.Locale;

import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketType;

/**
 * What the Spring layer reports to metrics. With Micrometer and a {@code MeterRegistry} the auto-configuration
 * provides an implementation publishing {@code zmq.*} meters; otherwise {@link #NONE} does nothing. Components get it
 * through {@code ObjectProvider<ZmqMetrics>.getIfAvailable(() -> ZmqMetrics.NONE)}. Implementations are thread-safe.
 */
public interface ZmqMetrics {

	/** Reports nothing. */
	ZmqMetrics NONE = new ZmqMetrics() {
	};

	/**
	 * Reports a socket that was just opened, so that its counters ({@code zmq.messages.sent}, {@code zmq.bytes.received},
	 * ...) are published. Call it for every socket opened outside {@link ZmqSockets} (listener containers, adapters);
	 * calling it twice for the same socket is harmless.
	 * @param socket the open socket
	 */
	default void socketOpened(ManagedSocket socket) {
	}

	/**
	 * Counts a received message whose payload could not be converted ({@code zmq.conversion.errors}).
	 * @param socketName the socket the message came from
	 * @param socketType its type
	 */
	default void conversionError(String socketName, SocketType socketType) {
	}

	/**
	 * Records a completed request ({@code zmq.requests} timer, tagged with the outcome).
	 * @param socketName the requester socket
	 * @param socketType its type
	 * @param duration how long the request took
	 * @param outcome how it ended
	 */
	default void requestCompleted(String socketName, SocketType socketType, Duration duration, RequestOutcome outcome) {
	}

	/**
	 * How a request ended.
	 */
	enum RequestOutcome {

		/** A reply arrived and was converted. */
		SUCCESS,
		/** No reply arrived within the timeout. */
		TIMEOUT,
		/** The request could not be sent, or its reply not converted. */
		ERROR;

		/**
		 * The tag value.
		 * @return the lower-case name
		 */
		public String tagValue() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
