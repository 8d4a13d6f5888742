package io.github.zmqspring.support;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DefaultZmqMessageMapperTests {

	private final DefaultZmqMessageMapper mapper = new DefaultZmqMessageMapper();

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Nested
	class Inbound {

		@Test
		void singleFrameSubMessageIsThePayloadAndItsTopicTheLongestMatchingSubscription() {
			Message<byte[]> message = DefaultZmqMessageMapperTests.this.mapper.toMessage(ZmqMessage.of("10001 23 45"), "weather",
					SocketType.SUB, List.of(bytes("1"), bytes("10001"), bytes("2")));
			assertThat(message.getPayload()).isEqualTo(bytes("10001 23 45"));
			assertThat(message.getHeaders()).containsEntry(ZmqHeaders.TOPIC, "10001")
				.containsEntry(ZmqHeaders.SOCKET, "weather")
				.containsEntry(ZmqHeaders.SOCKET_TYPE, SocketType.SUB);
		}

		@Test
		void multipartSubMessageIsTopicThenPayload() {
			Message<byte[]> message = DefaultZmqMessageMapperTests.this.mapper.toMessage(ZmqMessage.of("news", "hello"), "s",
					SocketType.SUB, List.of(bytes("")));
			assertThat(message.getPayload()).isEqualTo(bytes("hello"));
			assertThat(message.getHeaders()).containsEntry(ZmqHeaders.TOPIC, "news");
		}

		@Test
		void routerMessageFromAReqPeerHasRoutingIdAndEnvelope() {
			Message<byte[]> message = DefaultZmqMessageMapperTests.this.mapper.toMessage(ZmqMessage.of("id-1", "", "job"), "r",
					SocketType.ROUTER, List.of());
			assertThat(message.getPayload()).isEqualTo(bytes("job"));
			assertThat((byte[]) message.getHeaders().get(ZmqHeaders.ROUTING_ID)).isEqualTo(bytes("id-1"));
			assertThat(message.getHeaders().get(ZmqHeaders.ENVELOPE)).asList().hasSize(1);
		}

		@Test
		void routerMessageFromARawDealerPeerHasARoutingIdAndNoEnvelope() {
			Message<byte[]> message = DefaultZmqMessageMapperTests.this.mapper.toMessage(ZmqMessage.of("id-1", "job"), "r",
					SocketType.ROUTER, List.of());
			assertThat(message.getPayload()).isEqualTo(bytes("job"));
			assertThat(message.getHeaders()).containsKey(ZmqHeaders.ROUTING_ID).doesNotContainKey(ZmqHeaders.ENVELOPE);
		}

	}

	@Nested
	class Outbound {

		@Test
		void pubWithATopicSendsTopicThenPayload() {
			Message<byte[]> message = MessageBuilder.withPayload(bytes("23 45")).setHeader(ZmqHeaders.TOPIC, "10001").build();
			assertThat(DefaultZmqMessageMapperTests.this.mapper.fromMessage(message, SocketType.PUB))
				.isEqualTo(ZmqMessage.of("10001", "23 45"));
		}

		@Test
		void routerRepliesKeepTheShapeThePeerSent() {
			Message<byte[]> fromReq = DefaultZmqMessageMapperTests.this.mapper.toMessage(ZmqMessage.of("id-1", "", "job"), "r",
					SocketType.ROUTER, List.of());
			Message<byte[]> fromDealer = DefaultZmqMessageMapperTests.this.mapper.toMessage(ZmqMessage.of("id-2", "job"), "r",
					SocketType.ROUTER, List.of());
			assertThat(DefaultZmqMessageMapperTests.this.mapper
				.fromMessage(MessageBuilder.withPayload(bytes("done")).copyHeaders(fromReq.getHeaders()).build(), SocketType.ROUTER))
				.isEqualTo(ZmqMessage.of("id-1", "", "done"));
			assertThat(DefaultZmqMessageMapperTests.this.mapper
				.fromMessage(MessageBuilder.withPayload(bytes("done")).copyHeaders(fromDealer.getHeaders()).build(), SocketType.ROUTER))
				.isEqualTo(ZmqMessage.of("id-2", "done"));
		}

		@Test
		void routerWithoutAPeerHeaderFailsClearly() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> DefaultZmqMessageMapperTests.this.mapper.fromMessage(MessageBuilder.withPayload(bytes("x")).build(),
						SocketType.ROUTER))
				.withMessageContaining("needs the 'zmq_routingId'");
		}

	}

}
