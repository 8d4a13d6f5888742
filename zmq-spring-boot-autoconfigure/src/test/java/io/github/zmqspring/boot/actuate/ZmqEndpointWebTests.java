package io.github.zmqspring.boot.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code zmq} actuator endpoint, the {@code zmq/<name>} health entries and the pre-registered meters, over real
 * HTTP against a web server on a random port, with a real peer sending to a {@code @ZmqListener} over tcp.
 */
@SpringBootTest(classes = ZmqEndpointWebTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "zmq.sockets.feed.type=PUB", "zmq.sockets.feed.bind=tcp://127.0.0.1:*",
				"management.endpoints.web.exposure.include=health,zmq,metrics",
				"management.endpoint.health.show-details=always",
				"management.endpoint.health.group.feed.include=zmq/feed",
				"management.endpoint.health.group.feed.show-details=always" })
@ExtendWith(OutputCaptureExtension.class)
class ZmqEndpointWebTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private Orders orders;

	private static ZmqEngine peers;

	@BeforeAll
	static void peerEngine() {
		peers = ZmqEngine.builder().name("peers").build();
	}

	@AfterAll
	static void closePeers() {
		peers.close();
	}

	@Test
	void listsSocketsAndListenersWithTheirTypeStateEndpointsAndPeers() throws Exception {
		String endpoint = boundEndpoint(get("/actuator/zmq").path("listeners").path("orders"));
		try (ZmqSocket pusher = pusher(endpoint)) {
			Instant before = Instant.now();
			pusher.send(ZmqMessage.of("order-1"));
			assertThat(this.orders.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("order-1");
			await().atMost(WAIT).untilAsserted(() -> {
				JsonNode zmq = get("/actuator/zmq");
				assertThat(zmq.path("engine").path("name").asString()).isEqualTo("zmq");
				JsonNode orders = zmq.path("listeners").path("orders");
				assertThat(orders.path("type").asString()).isEqualTo("PULL");
				assertThat(orders.path("state").asString()).isEqualTo("STARTED");
				assertThat(orders.path("counters").path("messagesReceived").asLong()).isGreaterThanOrEqualTo(1);
				assertThat(orders.path("peers")).hasSize(1);
				JsonNode peer = orders.path("peers").get(0);
				assertThat(peer.path("address").asString()).startsWith("tcp://127.0.0.1:");
				assertThat(Instant.parse(peer.path("since").asString())).isAfterOrEqualTo(before.minusSeconds(1));
				JsonNode feed = zmq.path("sockets").path("feed");
				assertThat(feed.path("type").asString()).isEqualTo("PUB");
				assertThat(feed.path("state").asString()).isEqualTo("RUNNING");
				assertThat(boundEndpoint(feed)).matches("tcp://127\\.0\\.0\\.1:\\d+");
			});
		}
		JsonNode one = get("/actuator/zmq/feed");
		assertThat(one.path("type").asString()).isEqualTo("PUB");
		assertThat(request("GET", "/actuator/zmq/nope", null).getStatusCode().value()).isEqualTo(404);
	}

	@Test
	void stopsAndRestartsAListenerAndMessagesFlowAgain() throws Exception {
		String endpoint = boundEndpoint(get("/actuator/zmq/orders"));
		try (ZmqSocket pusher = pusher(endpoint)) {
			pusher.send(ZmqMessage.of("before-stop"));
			assertThat(this.orders.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("before-stop");

			JsonNode stopped = post("/actuator/zmq/orders", "stop");
			assertThat(stopped.path("state").asString()).isEqualTo("STOPPED");
			assertThat(stopped.path("bound")).isEmpty();
			JsonNode health = get("/actuator/health/zmq/orders");
			assertThat(health.path("status").asString()).isEqualTo("UP");
			assertThat(health.path("details").path("state").asString()).isEqualTo("STOPPED");

			JsonNode started = post("/actuator/zmq/orders", "start");
			assertThat(started.path("state").asString()).isEqualTo("STARTED");
			assertThat(boundEndpoint(started)).matches("tcp://127\\.0\\.0\\.1:\\d+");
		}
		// a wildcard port is chosen afresh: the answer says which (a PUSH socket still connected to the old one
		// would queue for it, as libzmq's does)
		try (ZmqSocket pusher = pusher(boundEndpoint(get("/actuator/zmq/orders")))) {
			pusher.send(ZmqMessage.of("after-restart"));
			assertThat(this.orders.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("after-restart");
		}
	}

	@Test
	void pauseHoldsMessagesOnTheOpenSocketUntilResume() throws Exception {
		String endpoint = boundEndpoint(get("/actuator/zmq/orders"));
		try (ZmqSocket pusher = pusher(endpoint)) {
			pusher.send(ZmqMessage.of("before-pause"));
			assertThat(this.orders.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("before-pause");
			JsonNode paused = post("/actuator/zmq/orders", "pause");
			assertThat(paused.path("state").asString()).isEqualTo("STARTED");
			assertThat(paused.path("paused").asBoolean()).isTrue();
			// the socket stays bound where it was: peers keep their connection
			assertThat(boundEndpoint(paused)).isEqualTo(endpoint);
			pusher.send(ZmqMessage.of("while-paused"));
			// the message reaches the socket and waits in its queue, not in the listener
			await().atMost(WAIT).until(() -> get("/actuator/zmq/orders").path("queued").asInt() == 1);
			assertThat(this.orders.received).isEmpty();
			JsonNode resumed = post("/actuator/zmq/orders", "resume");
			assertThat(resumed.path("paused").asBoolean()).isFalse();
			assertThat(this.orders.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("while-paused");
		}
	}

	@Test
	void anUnknownActionOrListenerIsABadRequest() {
		assertThat(request("POST", "/actuator/zmq/orders", "{\"action\":\"explode\"}").getStatusCode().value())
			.isEqualTo(400);
		ResponseEntity<String> unknown = request("POST", "/actuator/zmq/nope", "{\"action\":\"stop\"}");
		assertThat(unknown.getStatusCode().value()).isEqualTo(400);
	}

	@Nested
	class Health {

		@Test
		void aSocketAndAListenerEachHaveTheirPath() throws Exception {
			JsonNode feed = get("/actuator/health/zmq/feed");
			assertThat(feed.path("status").asString()).isEqualTo("UP");
			assertThat(feed.path("details").path("type").asString()).isEqualTo("PUB");
			assertThat(feed.path("details").path("state").asString()).isEqualTo("RUNNING");
			JsonNode orders = get("/actuator/health/zmq/orders");
			assertThat(orders.path("status").asString()).isEqualTo("UP");
			assertThat(orders.path("details").path("type").asString()).isEqualTo("PULL");
			JsonNode zmq = get("/actuator/health/zmq");
			assertThat(zmq.path("components").has("feed")).isTrue();
			assertThat(zmq.path("components").has("orders")).isTrue();
		}

		@Test
		void aHealthGroupCanIncludeASingleSocket() throws Exception {
			JsonNode group = get("/actuator/health/feed");
			assertThat(group.path("status").asString()).isEqualTo("UP");
			JsonNode zmq = group.path("components").path("zmq").path("components");
			assertThat(zmq.has("feed")).isTrue();
			assertThat(zmq.has("orders")).isFalse();
		}

	}

	@Test
	void conversionErrorsAreListedBeforeTheFirstError() throws Exception {
		List<String> names = new ArrayList<>();
		get("/actuator/metrics").path("names").forEach((name) -> names.add(name.asString()));
		assertThat(names).contains("zmq.conversion.errors", "zmq.messages.received");
		JsonNode errors = get("/actuator/metrics/zmq.conversion.errors?tag=socket:orders");
		assertThat(errors.path("measurements").get(0).path("value").asDouble()).isZero();
	}

	@Test
	void startUpLogsOneInfoLinePerSocketAndListenerWithTheActualPort(CapturedOutput output) {
		assertThat(output).containsPattern("ZMQ socket 'feed' \\(PUB\\) bound tcp://127\\.0\\.0\\.1:\\d+")
			.containsPattern("ZMQ listener 'orders' \\(PULL\\) bound tcp://127\\.0\\.0\\.1:\\d+");
	}

	private ZmqSocket pusher(String endpoint) {
		return peers.open(ZmqSocketSpec.builder("pusher", SocketType.PUSH).connect(endpoint).build());
	}

	private static String boundEndpoint(JsonNode component) {
		JsonNode bound = component.path("bound");
		assertThat(bound).as("bound of %s", component).hasSize(1);
		return bound.get(0).asString();
	}

	private JsonNode get(String path) {
		ResponseEntity<String> response = request("GET", path, null);
		assertThat(response.getStatusCode().value()).as("GET %s: %s", path, response.getBody()).isEqualTo(200);
		return json.readTree(response.getBody());
	}

	private JsonNode post(String path, String action) {
		ResponseEntity<String> response = request("POST", path, "{\"action\":\"" + action + "\"}");
		assertThat(response.getStatusCode().value()).as("POST %s %s: %s", path, action, response.getBody())
			.isEqualTo(200);
		return json.readTree(response.getBody());
	}

	private ResponseEntity<String> request(String method, String path, String body) {
		RestClient.RequestBodySpec spec = RestClient.create("http://127.0.0.1:" + this.port).method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path);
		if (body != null) {
			spec.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return spec.retrieve().onStatus((status) -> true, (request, response) -> {
		}).toEntity(String.class);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

	static class Orders {

		final BlockingQueue<String> received = new LinkedBlockingQueue<>();

		@ZmqListener(id = "orders", type = SocketType.PULL, bind = "tcp://127.0.0.1:*")
		void onOrder(String order) {
			this.received.add(order);
		}

	}

}
