package io.github.zmqspring.boot.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;

import io.github.zmqspring.listener.DefaultZmqListenerContainer;
import io.github.zmqspring.listener.MessagingMessageListenerAdapter;
import io.github.zmqspring.listener.ZmqListenerContainerCustomizer;
import io.github.zmqspring.support.micrometer.ZmqListenerObservationConvention;
import io.github.zmqspring.support.micrometer.ZmqTemplateObservationConvention;

/**
 * Turns on the {@code zmq.listener} observation of {@code @ZmqListener} methods ({@code zmq.listener.observation-enabled})
 * with the context's {@link ObservationRegistry} (none: nothing is observed) and its
 * {@link ZmqListenerObservationConvention}, if any (a {@code @SendTo} forward's send observation takes the
 * {@link ZmqTemplateObservationConvention} bean, if any). Applied before the application's customizers.
 */
final class ZmqListenerObservationCustomizer implements ZmqListenerContainerCustomizer {

	private final ObjectProvider<ObservationRegistry> registry;

	private final ObjectProvider<ZmqListenerObservationConvention> convention;

	private final ObjectProvider<ZmqTemplateObservationConvention> forwardConvention;

	ZmqListenerObservationCustomizer(ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<ZmqListenerObservationConvention> convention,
			ObjectProvider<ZmqTemplateObservationConvention> forwardConvention) {
		this.registry = registry;
		this.convention = convention;
		this.forwardConvention = forwardConvention;
	}

	@Override
	public void customize(DefaultZmqListenerContainer container) {
		if (container.getMessageListener() instanceof MessagingMessageListenerAdapter adapter) {
			adapter.setObservationRegistry(this.registry.getIfUnique());
			adapter.setObservationConvention(this.convention.getIfUnique());
			adapter.setForwardObservationConvention(this.forwardConvention.getIfUnique());
		}
	}

}
