package io.github.zmqspring.boot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.zmqspring.boot.actuate.ZmqEndpoint;
import io.github.zmqspring.boot.actuate.ZmqPeerTracker;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.template.ZmqTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class ZmqEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class,
				ZmqEndpointAutoConfiguration.class));

	@Test
	void whenTheEndpointIsExposedItAndThePeerTrackerAreConfigured() {
		contextRunner.withPropertyValues("management.endpoints.web.exposure.include=zmq")
			.run((context) -> assertThat(context).hasSingleBean(ZmqEndpoint.class).hasSingleBean(ZmqPeerTracker.class));
	}

	@Test
	void whenTheEndpointIsNotExposedThereIsNoEndpointAndNoTracker() {
		contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ZmqEndpoint.class)
			.doesNotHaveBean(ZmqPeerTracker.class));
	}

	@Test
	void whenTheEndpointIsTurnedOffThereIsNoEndpoint() {
		contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=zmq", "management.endpoint.zmq.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ZmqEndpoint.class));
	}

	@Test
	void withoutTheActuatorTheRestStillWorks() {
		contextRunner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=zmq")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ZmqEndpoint.class)
				.hasSingleBean(ZmqTemplate.class));
	}

	@Test
	void whenUserDefinesAnEndpointAutoConfigurationBacksOff() {
		try (ZmqEngine mine = ZmqEngine.builder().name("mine").build()) {
			contextRunner.withPropertyValues("management.endpoints.web.exposure.include=zmq")
				.withBean("myZmqEndpoint", ZmqEndpoint.class,
						() -> new ZmqEndpoint(mine, null, null, new ZmqPeerTracker(mine)))
				.run((context) -> assertThat(context).hasSingleBean(ZmqEndpoint.class)
					.getBean(ZmqEndpoint.class)
					.satisfies((endpoint) -> assertThat(endpoint.zmq().engine().name()).isEqualTo("mine")));
		}
	}

}
