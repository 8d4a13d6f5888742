package io.github.zmqspring.support.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The convention of the {@code zmq.template} observation: names, keys and the span name of template sends and
 * requests. A bean of this type replaces {@link DefaultZmqTemplateObservationConvention} in the auto-configured
 * template; extend the default to add keys.
 */
public interface ZmqTemplateObservationConvention extends ObservationConvention<ZmqMessageSenderContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ZmqMessageSenderContext;
	}

	@Override
	default String getName() {
		return "zmq.template";
	}

}
