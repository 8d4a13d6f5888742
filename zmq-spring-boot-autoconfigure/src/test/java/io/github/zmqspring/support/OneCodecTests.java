package io.github.zmqspring.support;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.support.MessageBuilder;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.boot.autoconfigure.ZmqAutoConfiguration;
import io.github.zmqspring.boot.autoconfigure.ZmqIntegrationAutoConfiguration;
import io.github.zmqspring.boot.autoconfigure.ZmqListenerAutoConfiguration;
import io.github.zmqspring.config.DefaultZmqListenerContainerFactory;
import io.github.zmqspring.config.ZmqListenerEndpointRegistry;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.integration.ZmqInboundChannelAdapter;
import io.github.zmqspring.integration.dsl.Zmq;
import io.github.zmqspring.integration.dsl.ZmqInboundGatewaySpec;
import io.github.zmqspring.listener.DefaultZmqListenerContainer;
import io.github.zmqspring.template.ZmqTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * One codec on every path: an application's {@link ZmqMessageMapper} bean and {@link MessageConverter} bean, and
 * Boot's {@code JsonMapper} (snake_case here), reach the template (send, request, reply), the listeners (receive,
 * REP reply, {@code @SendTo}) and the Spring Integration adapters and gateways built with the Java DSL, for
 * {@code String}, {@code byte[]}, POJO and {@link ZmqMessage} payloads. Real sockets on tcp loopback, random ports.
 * <p>
 * The test mapper makes its work visible on the wire: outbound it puts a frame {@code "M"} first; inbound the payload
 * is all frames joined with {@code '|'} (a served request's body with a {@code "req:"} prefix).
 */
@SpringBootTest(classes = OneCodecTests.Config.class, properties = {
		"spring.jackson.property-naming-strategy=SNAKE_CASE",
		"zmq.sockets.out.type=PUSH", "zmq.sockets.out.bind=tcp://127.0.0.1:*",
		"zmq.sockets.forward.type=PUSH", "zmq.sockets.forward.bind=tcp://127.0.0.1:*",
		"zmq.sockets.requests.type=DEALER", "zmq.sockets.requests.bind=tcp://127.0.0.1:*" })
class OneCodecTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final byte[] M = bytes("M");

	@Autowired
	ZmqEngine engine;

	@Autowired
	ZmqTemplate template;

	@Autowired
	ZmqSockets sockets;

	@Autowired
	ZmqListenerEndpointRegistry registry;

	@Autowired
	ZmqMessageCodec codec;

	@Autowired
	Listeners listeners;

	@Autowired
	IntegrationFlowContext flows;

	private final List<AutoCloseable> cleanup = new ArrayList<>();

	@AfterEach
	void closeAll() throws Exception {
		for (int i = this.cleanup.size() - 1; i >= 0; i--) {
			this.cleanup.get(i).close();
		}
	}

	private <T extends AutoCloseable> T closeLater(T closeable) {
		this.cleanup.add(closeable);
		return closeable;
	}

	private BlockingQueue<ZmqMessage> pullFrom(int port) {
		BlockingQueue<ZmqMessage> received = new LinkedBlockingQueue<>();
		closeLater(this.engine.open(ZmqSocketSpec.builder("pull-" + port, SocketType.PULL).connect(local(port)).build(),
				received::add));
		return received;
	}

	private ZmqSocket pushTo(int port) {
		return closeLater(this.engine.open(ZmqSocketSpec.builder("push-" + port, SocketType.PUSH).connect(local(port))
			.build()));
	}

	/** A plain REP server that answers every request with its own body. */
	private void echoServerConnectedTo(int port) {
		closeLater(this.engine.server(ZmqSocketSpec.builder("echo-" + port, SocketType.REP).connect(local(port)).build(),
				(request) -> request.body()));
	}

	private int listenerPort(String id) {
		return this.registry.getListenerContainer(id).getSocket().boundPort();
	}

	private void register(IntegrationFlow flow) {
		var registration = this.flows.registration(flow).register();
		this.cleanup.add(registration::destroy);
	}

	static String local(int port) {
		return "tcp://127.0.0.1:" + port;
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static <T> T take(BlockingQueue<T> queue) throws InterruptedException {
		T item = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(item).as("received within " + WAIT).isNotNull();
		return item;
	}

	static ZmqMessage marked(String... frames) {
		return ZmqMessage.of(frames).prepend(List.of(M));
	}

	@Test
	void everyComponentSharesTheOneCodecBean() {
		assertThat(this.template.getMessageCodec()).isSameAs(this.codec);
		assertThat(this.codec.getMessageConverter()).isInstanceOf(ZmqMessageConverter.class);
		DefaultZmqListenerContainer container = (DefaultZmqListenerContainer) this.registry
			.getListenerContainer("codec-pull");
		assertThat(container.getContainerProperties().getMessageCodec()).isSameAs(this.codec);
		ZmqInboundChannelAdapter adapter = new ZmqInboundChannelAdapter(this.engine,
				ZmqSocketSpec.builder("dsl-in", SocketType.PULL).bind("tcp://127.0.0.1:*").build());
		register(IntegrationFlow.from(adapter).channel(new QueueChannel()).get());
		assertThat(adapter.getMessageCodec()).isSameAs(this.codec);
	}

	@Nested
	class Template {

		@Test
		void sendsStringBytesPojoFramesAndConverterTypesThroughTheMapper() throws Exception {
			BlockingQueue<ZmqMessage> wire = pullFrom(sockets.sender("out").boundPort());
			template.send("out", "text");
			template.send("out", bytes("raw"));
			template.send("out", new Reading(7));
			template.send("out", ZmqMessage.of("a", "b"));
			template.send("out", new Money(new BigDecimal("12.50"), "EUR"));
			template.send("out", MessageBuilder.withPayload("as message").build());
			assertThat(take(wire)).isEqualTo(marked("text"));
			assertThat(take(wire)).isEqualTo(marked("raw"));
			assertThat(take(wire)).isEqualTo(marked("{\"sensor_id\":7}"));
			assertThat(take(wire)).isEqualTo(marked("a", "b"));
			assertThat(take(wire)).isEqualTo(marked("12.50 EUR"));
			assertThat(take(wire)).isEqualTo(marked("as message"));
		}

		@Test
		void requestsAndRepliesGoThroughTheMapperForEveryPayloadKind() {
			echoServerConnectedTo(sockets.requester("requests").boundPort());
			// the server echoes [M][payload...]; the mapper reads the reply as its frames joined
			assertThat(template.request("requests", "hi", String.class, WAIT)).isEqualTo("M|hi");
			assertThat(template.request("requests", bytes("raw"), byte[].class, WAIT)).isEqualTo(bytes("M|raw"));
			assertThat(template.request("requests", new Reading(7), String.class, WAIT))
				.isEqualTo("M|{\"sensor_id\":7}");
			assertThat(template.request("requests", ZmqMessage.of("a", "b"), String.class, WAIT)).isEqualTo("M|a|b");
			assertThat(template.request("requests", ZmqMessage.of("a", "b"), ZmqMessage.class, WAIT))
				.isEqualTo(marked("a", "b"));
		}

		@Test
		void aTopicOrRoutingIdOnARequestIsRejectedInsteadOfDropped() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> template.newMessage("requests", "x").withTopic("t").request(String.class))
				.withMessageContaining("'requests' is a DEALER requester: a request is not published, so a topic "
						+ "does not apply");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> template.newMessage("requests", "x").withRoutingId(bytes("peer")).requestAsync(
						String.class))
				.withMessageContaining("'requests' is a DEALER requester: a request goes to whichever server is free")
				.withMessageContaining("send on a ROUTER socket with newMessage(..).withRoutingId(..).send()");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> template.newMessage("out", "x").withRoutingId(bytes("peer")).send())
				.withMessageContaining("'out' is a PUSH socket: a routing id names the peer of a ROUTER or STREAM "
						+ "socket only");
		}

	}

	@Nested
	class Listeners_ {

		@Test
		void receivedFramesGoThroughTheMapperAndHeadersCarryNoId() throws Exception {
			pushTo(listenerPort("codec-pull")).send(ZmqMessage.of("x", "y"));
			Received received = take(listeners.pulled);
			assertThat(received.payload()).isEqualTo("x|y");
			assertThat(received.headers()).containsEntry(ZmqHeaders.SOCKET, "codec-pull")
				.doesNotContainKeys(MessageHeaders.ID, MessageHeaders.TIMESTAMP);
		}

		@Test
		void aUserMessageConverterBeanConvertsListenerArguments() throws Exception {
			pushTo(listenerPort("codec-money")).send(ZmqMessage.of("3.20 CHF"));
			assertThat(take(listeners.money)).isEqualTo(new Money(new BigDecimal("3.20"), "CHF"));
		}

		@Test
		void repRequestsAndEveryKindOfReplyGoThroughTheCodec() {
			ZmqRequester requester = closeLater(engine.requester(ZmqSocketSpec.builder("rep-client", SocketType.DEALER)
				.connect(local(listenerPort("codec-rep")))
				.build()));
			assertThat(requester.request(ZmqMessage.of("string"), WAIT)).isEqualTo(marked("reply to req:string"));
			assertThat(requester.request(ZmqMessage.of("bytes"), WAIT)).isEqualTo(marked("bytes for req:bytes"));
			assertThat(requester.request(ZmqMessage.of("pojo"), WAIT)).isEqualTo(marked("{\"sensor_id\":42}"));
			assertThat(requester.request(ZmqMessage.of("frames"), WAIT)).isEqualTo(marked("f1", "f2"));
			assertThat(requester.request(ZmqMessage.of("money"), WAIT)).isEqualTo(marked("1 USD"));
		}

		@Test
		void sendToForwardsThroughTheCodec() throws Exception {
			BlockingQueue<ZmqMessage> wire = pullFrom(sockets.sender("forward").boundPort());
			pushTo(listenerPort("codec-worker")).send(ZmqMessage.of("job"));
			assertThat(take(wire)).isEqualTo(marked("done:job"));
		}

	}

	@Nested
	class Integration {

		@Test
		void dslInboundAdapterMapsWithTheCodecAndKeepsHeadersWithoutId() throws Exception {
			QueueChannel out = new QueueChannel();
			ZmqInboundChannelAdapter adapter = new ZmqInboundChannelAdapter(engine,
					ZmqSocketSpec.builder("dsl-pull", SocketType.PULL).bind("tcp://127.0.0.1:*").build());
			adapter.setPayloadType(String.class);
			register(IntegrationFlow.from(adapter).channel(out).get());
			pushTo(adapter.getBoundPort()).send(ZmqMessage.of("x", "y"));
			Message<?> message = out.receive(WAIT.toMillis());
			assertThat(message).isNotNull();
			assertThat(message.getPayload()).isEqualTo("x|y");
			assertThat(message.getHeaders()).doesNotContainKeys(MessageHeaders.ID, MessageHeaders.TIMESTAMP);
		}

		@Test
		void dslOutboundAdapterFramesEveryPayloadKindWithBootsJsonMapper() throws Exception {
			DirectChannel in = new DirectChannel();
			BlockingQueue<ZmqMessage> wire = new LinkedBlockingQueue<>();
			int port = closeLater(engine.open(ZmqSocketSpec.builder("dsl-sink", SocketType.PULL)
				.bind("tcp://127.0.0.1:*").build(), wire::add)).boundPort();
			register(IntegrationFlow.from(in)
				.handle(Zmq.outboundAdapter(engine, ZmqSocketSpec.builder("dsl-push", SocketType.PUSH)
					.connect(local(port))))
				.get());
			in.send(MessageBuilder.withPayload("text").build());
			in.send(MessageBuilder.withPayload(bytes("raw")).build());
			in.send(MessageBuilder.withPayload(new Reading(9)).build());
			in.send(MessageBuilder.withPayload(ZmqMessage.of("a", "b")).build());
			assertThat(take(wire)).isEqualTo(marked("text"));
			assertThat(take(wire)).isEqualTo(marked("raw"));
			assertThat(take(wire)).isEqualTo(marked("{\"sensor_id\":9}"));
			assertThat(take(wire)).isEqualTo(marked("a", "b"));
		}

		@Test
		void dslGatewaysRequestAndAnswerThroughTheCodec() {
			DirectChannel requests = new DirectChannel();
			QueueChannel replies = new QueueChannel();
			int port = closeLater(engine.server(ZmqSocketSpec.builder("gw-echo", SocketType.REP)
				.bind("tcp://127.0.0.1:*").build(), (request) -> request.body())).boundPort();
			register(IntegrationFlow.from(requests)
				.handle(Zmq.outboundGateway(engine, ZmqSocketSpec.builder("gw-dealer", SocketType.DEALER)
					.connect(local(port))).replyPayloadType(String.class).requestTimeout(WAIT))
				.channel(replies)
				.get());
			requests.send(MessageBuilder.withPayload(new Reading(3)).build());
			Message<?> reply = replies.receive(WAIT.toMillis());
			assertThat(reply).isNotNull();
			assertThat(reply.getPayload()).isEqualTo("M|{\"sensor_id\":3}");
		}

		@Test
		void dslInboundGatewayMapsRequestsAndFramesRepliesWithTheCodec() {
			ZmqInboundGatewaySpec gateway = Zmq.inboundGateway(engine, ZmqSocketSpec.builder("igw", SocketType.REP)
				.bind("tcp://127.0.0.1:*")).payloadType(String.class);
			register(IntegrationFlow.from(gateway)
				.<String, Reading>transform((request) -> new Reading(request.length()))
				.get());
			int port = gateway.getObject().getBoundPort();
			ZmqRequester requester = closeLater(engine.requester(ZmqSocketSpec.builder("igw-client", SocketType.DEALER)
				.connect(local(port))
				.build()));
			// "req:abc" has 7 characters
			assertThat(requester.request(ZmqMessage.of("abc"), WAIT)).isEqualTo(marked("{\"sensor_id\":7}"));
		}

	}

	record Reading(int sensorId) {
	}

	record Money(BigDecimal amount, String currency) {
	}

	record Received(String payload, Map<String, Object> headers) {
	}

	/** Makes the mapper visible on the wire: {@code "M"} first outbound, frames joined inbound. */
	static class MarkingMapper extends DefaultZmqMessageMapper {

		@Override
		public Message<byte[]> toMessage(ZmqMessage frames, String socketName, SocketType socketType,
				List<byte[]> subscriptions) {
			Message<byte[]> message = super.toMessage(frames, socketName, socketType, subscriptions);
			return MessageBuilder.createMessage(bytes(join(frames)), message.getHeaders());
		}

		@Override
		public Message<byte[]> toMessage(io.github.zmqspring.core.ZmqRequest request, SocketType socketType) {
			Message<byte[]> message = super.toMessage(request, socketType);
			return MessageBuilder.createMessage(bytes("req:" + join(request.body())), message.getHeaders());
		}

		@Override
		public ZmqMessage fromMessage(Message<byte[]> message, SocketType socketType) {
			return super.fromMessage(message, socketType).prepend(List.of(M));
		}

		@Override
		public ZmqMessage fromFrames(ZmqMessage frames, MessageHeaders headers, SocketType socketType) {
			return frames.prepend(List.of(M));
		}

		private static String join(ZmqMessage frames) {
			return frames.frames().stream().map((frame) -> new String(frame, StandardCharsets.UTF_8))
				.collect(Collectors.joining("|"));
		}

	}

	/** An application converter: {@code Money} as {@code "<amount> <currency>"}. */
	static class MoneyConverter implements MessageConverter {

		@Override
		public Object fromMessage(Message<?> message, Class<?> targetClass) {
			if (targetClass != Money.class || !(message.getPayload() instanceof byte[] raw)) {
				return null;
			}
			String[] parts = new String(raw, StandardCharsets.UTF_8).split(" ");
			return new Money(new BigDecimal(parts[0]), parts[1]);
		}

		@Override
		public Message<?> toMessage(Object payload, MessageHeaders headers) {
			if (!(payload instanceof Money money)) {
				return null;
			}
			return MessageBuilder.createMessage(bytes(money.amount() + " " + money.currency()),
					(headers != null) ? headers : new MessageHeaders(null));
		}

	}

	static class Listeners {

		final BlockingQueue<Received> pulled = new LinkedBlockingQueue<>();

		final BlockingQueue<Money> money = new LinkedBlockingQueue<>();

		@ZmqListener(id = "codec-pull", type = SocketType.PULL, bind = "tcp://127.0.0.1:*")
		void onPull(String payload, @Headers Map<String, Object> headers) {
			this.pulled.add(new Received(payload, headers));
		}

		@ZmqListener(id = "codec-money", type = SocketType.PULL, bind = "tcp://127.0.0.1:*")
		void onMoney(Money money) {
			this.money.add(money);
		}

		@ZmqListener(id = "codec-rep", type = SocketType.REP, bind = "tcp://127.0.0.1:*")
		Object reply(String request) {
			return switch (request) {
				case "req:string" -> "reply to " + request;
				case "req:bytes" -> bytes("bytes for " + request);
				case "req:pojo" -> new Reading(42);
				case "req:frames" -> ZmqMessage.of("f1", "f2");
				case "req:money" -> new Money(BigDecimal.ONE, "USD");
				default -> throw new IllegalArgumentException(request);
			};
		}

		@ZmqListener(id = "codec-worker", type = SocketType.PULL, bind = "tcp://127.0.0.1:*")
		@SendTo("forward")
		String work(String job) {
			return "done:" + job;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	@ImportAutoConfiguration({ JacksonAutoConfiguration.class, ZmqAutoConfiguration.class,
			ZmqListenerAutoConfiguration.class, ZmqIntegrationAutoConfiguration.class })
	static class Config {

		@Bean
		ZmqMessageMapper markingMapper() {
			return new MarkingMapper();
		}

		@Bean
		MessageConverter moneyConverter() {
			return new MoneyConverter();
		}

		@Bean
		Listeners listeners() {
			return new Listeners();
		}

	}

}
