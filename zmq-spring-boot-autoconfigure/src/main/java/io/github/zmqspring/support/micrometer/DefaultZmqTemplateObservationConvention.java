package io.github.zmqspring.support.micrometer;

import io.micrometer.common.KeyValues;

import io.github.zmqspring.support.micrometer.ZmqTemplateObservation.TemplateHighCardinalityTags;
import io.github.zmqspring.support.micrometer.ZmqTemplateObservation.TemplateLowCardinalityTags;

/**
 * The default {@link ZmqTemplateObservationConvention}: {@code messaging.system=zeromq},
 * {@code messaging.operation} ({@code send} or {@code request}), {@code messaging.destination.name} (the socket) and
 * {@code messaging.zeromq.socket.type}, the topic as a high-cardinality key, and span names such as
 * {@code "send tasks"}. Thread-safe.
 */
public class DefaultZmqTemplateObservationConvention implements ZmqTemplateObservationConvention {

	/** A shared instance. */
	public static final DefaultZmqTemplateObservationConvention INSTANCE = new DefaultZmqTemplateObservationConvention();

	@Override
	public KeyValues getLowCardinalityKeyValues(ZmqMessageSenderContext context) {
		return KeyValues.of(TemplateLowCardinalityTags.MESSAGING_SYSTEM.withValue("zeromq"),
				TemplateLowCardinalityTags.MESSAGING_OPERATION.withValue(context.getOperation()),
				TemplateLowCardinalityTags.MESSAGING_DESTINATION_NAME.withValue(context.getSocketName()),
				TemplateLowCardinalityTags.SOCKET_TYPE.withValue(context.getSocketType().name()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ZmqMessageSenderContext context) {
		String topic = context.getTopic();
		return (topic != null) ? KeyValues.of(TemplateHighCardinalityTags.TOPIC.withValue(topic)) : KeyValues.empty();
	}

	@Override
	public String getContextualName(ZmqMessageSenderContext context) {
		return context.getOperation() + " " + context.getSocketName();
	}

}
