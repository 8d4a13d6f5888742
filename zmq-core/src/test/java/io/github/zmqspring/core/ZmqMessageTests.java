package io.github.zmqspring.core;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ZmqMessageTests {

	@Test
	void envelopeIsTheFramesBeforeTheDelimiterAndBodyTheFramesAfter() {
		ZmqMessage message = ZmqMessage.of("client-1", "req-7", "", "hello", "world");
		assertThat(message.envelope()).containsExactly(bytes("client-1"), bytes("req-7"));
		assertThat(message.body()).isEqualTo(ZmqMessage.of("hello", "world"));
	}

	@Test
	void withoutDelimiterTheBodyIsTheWholeMessage() {
		ZmqMessage message = ZmqMessage.of("10001 23 45");
		assertThat(message.envelope()).isEmpty();
		assertThat(message.body()).isSameAs(message);
	}

	@Test
	void withEnvelopeRebuildsTheRoutedMessage() {
		ZmqMessage reply = ZmqMessage.of("copy!").withEnvelope(List.of(bytes("id")));
		assertThat(reply).isEqualTo(ZmqMessage.of("id", "", "copy!"));
	}

	@Test
	void dumpShowsTextWhenPrintableAndHexOtherwise() {
		ZmqMessage message = ZmqMessage.of(bytes("topic"), new byte[] { 0, (byte) 0xA1, 0x7F }, new byte[0]);
		assertThat(message.dump()).isEqualTo("3 frames: [5] topic | [3] 0x00a17f | [0] ");
	}

	@Test
	void dumpShortensLongFrames() {
		assertThat(ZmqMessage.of("x".repeat(100)).dump()).isEqualTo("1 frame: [100] " + "x".repeat(64) + "...");
	}

	@Test
	void equalityIsByContent() {
		assertThat(ZmqMessage.of("a", "b")).isEqualTo(ZmqMessage.of(bytes("a"), bytes("b")))
			.hasSameHashCodeAs(ZmqMessage.of("a", "b"))
			.isNotEqualTo(ZmqMessage.of("a"));
	}

	@Test
	void aMessageNeedsAFrame() {
		assertThatIllegalArgumentException().isThrownBy(() -> ZmqMessage.of(new byte[0][]));
	}

	@Test
	void z85RoundTripsAndRejectsGarbage() {
		byte[] key = new byte[32];
		for (int i = 0; i < key.length; i++) {
			key[i] = (byte) (i * 7);
		}
		assertThat(Z85.decode(Z85.encode(key))).isEqualTo(key);
		// Example from ZeroMQ RFC 32.
		assertThat(Z85.encode(new byte[] { (byte) 0x86, 0x4F, (byte) 0xD2, 0x6F, (byte) 0xB5, 0x59, (byte) 0xF7, 0x5B }))
			.isEqualTo("HelloWorld");
		assertThatIllegalArgumentException().isThrownBy(() -> Z85.decode("Hello Worl"));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
