package io.github.zmqspring.config;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.github.zmqspring.core.ErrorReplyFactory;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.listener.DefaultZmqListenerContainer;
import io.github.zmqspring.listener.ZmqListenerContainerProperties;
import io.github.zmqspring.listener.ZmqListenerErrorHandler;
import io.github.zmqspring.listener.ZmqMessageListener;
import io.github.zmqspring.support.DefaultZmqMessageCodec;
import io.github.zmqspring.support.ZmqMessageCodec;
import io.github.zmqspring.support.ZmqSocketRegistry;
import io.github.zmqspring.support.ZmqSocketSpecFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The factory holds the container properties once and hands each container its own copy, which the endpoint's
 * settings and the customizers change without touching the factory's or another container's.
 */
class DefaultZmqListenerContainerFactoryTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Test
	void eachContainerGetsACopyOfTheFactorysPropertiesWithItsEndpointsSettingsAndTheCustomizersApplied() {
		ZmqListenerErrorHandler factoryHandler = (message, exception) -> {
			throw exception;
		};
		ZmqListenerErrorHandler endpointHandler = (message, exception) -> "handled";
		ErrorReplyFactory errorReply = (request, failure) -> ZmqMessage.of("factory says: " + failure.getMessage());
		try (ZmqEngine engine = ZmqEngine.builder().name("factory-properties").build()) {
			DefaultZmqListenerContainerFactory factory = new DefaultZmqListenerContainerFactory(engine,
					new DefaultZmqMessageCodec());
			ZmqListenerContainerProperties defaults = factory.getContainerProperties();
			defaults.setConcurrency(2);
			defaults.setPhase(7);
			defaults.setErrorHandler(factoryHandler);
			defaults.setErrorReplyFactory(errorReply);
			factory.addContainerCustomizers(List.of((container) -> {
				if (container.getListenerId().equals("tuned")) {
					container.getContainerProperties().setPhase(42);
				}
			}));

			DefaultZmqListenerContainer tuned = factory
				.createListenerContainer(new Endpoint("tuned", 5, false, endpointHandler));
			DefaultZmqListenerContainer plain = factory.createListenerContainer(new Endpoint("plain", null, null, null));

			assertThat(tuned.getConcurrency()).isEqualTo(5);
			assertThat(tuned.isAutoStartup()).isFalse();
			assertThat(tuned.getPhase()).isEqualTo(42);
			assertThat(tuned.getContainerProperties().getErrorHandler()).isSameAs(endpointHandler);
			assertThat(tuned.getContainerProperties().getErrorReplyFactory()).isSameAs(errorReply);
			assertThat(plain.getConcurrency()).isEqualTo(2);
			assertThat(plain.isAutoStartup()).isTrue();
			assertThat(plain.getPhase()).isEqualTo(7);
			assertThat(plain.getContainerProperties().getErrorHandler()).isSameAs(factoryHandler);
			assertThat(plain.getContainerProperties()).isNotSameAs(defaults);
			assertThat(defaults.getConcurrency()).isEqualTo(2);
			assertThat(defaults.getPhase()).isEqualTo(7);
			assertThat(defaults.isAutoStartup()).isTrue();
			assertThat(defaults.getErrorHandler()).isSameAs(factoryHandler);

			// The copy is what the running container uses: the factory's error handler rethrows, its error reply
			// answers.
			plain.start();
			try (ZmqRequester client = engine.requester(ZmqSocketSpec.builder("client", SocketType.DEALER)
				.connect("tcp://127.0.0.1:" + plain.getSocket().boundPort())
				.build())) {
				assertThat(client.request(ZmqMessage.of("boom"), WAIT).frameAsString(0))
					.isEqualTo("factory says: boom");
			}
			finally {
				plain.stop();
			}
		}
	}

	/** A programmatic endpoint: a REP socket on a random port whose listener throws the request back. */
	private record Endpoint(String id, @Nullable Integer concurrency, @Nullable Boolean autoStartup,
			@Nullable ZmqListenerErrorHandler errorHandler) implements ZmqListenerEndpoint {

		@Override
		public String getId() {
			return this.id;
		}

		@Override
		public @Nullable Integer getConcurrency() {
			return this.concurrency;
		}

		@Override
		public @Nullable Boolean getAutoStartup() {
			return this.autoStartup;
		}

		@Override
		public @Nullable ZmqListenerErrorHandler getErrorHandler() {
			return this.errorHandler;
		}

		@Override
		public ZmqSocketSpec createSocketSpec(ZmqSocketRegistry namedSockets, ZmqSocketSpecFactory specFactory) {
			return specFactory.create(this.id, SocketType.REP, (spec) -> spec.bind("tcp://127.0.0.1:*"));
		}

		@Override
		public ZmqMessageListener createMessageListener(ZmqMessageCodec messageCodec, ZmqSocketRegistry namedSockets) {
			return (message) -> {
				throw new IllegalStateException(new String(message.getPayload()));
			};
		}

	}

}
