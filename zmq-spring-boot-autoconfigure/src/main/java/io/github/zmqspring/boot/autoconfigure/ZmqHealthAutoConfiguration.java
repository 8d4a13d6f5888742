package io.github.zmqspring.boot.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import io.github.zmqspring.boot.actuate.ZmqHealthContributor;
import io.github.zmqspring.config.ZmqListenerEndpointRegistry;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.support.ZmqHealthReporter;
import io.github.zmqspring.support.ZmqSockets;

/**
 * Auto-configuration of the {@code zmq} health contributor ({@link ZmqHealthContributor}: one entry per listener
 * container and per socket, {@code /actuator/health/zmq/<name>}) when Spring Boot's health support is on the class
 * path; {@code management.health.zmq.enabled=false} turns it off. It backs off when the application defines a bean
 * named {@code zmqHealthIndicator} or {@code zmqHealthContributor}.
 */
@AutoConfiguration(after = { ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class })
@ConditionalOnClass({ HealthContributor.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class,
		ZmqEngine.class })
@ConditionalOnBean(ZmqEngine.class)
@ConditionalOnEnabledHealthIndicator("zmq")
public final class ZmqHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "zmqHealthIndicator", "zmqHealthContributor" })
	ZmqHealthContributor zmqHealthContributor(ZmqEngine engine, ObjectProvider<ZmqSockets> sockets,
			ObjectProvider<ZmqListenerEndpointRegistry> registry, ObjectProvider<ZmqHealthReporter> reporters,
			ObjectProvider<ZmqProperties> properties) {
		ZmqHealthContributor contributor = new ZmqHealthContributor(engine, sockets.getIfUnique(),
				registry.getIfUnique(), reporters.orderedStream().toList());
		properties.ifAvailable((zmq) -> contributor.setDownOnFault(zmq.getEngine().isHealthDownOnFault()));
		return contributor;
	}

}
