package io.github.zmqspring.support;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.util.MimeTypeUtils;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The header frame's documented layout, its bounds, and where the codec puts it and finds it on each socket type.
 */
class ZmqHeaderFrameTests {

	private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

	private static byte[] frame(String entries) {
		byte[] text = entries.getBytes(StandardCharsets.UTF_8);
		byte[] frame = new byte[4 + text.length];
		frame[0] = 0x00;
		frame[1] = 'Z';
		frame[2] = 'H';
		frame[3] = 0x01;
		System.arraycopy(text, 0, frame, 4, text.length);
		return frame;
	}

	@Nested
	class Layout {

		@Test
		void writesMagicVersionAndOneNameValueLinePerHeader() {
			Map<String, Object> headers = new LinkedHashMap<>();
			headers.put("traceparent", TRACEPARENT);
			headers.put("tenant", "acme");
			byte[] written = ZmqHeaderFrame.encode(headers, ZmqHeaderFrameSettings.ENABLED, "s");
			assertThat(written).isEqualTo(frame("traceparent: " + TRACEPARENT + "\ntenant: acme\n"));
			assertThat(ZmqHeaderFrame.prefix()).containsExactly(0x00, 0x5A, 0x48, 0x01);
		}

		@Test
		void readsWhatItWritesAndWhatAPeerWritesWithoutTheLastLineFeed() {
			assertThat(ZmqHeaderFrame.decode(frame("traceparent: " + TRACEPARENT + "\ntenant: acme"),
					ZmqHeaderFrameSettings.ENABLED, "s"))
				.containsExactly(Map.entry("traceparent", TRACEPARENT), Map.entry("tenant", "acme"));
			assertThat(ZmqHeaderFrame.decode(frame(""), ZmqHeaderFrameSettings.ENABLED, "s")).isEmpty();
			assertThat(ZmqHeaderFrame.decode(frame("a: 1\na: 2\nempty: \n"), ZmqHeaderFrameSettings.ENABLED, "s"))
				.containsExactly(Map.entry("a", "2"), Map.entry("empty", ""));
		}

		@Test
		void framingIdTimestampAndValuesWithoutTextStayLocal() {
			Map<String, Object> headers = new LinkedHashMap<>();
			headers.put(ZmqHeaders.TOPIC, "t");
			headers.put(MessageHeaders.ID, "x");
			headers.put(MessageHeaders.TIMESTAMP, 1L);
			headers.put("object", new Object());
			headers.put(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON);
			headers.put("attempt", 3);
			assertThat(new String(ZmqHeaderFrame.encode(headers, ZmqHeaderFrameSettings.ENABLED, "s"), 4,
					ZmqHeaderFrame.encode(headers, ZmqHeaderFrameSettings.ENABLED, "s").length - 4,
					StandardCharsets.UTF_8))
				.isEqualTo("contentType: application/json\nattempt: 3\n");
			// a peer cannot set the headers that describe frames
			assertThat(ZmqHeaderFrame.decode(frame("zmq_socket: forged\nok: 1\n"), ZmqHeaderFrameSettings.ENABLED,
					"s"))
				.containsExactly(Map.entry("ok", "1"));
		}

