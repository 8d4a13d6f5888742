package io.github.zmqspring.core.internal.zmtp;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import io.github.zmqspring.core.internal.zmtp.ZmtpBytes.Frame;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.github.zmqspring.core.internal.zmtp.ZmtpBytes.bytes;
import static io.github.zmqspring.core.internal.zmtp.ZmtpBytes.drain;
import static io.github.zmqspring.core.internal.zmtp.ZmtpBytes.filled;
import static io.github.zmqspring.core.internal.zmtp.ZmtpBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ZmtpMessageWriterTests {

	private static byte[] written(ByteBuffer out) {
		out.flip();
		byte[] bytes = new byte[out.remaining()];
		out.get(bytes);
		return bytes;
	}

	@Nested
	class Headers {

		@Test
		void headersAreShortUpTo255OctetsAndLongBeyond() {
			assertThat(ZmtpFrameEncoder.headerSize(0)).isEqualTo(2);
			assertThat(ZmtpFrameEncoder.headerSize(255)).isEqualTo(2);
			assertThat(ZmtpFrameEncoder.headerSize(256)).isEqualTo(9);
			assertThat(ZmtpFrameEncoder.headerSize(Long.MAX_VALUE)).isEqualTo(9);
			assertThatIllegalArgumentException().isThrownBy(() -> ZmtpFrameEncoder.headerSize(-1));
		}

		@Test
		void headersCarryExactlyTheFlagsAsked() {
			ByteBuffer out = ByteBuffer.allocate(64);
			ZmtpFrameEncoder.putHeader(out, false, false, 5);
			ZmtpFrameEncoder.putHeader(out, true, false, 255);
			ZmtpFrameEncoder.putHeader(out, false, true, 3);
			ZmtpFrameEncoder.putHeader(out, true, false, 256);
			ZmtpFrameEncoder.putHeader(out, false, true, 0x1_0000_0000L);
			assertThat(written(out)).containsExactly(
					hex("00 05 01 FF 04 03 03 00 00 00 00 00 00 01 00 06 00 00 00 01 00 00 00 00"));
		}

		@Test
		void headersAreInNetworkOrderWhateverTheBufferOrder() {
			ByteBuffer out = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN);
			ZmtpFrameEncoder.putHeader(out, false, false, 0x0102);
			assertThat(written(out)).containsExactly(hex("02 00 00 00 00 00 00 01 02"));
		}

		@Test
		void aCommandCannotHaveMore() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> ZmtpFrameEncoder.putHeader(ByteBuffer.allocate(9), true, true, 1));
		}

		@Test
		void aHeaderThatDoesNotFitWritesNothing() {
			ByteBuffer out = ByteBuffer.allocate(8);
			assertThatExceptionOfType(BufferOverflowException.class)
				.isThrownBy(() -> ZmtpFrameEncoder.putHeader(out, false, false, 300));
			assertThat(out.position()).isZero();
		}

		@Test
		void aFrameIsItsHeaderAndBody() {
			assertThat(ZmtpFrameEncoder.frame(ZmtpBytes.ascii("abc"), true, false)).containsExactly(hex("01 03 61 62 63"));
			byte[] body = filled(256, 0);
			assertThat(ZmtpFrameEncoder.frame(body, false, false))
				.containsExactly(bytes().hexs("02 00 00 00 00 00 00 01 00").raw(body).toArray());
		}

	}

	@Nested
	class Writing {

		private final ZmtpMessageWriter writer = new ZmtpMessageWriter();

		@Test
		void aMessageHasMoreOnEveryFrameButTheLast() {
			ByteBuffer out = ByteBuffer.allocate(100);
			this.writer.start(new byte[][] { ZmtpBytes.ascii("a"), new byte[0], ZmtpBytes.ascii("c") });
			assertThat(this.writer.writeTo(out)).isTrue();
			assertThat(written(out)).containsExactly(hex("01 01 61 01 00 00 01 63"));
			assertThat(this.writer.idle()).isTrue();
		}

		@Test
		void aCommandIsOneFrameWithTheCommandFlag() {
			ByteBuffer out = ByteBuffer.allocate(100);
			this.writer.startCommand(ZmtpCommand.ping(0, new byte[0]));
			assertThat(this.writer.remaining()).isEqualTo(9);
			assertThat(this.writer.writeTo(out)).isTrue();
			assertThat(written(out)).containsExactly(bytes().hexs("04 07 04").text("PING").hexs("00 00").toArray());
		}

		@Test
		void aMessageLargerThanTheBufferTravelsInSeveralAndDecodesIdentically() {
			byte[][] message = { filled(10, 1), filled(300, 2), new byte[0], filled(70_000, 3), filled(255, 4) };
			ZmtpFrameDecoder decoder = new ZmtpFrameDecoder(1 << 20, 1024);
			List<Frame> decoded = new ArrayList<>();
			ByteBuffer out = ByteBuffer.allocate(1000);
			this.writer.start(message);
			assertThat(this.writer.remaining()).isEqualTo(ZmtpMessageWriter.encodedSize(message));
			int buffers = 0;
			boolean done;
			do {
				out.clear();
				done = this.writer.writeTo(out);
				out.flip();
				buffers++;
				decoded.addAll(drain(decoder, out));
			}
			while (!done);
			assertThat(buffers).isGreaterThan(70);
			assertThat(this.writer.remaining()).isZero();
			assertThat(decoded).containsExactly(new Frame(true, false, message[0]), new Frame(true, false, message[1]),
					new Frame(true, false, message[2]), new Frame(true, false, message[3]),
					new Frame(false, false, message[4]));
		}

		@Test
		void aHeaderIsNeverSplitAcrossBuffers() {
			ByteBuffer out = ByteBuffer.allocate(12);
			this.writer.start(new byte[][] { filled(3, 0), filled(300, 0) });
			assertThat(this.writer.writeTo(out)).isFalse();
			// 2 + 3 octets of the first frame; the 9-octet header of the second does not fit in the 7 left.
			assertThat(out.position()).isEqualTo(5);
			out.clear();
			assertThat(this.writer.writeTo(out)).isFalse();
			assertThat(written(out)).startsWith(hex("02 00 00 00 00 00 00 01 2C"));
		}

		@Test
		void manySmallMessagesShareOneBuffer() {
			ByteBuffer out = ByteBuffer.allocate(64 * 1024);
			List<byte[][]> sent = new ArrayList<>();
			int i = 0;
			while (true) {
				byte[][] message = { ZmtpBytes.ascii("topic"), filled(90, i) };
				this.writer.start(message);
				if (!this.writer.writeTo(out)) {
					break;
				}
				sent.add(message);
				i++;
			}
			assertThat(sent.size()).isEqualTo((64 * 1024) / 99);
			out.flip();
			List<Frame> decoded = drain(new ZmtpFrameDecoder(1024, 1024), out);
			// The message that did not fit is partly in the buffer: its first frame decodes, its second not.
			assertThat(decoded).hasSize(sent.size() * 2 + 1);
			for (int m = 0; m < sent.size(); m++) {
				assertThat(decoded.get(2 * m)).isEqualTo(new Frame(true, false, sent.get(m)[0]));
				assertThat(decoded.get(2 * m + 1)).isEqualTo(new Frame(false, false, sent.get(m)[1]));
			}
		}

		@Test
		void aNewMessageWaitsUntilTheLastIsWritten() {
			this.writer.start(new byte[][] { filled(100, 0) });
			assertThat(this.writer.idle()).isFalse();
			this.writer.writeTo(ByteBuffer.allocate(10));
			assertThatIllegalStateException().isThrownBy(() -> this.writer.start(new byte[][] { new byte[1] }));
			assertThatIllegalStateException().isThrownBy(() -> this.writer.startCommand(new byte[1]));
		}

		@Test
		void aMessageNeedsAFrame() {
			assertThatIllegalArgumentException().isThrownBy(() -> this.writer.start(new byte[0][]));
		}

		@Test
		void anIdleWriterHasNothingToWrite() {
			ByteBuffer out = ByteBuffer.allocate(10);
			assertThat(this.writer.idle()).isTrue();
			assertThat(this.writer.writeTo(out)).isTrue();
			assertThat(out.position()).isZero();
		}

		@Test
		void theEncodedSizeCountsHeadersAndBodies() {
			assertThat(ZmtpMessageWriter.encodedSize(new byte[][] { new byte[0], new byte[255], new byte[256] }))
				.isEqualTo(2 + 2 + 255 + 9 + 256);
		}

	}

}
