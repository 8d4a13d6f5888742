package io.github.zmqspring.core.internal.zmtp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException.Reason;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.github.zmqspring.core.internal.zmtp.ZmtpBytes.filled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ZmtpMessageAssemblerTests {

	@Nested
	class Assembling {

		private final ZmtpMessageAssembler assembler = new ZmtpMessageAssembler(1024 * 1024, 1000);

		@Test
		void aSingleFrameIsAMessageAtOnce() {
			byte[] body = ZmtpBytes.ascii("hello");
			byte[][] message = this.assembler.add(body, false);
			assertThat(message).hasDimensions(1, 5);
			assertThat(message[0]).isSameAs(body);
			assertThat(this.assembler.inProgress()).isFalse();
		}

		@Test
		void framesWithMoreAreHeldUntilTheLast() {
			assertThat(this.assembler.add(ZmtpBytes.ascii("a"), true)).isNull();
			assertThat(this.assembler.inProgress()).isTrue();
			assertThat(this.assembler.add(new byte[0], true)).isNull();
			byte[][] message = this.assembler.add(ZmtpBytes.ascii("c"), false);
			assertThat(message).isNotNull();
			assertThat(message).hasNumberOfRows(3);
			assertThat(message[0]).containsExactly('a');
			assertThat(message[1]).isEmpty();
			assertThat(message[2]).containsExactly('c');
			assertThat(this.assembler.inProgress()).isFalse();
		}

		@Test
		void consecutiveMessagesDoNotMix() {
			this.assembler.add(ZmtpBytes.ascii("a"), true);
			byte[][] first = this.assembler.add(ZmtpBytes.ascii("b"), false);
			this.assembler.add(ZmtpBytes.ascii("c"), true);
			byte[][] second = this.assembler.add(ZmtpBytes.ascii("d"), false);
			assertThat(first).isNotNull();
			assertThat(second).isNotNull();
			assertThat(first[0]).containsExactly('a');
			assertThat(first[1]).containsExactly('b');
			assertThat(second[0]).containsExactly('c');
			assertThat(second[1]).containsExactly('d');
		}

		@Test
		void aHundredFrameMessageComesThroughTheDecoderWhole() {
			ZmtpBytes stream = ZmtpBytes.bytes();
			List<byte[]> sent = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				byte[] body = filled(i * 7, i);
				sent.add(body);
				stream.raw(ZmtpFrameEncoder.frame(body, i < 99, false));
			}
			ZmtpFrameDecoder decoder = new ZmtpFrameDecoder(1024 * 1024, 1024);
			ByteBuffer in = ByteBuffer.wrap(stream.toArray());
			List<byte[][]> messages = new ArrayList<>();
			while (decoder.next(in)) {
				byte[][] message = this.assembler.add(decoder.body(), decoder.more());
				if (message != null) {
					messages.add(message);
				}
			}
			assertThat(messages).hasSize(1);
			assertThat(messages.get(0)).isDeepEqualTo(sent.toArray(new byte[0][]));
		}

	}

	@Nested
	class Limits {

		@Test
		void theWholeMessageMayReachTheLimitButNotPassIt() {
			ZmtpMessageAssembler assembler = new ZmtpMessageAssembler(10, 100);
			assembler.add(new byte[4], true);
			assertThat(assembler.add(new byte[6], false)).hasNumberOfRows(2);
			assembler.add(new byte[4], true);
			assertThatExceptionOfType(ZmtpProtocolException.class).isThrownBy(() -> assembler.add(new byte[7], true))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.MESSAGE_TOO_LARGE))
				.withMessage("message of at least 11 bytes exceeds the maximum of 10 for a whole message");
		}

		@Test
		void aSingleFrameAboveTheLimitIsRefused() {
			ZmtpMessageAssembler assembler = new ZmtpMessageAssembler(10, 100);
			assertThatExceptionOfType(ZmtpProtocolException.class).isThrownBy(() -> assembler.add(new byte[11], false))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.MESSAGE_TOO_LARGE));
		}

		@Test
		void aPeerSettingMoreForeverIsStoppedAtTheFrameLimit() {
			ZmtpMessageAssembler assembler = new ZmtpMessageAssembler(Long.MAX_VALUE, 64);
			for (int i = 0; i < 64; i++) {
				assertThat(assembler.add(new byte[0], true)).isNull();
			}
			assertThatExceptionOfType(ZmtpProtocolException.class).isThrownBy(() -> assembler.add(new byte[0], true))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.TOO_MANY_FRAMES))
				.withMessageContaining("64");
		}

		@Test
		void theFrameLimitCountsTheLastFrameToo() {
			ZmtpMessageAssembler assembler = new ZmtpMessageAssembler(Long.MAX_VALUE, 3);
			assembler.add(new byte[0], true);
			assembler.add(new byte[0], true);
			assertThat(assembler.add(new byte[0], false)).hasNumberOfRows(3);
			assembler.add(new byte[0], true);
			assembler.add(new byte[0], true);
			assembler.add(new byte[0], true);
			assertThatExceptionOfType(ZmtpProtocolException.class).isThrownBy(() -> assembler.add(new byte[0], false))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.TOO_MANY_FRAMES));
		}

		@Test
		void limitsApplyPerMessage() {
			ZmtpMessageAssembler assembler = new ZmtpMessageAssembler(10, 2);
			for (int i = 0; i < 100; i++) {
				assembler.add(new byte[5], true);
				assertThat(assembler.add(new byte[5], false)).hasNumberOfRows(2);
			}
		}

		@Test
		void aFailedAssemblerRefusesToGoOn() {
			ZmtpMessageAssembler assembler = new ZmtpMessageAssembler(10, 100);
			assembler.add(new byte[6], true);
			assertThatExceptionOfType(ZmtpProtocolException.class).isThrownBy(() -> assembler.add(new byte[6], true));
			assertThat(assembler.inProgress()).isFalse();
			assertThatIllegalStateException().isThrownBy(() -> assembler.add(new byte[0], false));
		}

		@Test
		void oneFrameMessagesNeedAFrameLimitOfOne() {
			ZmtpMessageAssembler assembler = new ZmtpMessageAssembler(10, 1);
			assertThat(assembler.add(new byte[3], false)).hasNumberOfRows(1);
			assembler.add(new byte[3], true);
			assertThatExceptionOfType(ZmtpProtocolException.class).isThrownBy(() -> assembler.add(new byte[3], false))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.TOO_MANY_FRAMES));
		}

	}

}
