package io.github.zmqspring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.integration.endpoint.MessageProducerSupport;

import io.github.zmqspring.integration.ZmqInboundChannelAdapter;

/**
 * Auto-configuration of the Spring Integration adapters and gateways bound from {@code zmq.integration.*}
 * ({@link ZmqIntegrationProperties}): each entry becomes an adapter or gateway bean named after it, on the
 * application's {@code ZmqEngine}. Active when Spring Integration is on the class path. The {@code zmq.integration}
 * tree is bound once, by the registrar.
 */
@AutoConfiguration(afterName = "io.github.zmqspring.boot.autoconfigure.ZmqAutoConfiguration")
@ConditionalOnClass({ MessageProducerSupport.class, ZmqInboundChannelAdapter.class })
public final class ZmqIntegrationAutoConfiguration {

	@Bean
	static ZmqIntegrationBeanRegistrar zmqIntegrationBeanRegistrar(Environment environment) {
		return new ZmqIntegrationBeanRegistrar(environment);
	}

}
