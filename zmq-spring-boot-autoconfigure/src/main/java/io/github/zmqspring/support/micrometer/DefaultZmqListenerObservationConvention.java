package io.github.zmqspring.support.micrometer;

import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.support.micrometer.ZmqListenerObservation.ListenerHighCardinalityTags;
import io.github.zmqspring.support.micrometer.ZmqListenerObservation.ListenerLowCardinalityTags;

/**
 * The default {@link ZmqListenerObservationConvention}: {@code messaging.system=zeromq},
 * {@code messaging.operation=process}, {@code messaging.destination.name} (the socket),
 * {@code messaging.zeromq.socket.type} and {@code messaging.zeromq.listener.id}, the topic as a high-cardinality key,
 * and span names such as {@code "process tasks"}. Thread-safe.
 */
public class DefaultZmqListenerObservationConvention implements ZmqListenerObservationConvention {

	/** A shared instance. */
	public static final DefaultZmqListenerObservationConvention INSTANCE = new DefaultZmqListenerObservationConvention();

	@Override
	public KeyValues getLowCardinalityKeyValues(ZmqMessageReceiverContext context) {
		@Nullable SocketType type = context.getSocketType();
		return KeyValues.of(ListenerLowCardinalityTags.MESSAGING_SYSTEM.withValue("zeromq"),
				ListenerLowCardinalityTags.MESSAGING_OPERATION.withValue("process"),
				ListenerLowCardinalityTags.MESSAGING_DESTINATION_NAME.withValue(context.getSocketName()),
				ListenerLowCardinalityTags.SOCKET_TYPE.withValue((type != null) ? type.name() : "unknown"),
				ListenerLowCardinalityTags.LISTENER_ID.withValue(context.getListenerId()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ZmqMessageReceiverContext context) {
		String topic = context.getTopic();
		return (topic != null) ? KeyValues.of(ListenerHighCardinalityTags.TOPIC.withValue(topic)) : KeyValues.empty();
	}

	@Override
	public String getContextualName(ZmqMessageReceiverContext context) {
		return "process " + context.getSocketName();
	}

}
