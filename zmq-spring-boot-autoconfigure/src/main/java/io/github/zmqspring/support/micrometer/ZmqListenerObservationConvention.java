package io.github.zmqspring.support.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The convention of the {@code zmq.listener} observation: names, keys and the span name of listener deliveries. A
 * bean of this type replaces {@link DefaultZmqListenerObservationConvention} for the auto-configured listener
 * containers; extend the default to add keys.
 */
public interface ZmqListenerObservationConvention extends ObservationConvention<ZmqMessageReceiverContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ZmqMessageReceiverContext;
	}

	@Override
	default String getName() {
		return "zmq.listener";
	}

}
