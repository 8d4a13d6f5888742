package io.github.zmqspring.annotation;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.github.zmqspring.boot.autoconfigure.ZmqAutoConfiguration;
import io.github.zmqspring.boot.autoconfigure.ZmqListenerAutoConfiguration;
import io.github.zmqspring.config.ZmqListenerEndpointRegistry;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.listener.ZmqListenerErrorHandler;
import io.github.zmqspring.support.ZmqHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @Valid} payloads with Boot's validator, and {@link ZmqListenerConfigurer}: its validator and its argument
 * resolvers reach every {@code @ZmqListener} method, in a real context over tcp loopback.
 */
class ZmqListenerConfigurerTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ZmqEngine peers = ZmqEngine.builder().name("configurer-peers").build();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class,
				JacksonAutoConfiguration.class))
		.withUserConfiguration(OrderListener.class, ErrorHandlerConfig.class);

	@AfterEach
	void close() {
		this.peers.close();
	}

	private String request(ApplicationContext context, String body) {
		String endpoint = "tcp://127.0.0.1:" + context.getBean(ZmqListenerEndpointRegistry.class)
			.getListenerContainer("orders")
			.getSocket()
			.boundPort();
		try (ZmqRequester requester = this.peers.requester(ZmqSocketSpec.builder("orders-client", SocketType.DEALER)
			.connect(endpoint)
			.build())) {
			return requester.request(ZmqMessage.of(body), WAIT).frameAsString(0);
		}
	}

	@Test
	void withBootsValidatorAnInvalidPayloadGoesToTheErrorHandlerAndTheMethodDoesNotRun() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class)).run((context) -> {
			OrderListener listener = context.getBean(OrderListener.class);
			assertThat(request(context, "{\"id\":0,\"item\":\"\"}")).startsWith("rejected: ")
				.contains("item", "id");
			assertThat(listener.calls).hasValue(0);
			assertThat(request(context, "{\"id\":7,\"item\":\"book\"}")).isEqualTo("ok 7 book");
			assertThat(listener.calls).hasValue(1);
		});
	}

	@Test
	void withoutAValidatorTheMethodRunsAsBefore() {
		this.contextRunner.run((context) -> {
			assertThat(request(context, "{\"id\":0,\"item\":\"\"}")).isEqualTo("ok 0 ");
		});
	}

	@Test
	void aConfigurersValidatorAndArgumentResolverReachEveryListenerMethod() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withUserConfiguration(OwnConfigurer.class)
			.run((context) -> {
				// the configurer's validator replaces Boot's: it refuses "forbidden" items only
				assertThat(request(context, "{\"id\":0,\"item\":\"\"}")).isEqualTo("ok 0 ");
				assertThat(request(context, "{\"id\":1,\"item\":\"forbidden\"}")).startsWith("rejected: ")
					.contains("not sold here");
				assertThat(request(context, "{\"id\":2,\"item\":\"pen\"}")).isEqualTo("ok 2 pen");
				// the resolver gives the audit listener its Inbound argument (it counts once, the method once)
				try (ZmqSocket push = context.getBean(ZmqEngine.class)
					.open(ZmqSocketSpec.builder("audit-push", SocketType.PUSH).connect("inproc://audit").build())) {
					push.send(ZmqMessage.of("sold a pen"));
					await().atMost(WAIT).until(() -> context.getBean(OrderListener.class).sockets.get() == 2);
				}
				assertThat(context.getBean(OrderListener.class).inbound).hasValue("audit");
			});
	}

	record Order(@Positive int id, @NotBlank String item) {
	}

	/** An argument only the configurer's resolver knows how to give: the socket the message came in on. */
	record Inbound(String socket) {
	}

	static class OrderListener {

		final AtomicInteger calls = new AtomicInteger();

		final AtomicInteger sockets = new AtomicInteger();

		final AtomicReference<String> inbound = new AtomicReference<>();

		@ZmqListener(id = "orders", type = SocketType.REP, bind = "tcp://127.0.0.1:*")
		String order(@Valid Order order) {
			this.calls.incrementAndGet();
			return "ok " + order.id() + " " + order.item();
		}

		@ZmqListener(id = "audit", type = SocketType.PULL, bind = "inproc://audit")
		void audit(String line, Inbound inbound) {
			this.inbound.set(inbound.socket());
			this.sockets.incrementAndGet();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ErrorHandlerConfig {

		@Bean
		ZmqListenerErrorHandler rejecting() {
			return (message, exception) -> "rejected: " + exception.getCause().getMessage();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnConfigurer {

		@Bean
		ZmqListenerConfigurer zmqListenerConfigurer(OrderListener listener) {
			return (registrar) -> {
				registrar.setValidator(new Validator() {

					@Override
					public boolean supports(Class<?> type) {
						return type == Order.class;
					}

					@Override
					public void validate(Object target, Errors errors) {
						if ("forbidden".equals(((Order) target).item())) {
							errors.rejectValue("item", "forbidden", "not sold here");
						}
					}

				});
				registrar.setCustomMethodArgumentResolvers(new HandlerMethodArgumentResolver() {

					@Override
					public boolean supportsParameter(MethodParameter parameter) {
						return parameter.getParameterType() == Inbound.class;
					}

					@Override
					public Object resolveArgument(MethodParameter parameter, Message<?> message) {
						listener.sockets.incrementAndGet();
						return new Inbound(String.valueOf(message.getHeaders().get(ZmqHeaders.SOCKET)));
					}

				});
			};
		}

	}

}
