package io.github.zmqspring.boot.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.github.zmqspring.boot.actuate.ZmqEndpoint;
import io.github.zmqspring.boot.actuate.ZmqPeerTracker;
import io.github.zmqspring.config.ZmqListenerEndpointRegistry;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.support.ZmqSockets;

/**
 * Auto-configuration of the {@code zmq} actuator endpoint ({@link ZmqEndpoint}) and of the {@link ZmqPeerTracker}
 * behind it, when Spring Boot's actuator is on the class path and the endpoint is available (exposed, for the web:
 * {@code management.endpoints.web.exposure.include=zmq}, and not disabled with
 * {@code management.endpoint.zmq.access=none}). Each bean backs off when the application defines one of its type.
 */
@AutoConfiguration(after = { ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class, ZmqEngine.class })
@ConditionalOnBean(ZmqEngine.class)
@ConditionalOnAvailableEndpoint(ZmqEndpoint.class)
public final class ZmqEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ZmqPeerTracker zmqPeerTracker(ZmqEngine engine) {
		return new ZmqPeerTracker(engine);
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqEndpoint zmqEndpoint(ZmqEngine engine, ObjectProvider<ZmqSockets> sockets,
			ObjectProvider<ZmqListenerEndpointRegistry> registry, ZmqPeerTracker peers) {
		return new ZmqEndpoint(engine, sockets.getIfUnique(), registry.getIfUnique(), peers);
	}

}
