package io.github.zmqspring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.github.zmqspring.core.ZmqAuthenticator;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.support.ZmqMetrics;

/**
 * Auto-configuration of the {@code zmq.*} Micrometer meters ({@link ZmqMicrometerMetrics}, and
 * {@link ZmqAuthenticatorMetrics} when there is an authenticator) when Micrometer is on the class path and a
 * {@link MeterRegistry} bean exists. Without it, components use {@link ZmqMetrics#NONE}.
 */
@AutoConfiguration(after = ZmqAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, ZmqEngine.class })
@ConditionalOnBean({ MeterRegistry.class, ZmqEngine.class })
public final class ZmqMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ZmqMetrics.class)
	ZmqMicrometerMetrics zmqMetrics(MeterRegistry registry, ZmqEngine engine) {
		return new ZmqMicrometerMetrics(registry, engine);
	}

	@Bean
	@ConditionalOnBean(ZmqAuthenticator.class)
	ZmqAuthenticatorMetrics zmqAuthenticatorMetrics(MeterRegistry registry, ZmqAuthenticator authenticator) {
		return new ZmqAuthenticatorMetrics(registry, authenticator);
	}

}
