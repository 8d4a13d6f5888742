package io.github.zmqspring.boot.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.support.ZmqHealthReporter;
import io.github.zmqspring.support.ZmqSockets;
import io.github.zmqspring.support.ZmqSocketsHealthReporter;

/**
 * Auto-configuration of the {@code zmq} health indicator ({@link ZmqHealthIndicator}) and of the reporter of the
 * sockets ({@link ZmqSocketsHealthReporter}) when Spring Boot's health support is on the class path; {@code management.health.zmq.enabled=false} turns it off. It backs off when the
 * application defines a bean named {@code zmqHealthIndicator}.
 */
@AutoConfiguration(after = ZmqAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, ZmqEngine.class })
@ConditionalOnBean(ZmqEngine.class)
@ConditionalOnEnabledHealthIndicator("zmq")
public final class ZmqHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ZmqSockets.class)
	ZmqSocketsHealthReporter zmqSocketsHealthReporter(ZmqSockets sockets) {
		return new ZmqSocketsHealthReporter(sockets);
	}

	@Bean
	@ConditionalOnMissingBean(name = "zmqHealthIndicator")
	ZmqHealthIndicator zmqHealthIndicator(ZmqEngine engine, ObjectProvider<ZmqHealthReporter> reporters,
			ObjectProvider<ZmqProperties> properties) {
		ZmqHealthIndicator indicator = new ZmqHealthIndicator(engine, reporters.orderedStream().toList());
		properties.ifAvailable((zmq) -> indicator.setDownOnFault(zmq.getEngine().isHealthDownOnFault()));
		return indicator;
	}

}
