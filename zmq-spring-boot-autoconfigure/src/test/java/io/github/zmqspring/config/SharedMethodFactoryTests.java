package io.github.zmqspring.config;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.support.DefaultZmqMessageCodec;
import io.github.zmqspring.support.ZmqMessageCodec;
import io.github.zmqspring.support.ZmqMetrics;
import io.github.zmqspring.support.ZmqSockets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener methods an endpoint registry registers share one default handler method factory per converter, instead of each
 * building its own conversion service.
 */
class SharedMethodFactoryTests {

	@Test
	void endpointsOfOneRegistryShareTheirDefaultMethodFactory() throws Exception {
		Listeners bean = new Listeners();
		MethodZmqListenerEndpoint first = new MethodZmqListenerEndpoint("first", bean, method("orders"));
		MethodZmqListenerEndpoint second = new MethodZmqListenerEndpoint("second", bean, method("payments"));
		for (MethodZmqListenerEndpoint endpoint : List.of(first, second)) {
			endpoint.setSocketType(SocketType.PULL);
			endpoint.setBind(List.of("inproc://shared-factories-" + endpoint.getId()));
		}
		ZmqMessageCodec codec = new DefaultZmqMessageCodec();
		try (ZmqEngine engine = ZmqEngine.builder().name("shared-factories").build()) {
			ZmqListenerEndpointRegistry registry = new ZmqListenerEndpointRegistry();
			DefaultZmqListenerContainerFactory factory = new DefaultZmqListenerContainerFactory(engine, codec);
			factory.setSocketRegistry(new ZmqSockets(engine, Map.of(), true, ZmqMetrics.NONE));
			registry.registerListenerContainer(first, factory);
			registry.registerListenerContainer(second, factory);
		}

		MethodFactoryCache cache = (MethodFactoryCache) field(first, "methodFactories");
		assertThat(field(second, "methodFactories")).isSameAs(cache);
		MessageConverter converter = codec.getMessageConverter();
		MessageHandlerMethodFactory shared = cache.get(new MethodFactoryCache.Key(converter, null, List.of()), null, (c, f) -> {
			throw new AssertionError("built a second factory for the same converter");
		});
		assertThat(shared).isNotNull();
	}

	private static Method method(String name) throws NoSuchMethodException {
		return Listeners.class.getDeclaredMethod(name, String.class);
	}

	private static Object field(Object target, String name) throws Exception {
		java.lang.reflect.Field field = target.getClass().getDeclaredField(name);
		field.setAccessible(true);
		return field.get(target);
	}

	static final class Listeners {

		void orders(String order) {
		}

		void payments(String payment) {
		}

	}

}