		@Test
		void aHeaderThatWouldBreakTheLayoutIsRefusedNamingSocketAndHeader() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> ZmqHeaderFrame.encode(Map.of("note", "two\nlines"), ZmqHeaderFrameSettings.ENABLED,
						"tasks"))
				.withMessageContaining("socket 'tasks'")
				.withMessageContaining("header 'note'");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> ZmqHeaderFrame.encode(Map.of("a:b", "v"), ZmqHeaderFrameSettings.ENABLED, "tasks"))
				.withMessageContaining("'a:b'");
		}

		@Test
		void malformedFramesFailNamingTheSocket() {
			for (byte[] bad : List.of(frame("no separator\n"), frame(": no name\n"), frame("a: 1\n\nb: 2\n"),
					frame("cr: 1\r\n"), new byte[] { 0, 'Z', 'H', 2, 'a' }, new byte[] { 0, 'Z', 'H', 1, (byte) 0xC3 })) {
				assertThatExceptionOfType(ZmqHeaderFrameException.class)
					.isThrownBy(() -> ZmqHeaderFrame.decode(bad, ZmqHeaderFrameSettings.ENABLED, "inbox"))
					.withMessageStartingWith("socket 'inbox': malformed header frame: ");
			}
		}

		@Test
		void sizeAndEntryLimitsBoundBothDirections() {
			ZmqHeaderFrameSettings small = new ZmqHeaderFrameSettings(true, 16, 2);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> ZmqHeaderFrame.encode(Map.of("name", "a value too long"), small, "tasks"))
				.withMessageContaining("over the limit of 16 bytes (headers.max-size)");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> ZmqHeaderFrame.encode(Map.of("a", "1", "b", "2", "c", "3"),
						new ZmqHeaderFrameSettings(true, 1024, 2), "tasks"))
				.withMessageContaining("more than 2 headers");
			assertThatExceptionOfType(ZmqHeaderFrameException.class)
				.isThrownBy(() -> ZmqHeaderFrame.decode(frame("name: a value too long\n"), small, "inbox"))
				.withMessageContaining("over the limit of 16 bytes");
			assertThatExceptionOfType(ZmqHeaderFrameException.class)
				.isThrownBy(() -> ZmqHeaderFrame.decode(frame("a: 1\nb: 2\nc: 3\n"),
						new ZmqHeaderFrameSettings(true, 1024, 2), "inbox"))
				.withMessageContaining("more than 2 entries (headers.max-entries)");
		}

	}

	@Nested
	class Codec {

		private final DefaultZmqMessageCodec codec = new DefaultZmqMessageCodec()
			.withHeaderFramePolicy(ZmqHeaderFramePolicy.of(ZmqHeaderFrameSettings.DISABLED,
					Map.of("on", ZmqHeaderFrameSettings.ENABLED)));

		private final byte[] header = frame("tenant: acme\n");

		@Test
		void theFrameGoesRightBeforeThePayloadAfterTopicAndEnvelope() {
			Map<String, Object> headers = Map.of("tenant", "acme", ZmqHeaders.TOPIC, "weather");
			assertThat(this.codec.toFrames("p", headers, "on", SocketType.PUB))
				.isEqualTo(ZmqMessage.of("weather".getBytes(), this.header, "p".getBytes()));
			assertThat(this.codec.toFrames("p", Map.of("tenant", "acme"), "on", SocketType.PUSH))
				.isEqualTo(ZmqMessage.of(this.header, "p".getBytes()));
			assertThat(this.codec.toFrames("p", Map.of("tenant", "acme", ZmqHeaders.ENVELOPE, List.of("id".getBytes())),
					"on", SocketType.ROUTER))
				.isEqualTo(ZmqMessage.of("id".getBytes(), new byte[0], this.header, "p".getBytes()));
			assertThat(this.codec.toFrames("p", Map.of("tenant", "acme", ZmqHeaders.ROUTING_ID, "id".getBytes()), "on",
					SocketType.ROUTER))
				.isEqualTo(ZmqMessage.of("id".getBytes(), this.header, "p".getBytes()));
		}

		@Test
		void offByDefaultOnOtherSocketsOnStreamAndForFramesTheApplicationBuilt() {
			assertThat(this.codec.toFrames("p", Map.of("tenant", "acme"), "off", SocketType.PUSH))
				.isEqualTo(ZmqMessage.of("p"));
			assertThat(new DefaultZmqMessageCodec().toFrames("p", Map.of("tenant", "acme"), "on", SocketType.PUSH))
				.isEqualTo(ZmqMessage.of("p"));
			assertThat(this.codec.toFrames("p", Map.of(ZmqHeaders.ROUTING_ID, "c".getBytes()), "on", SocketType.STREAM))
				.isEqualTo(ZmqMessage.of("c", "p"));
			assertThat(this.codec.toFrames(ZmqMessage.of("a", "b"), Map.of("tenant", "acme"), "on", SocketType.PUSH))
				.isEqualTo(ZmqMessage.of("a", "b"));
		}

		@Test
		void receivedFramesLoseTheHeaderFrameAndGainItsEntriesOnEverySocketType() {
			assertReceived(ZmqMessage.of("weather".getBytes(), this.header, "p".getBytes()), SocketType.SUB)
				.containsEntry(ZmqHeaders.TOPIC, "weather");
			assertReceived(ZmqMessage.of(this.header, "p".getBytes()), SocketType.SUB);
			assertReceived(ZmqMessage.of(this.header, "p".getBytes()), SocketType.PULL);
			assertReceived(ZmqMessage.of(this.header, "p".getBytes()), SocketType.PAIR);
			assertReceived(ZmqMessage.of("id".getBytes(), new byte[0], this.header, "p".getBytes()), SocketType.ROUTER)
				.containsKey(ZmqHeaders.ENVELOPE);
			assertReceived(ZmqMessage.of("id".getBytes(), this.header, "p".getBytes()), SocketType.ROUTER);
			assertReceived(ZmqMessage.of(new byte[0], this.header, "p".getBytes()), SocketType.DEALER);
			assertReceived(ZmqMessage.of(this.header, "p".getBytes()), SocketType.DEALER);
			Message<byte[]> served = this.codec.toMessage(new ZmqRequest("on", List.of("id".getBytes()),
					ZmqMessage.of(this.header, "p".getBytes())), SocketType.REP);
			assertThat(served.getPayload()).isEqualTo("p".getBytes());
			assertThat(served.getHeaders()).containsEntry("tenant", "acme")
				.containsEntry(ZmqHeaders.FRAMES, ZmqMessage.of("p"));
		}

		private org.assertj.core.api.MapAssert<String, Object> assertReceived(ZmqMessage frames, SocketType type) {
			Message<byte[]> message = this.codec.toMessage(frames, "on", type, List.of("weather".getBytes()));
			assertThat(message.getPayload()).as(type + " payload").isEqualTo("p".getBytes());
			return assertThat(message.getHeaders()).as(type + " headers")
				.containsEntry("tenant", "acme")
				.doesNotContainKey(ZmqHeaders.HEADER_FRAME_ERROR);
		}

		@Test
		void aMessageWithoutTheFrameHasNoSuchHeadersAndADisabledSocketReadsNone() {
			Message<byte[]> plain = this.codec.toMessage(ZmqMessage.of("weather", "p"), "on", SocketType.SUB,
					List.of());
			assertThat(plain.getHeaders()).containsEntry(ZmqHeaders.TOPIC, "weather").doesNotContainKey("tenant");
			Message<byte[]> single = this.codec.toMessage(ZmqMessage.of(this.header), "on", SocketType.PULL, List.of());
			assertThat(single.getPayload()).isEqualTo(this.header);
			Message<byte[]> disabled = this.codec.toMessage(ZmqMessage.of(this.header, "p".getBytes()), "off",
					SocketType.PULL, List.of());
			assertThat(disabled.getHeaders()).doesNotContainKey("tenant");
			assertThat(disabled.getHeaders().get(ZmqHeaders.FRAMES)).isEqualTo(ZmqMessage.of(this.header, "p".getBytes()));
		}

		@Test
		void aMalformedFrameIsRecordedAndFailsWhoeverConsumesTheMessage() {
			Message<byte[]> message = this.codec.toMessage(ZmqMessage.of(frame("broken"), "p".getBytes()), "on",
					SocketType.PULL, List.of());
			assertThat(message.getPayload()).isEqualTo("p".getBytes());
			assertThat(message.getHeaders().get(ZmqHeaders.HEADER_FRAME_ERROR)).isInstanceOf(ZmqHeaderFrameException.class);
			assertThatExceptionOfType(ZmqHeaderFrameException.class)
				.isThrownBy(() -> this.codec.fromMessage(message, String.class))
				.withMessageContaining("socket 'on': malformed header frame");
			assertThatExceptionOfType(ZmqHeaderFrameException.class)
				.isThrownBy(() -> DefaultZmqMessageCodec.failIfMalformed(message));
		}

		@Test
		void withMapperAndConverterKeepThePolicy() {
			assertThat(this.codec.withMessageMapper(new DefaultZmqMessageMapper()).getHeaderFramePolicy())
				.isSameAs(this.codec.getHeaderFramePolicy());
			assertThat(this.codec.withMessageConverter(ZmqMessageConverter.withDefaults()).getHeaderFramePolicy())
				.isSameAs(this.codec.getHeaderFramePolicy());
			assertThat(ZmqHeaderFramePolicy.of(ZmqHeaderFrameSettings.DISABLED, Map.of("x", ZmqHeaderFrameSettings.DISABLED)))
				.isSameAs(ZmqHeaderFramePolicy.NONE);
		}

	}

}
