package io.github.zmqspring.boot.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.github.zmqspring.support.DefaultZmqMessageCodec;
import io.github.zmqspring.support.ZmqHeaderFramePolicy;
import io.github.zmqspring.support.ZmqHeaderFrameSettings;
import io.github.zmqspring.support.ZmqMessageCodec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code headers} keys of {@code zmq.defaults}, {@code zmq.sockets.<name>} and {@code zmq.integration} entries
 * become the codec's {@link ZmqHeaderFramePolicy}, by socket name; invalid values fail naming the property.
 */
class ZmqHeaderFramePropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void offEverywhereByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(ZmqHeaderFramePolicy.class)).isSameAs(ZmqHeaderFramePolicy.NONE);
			assertThat(((DefaultZmqMessageCodec) context.getBean(ZmqMessageCodec.class)).getHeaderFramePolicy())
				.isSameAs(ZmqHeaderFramePolicy.NONE);
		});
	}

	@Test
	void socketsAndIntegrationEntriesSetTheirOwnOverTheDefaults() {
		this.contextRunner
			.withPropertyValues("zmq.defaults.headers.max-size=1KB", "zmq.sockets.tasks.type=PUSH",
					"zmq.sockets.tasks.connect=tcp://127.0.0.1:5999", "zmq.sockets.tasks.headers.enabled=true",
					"zmq.sockets.plain.type=PUSH", "zmq.sockets.plain.connect=tcp://127.0.0.1:5999",
					"zmq.integration.inbound.jobs-in.type=PULL", "zmq.integration.inbound.jobs-in.bind=tcp://127.0.0.1:*",
					"zmq.integration.inbound.jobs-in.channel=jobs", "zmq.integration.inbound.jobs-in.headers.enabled=true",
					"zmq.integration.inbound.jobs-in.headers.max-entries=8")
			.run((context) -> {
				ZmqHeaderFramePolicy policy = ((DefaultZmqMessageCodec) context.getBean(ZmqMessageCodec.class))
					.getHeaderFramePolicy();
				assertThat(policy.settings("tasks")).isEqualTo(new ZmqHeaderFrameSettings(true, 1024, 64));
				assertThat(policy.settings("jobs-in")).isEqualTo(new ZmqHeaderFrameSettings(true, 1024, 8));
				assertThat(policy.settings("plain").enabled()).isFalse();
				assertThat(policy.settings("listener-id").enabled()).isFalse();
			});
	}

	@Test
	void defaultsApplyToSocketsNamedNowhereSuchAsAListenersOwn() {
		this.contextRunner.withPropertyValues("zmq.defaults.headers.enabled=true")
			.run((context) -> assertThat(context.getBean(ZmqHeaderFramePolicy.class).settings("listener-id"))
				.isEqualTo(ZmqHeaderFrameSettings.ENABLED));
	}

	@Test
	void aStreamSocketWithTheFrameFailsNamingTheKey() {
		this.contextRunner
			.withPropertyValues("zmq.sockets.raw.type=STREAM", "zmq.sockets.raw.bind=tcp://127.0.0.1:*",
					"zmq.sockets.raw.headers.enabled=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidZmqPropertyException.class)
				.hasMessageStartingWith("zmq.sockets.raw.headers.enabled: a STREAM socket carries raw TCP bytes"));
	}

	@Test
	void aTooSmallFrameLimitFailsNamingTheKey() {
		this.contextRunner.withPropertyValues("zmq.defaults.headers.max-size=2B")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidZmqPropertyException.class)
				.hasMessageStartingWith("zmq.defaults.headers.max-size: '2B' must be between 4B"));
	}

	@Test
	void aUserPolicyBeanIsTheCodecs() {
		this.contextRunner.withUserConfiguration(UserPolicy.class)
			.withPropertyValues("zmq.sockets.tasks.type=PUSH", "zmq.sockets.tasks.connect=tcp://127.0.0.1:5999",
					"zmq.sockets.tasks.headers.enabled=true")
			.run((context) -> {
				ZmqHeaderFramePolicy policy = ((DefaultZmqMessageCodec) context.getBean(ZmqMessageCodec.class))
					.getHeaderFramePolicy();
				assertThat(policy).isSameAs(context.getBean(UserPolicy.class).policy);
				assertThat(policy.settings("tasks").enabled()).isFalse();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserPolicy {

		final ZmqHeaderFramePolicy policy = ZmqHeaderFramePolicy.of(ZmqHeaderFrameSettings.DISABLED,
				Map.of("mine", ZmqHeaderFrameSettings.ENABLED));

		@Bean
		ZmqHeaderFramePolicy userHeaderFramePolicy() {
			return this.policy;
		}

	}

}
