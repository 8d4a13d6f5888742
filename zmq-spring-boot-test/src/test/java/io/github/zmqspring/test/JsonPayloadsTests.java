package io.github.zmqspring.test;

import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * JSON payloads with the default and a custom mapper, and the peers without Jackson on the class path.
 */
class JsonPayloadsTests {

	/** A payload. */
	record Order(int orderId, String item) {
	}

	@Test
	void writesAndReadsWithTheDefaultMapper() {
		ZmqMessage message = JsonPayloads.defaults().message("orders", new Order(7, "book"));
		assertThat(message.frameAsString(0)).isEqualTo("orders");
		assertThat(message.frameAsString(1)).isEqualTo("{\"orderId\":7,\"item\":\"book\"}");
		assertThat(JsonPayloads.defaults().read(PeerMessage.of(message), Order.class)).isEqualTo(new Order(7, "book"));
	}

	@Test
	void writesAndReadsWithTheApplicationsMapper() {
		JsonPayloads snakeCase = JsonPayloads
			.using(JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build());
		byte[] json = snakeCase.write(new Order(7, "book"));
		assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"order_id\":7,\"item\":\"book\"}");
		assertThat(snakeCase.read(json, Order.class)).isEqualTo(new Order(7, "book"));
		assertThat(snakeCase.message(new Order(1, "pen")).size()).isEqualTo(1);
	}

	@Test
	void aPayloadThatIsNotJsonOfTheTypeFailsShowingThePayload() {
		PeerMessage message = PeerMessage.of(ZmqMessage.of("10001 23 45"));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> message.json(Order.class))
			.withMessageStartingWith("The payload is not JSON of type " + Order.class.getName())
			.withMessageEndingWith("payload: '10001 23 45'");
	}

	@Test
	void thePeersWorkWithoutJacksonOnTheClassPathAndOnlyTheJsonMethodsNeedIt() throws Exception {
		URL[] classPath = Stream.of(ZmqPeers.class, ZmqEngine.class, Logger.class, ExtensionContext.class)
			.map(JsonPayloadsTests::location)
			.distinct()
			.toArray(URL[]::new);
		try (URLClassLoader withoutJackson = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> withoutJackson.loadClass(JsonMapper.class.getName()));
			Class<?> peersType = withoutJackson.loadClass(ZmqPeers.class.getName());
			AutoCloseable peers = (AutoCloseable) peersType.getMethod("create").invoke(null);
			try {
				Object pull = open(peersType.getMethod("puller").invoke(peers));
				String endpoint = (String) call(pull, "endpoint");
				Object pushBuilder = peersType.getMethod("pusher").invoke(peers);
				pushBuilder.getClass().getMethod("connect", String[].class).invoke(pushBuilder,
						(Object) new String[] { endpoint });
				Object push = open(pushBuilder);
				push.getClass().getMethod("send", String[].class).invoke(push, (Object) new String[] { "no Jackson" });
				Object received = call(pull, "awaitMessage");
				assertThat(call(received, "text")).isEqualTo("no Jackson");
				assertThatExceptionOfType(InvocationTargetException.class)
					.isThrownBy(() -> received.getClass().getMethod("json", Class.class).invoke(received, Order.class))
					.havingCause()
					.isInstanceOf(NoClassDefFoundError.class)
					.withMessageContaining("tools/jackson");
			}
			finally {
				peers.close();
			}
		}
	}

	private static Object open(Object builder) throws ReflectiveOperationException {
		return call(builder, "open");
	}

	private static Object call(Object target, String method) throws ReflectiveOperationException {
		return target.getClass().getMethod(method).invoke(target);
	}

	private static URL location(Class<?> type) {
		try {
			return type.getProtectionDomain().getCodeSource().getLocation().toURI().toURL();
		}
		catch (URISyntaxException | MalformedURLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
