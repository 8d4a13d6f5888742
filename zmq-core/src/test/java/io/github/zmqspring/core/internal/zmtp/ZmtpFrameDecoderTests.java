package io.github.zmqspring.core.internal.zmtp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.zmqspring.core.internal.zmtp.ZmtpBytes.Frame;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException.Reason;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.zmqspring.core.internal.zmtp.ZmtpBytes.bytes;
import static io.github.zmqspring.core.internal.zmtp.ZmtpBytes.drain;
import static io.github.zmqspring.core.internal.zmtp.ZmtpBytes.filled;
import static io.github.zmqspring.core.internal.zmtp.ZmtpBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ZmtpFrameDecoderTests {

	private static final int MAX_FRAME = 4 * 1024 * 1024;

	private static final int MAX_COMMAND = 64 * 1024;

	private final ZmtpFrameDecoder decoder = new ZmtpFrameDecoder(MAX_FRAME, MAX_COMMAND);

	private Frame single(byte[] stream) {
		ByteBuffer in = ByteBuffer.wrap(stream);
		assertThat(this.decoder.next(in)).isTrue();
		assertThat(in.hasRemaining()).as("octets left after the frame").isFalse();
		return new Frame(this.decoder.more(), this.decoder.command(), this.decoder.body());
	}

	private static Frame frame(boolean more, boolean command, byte[] body) {
		return new Frame(more, command, body);
	}

	private static ZmtpProtocolException refusal(ZmtpFrameDecoder decoder, byte[] stream) {
		ByteBuffer in = ByteBuffer.wrap(stream);
		try {
			while (decoder.next(in)) {
				// Frames before the offending header are fine.
			}
		}
		catch (ZmtpProtocolException ex) {
			return ex;
		}
		throw new AssertionError("the decoder accepted the stream");
	}

	/** A stream with every kind of frame: short, long, empty, MORE, commands. */
	static byte[] mixedStream(List<Frame> expected) {
		ZmtpBytes stream = bytes();
		byte[][] bodies = { ZmtpBytes.ascii("abc"), new byte[0], filled(255, 1), filled(256, 2), filled(1000, 3),
				ZmtpBytes.ascii("x"), filled(70_000, 4) };
		for (int i = 0; i < bodies.length; i++) {
			boolean command = (i % 3 == 1);
			boolean more = !command && i % 2 == 0;
			stream.raw(ZmtpFrameEncoder.frame(bodies[i], more, command));
			expected.add(frame(more, command, bodies[i]));
		}
		return stream.toArray();
	}

	@Nested
	class Headers {

		@Test
		void aShortFrameIsFlagsSizeAndBody() {
			assertThat(single(hex("00 03 61 62 63"))).isEqualTo(frame(false, false, ZmtpBytes.ascii("abc")));
		}

		@Test
		void theMoreFlagIsBitZero() {
			assertThat(single(hex("01 01 41"))).isEqualTo(frame(true, false, ZmtpBytes.ascii("A")));
		}

		@Test
		void aLongFrameHasAnEightOctetBigEndianSize() {
			byte[] body = filled(300, 7);
			assertThat(single(bytes().hexs("02 00 00 00 00 00 00 01 2C").raw(body).toArray()))
				.isEqualTo(frame(false, false, body));
		}

		@Test
		void aLongFrameWithASmallSizeIsAccepted() {
			assertThat(single(hex("03 00 00 00 00 00 00 00 05 68 65 6C 6C 6F")))
				.isEqualTo(frame(true, false, ZmtpBytes.ascii("hello")));
		}

		@Test
		void reservedBitsAreIgnored() {
			assertThat(single(hex("F9 01 41"))).isEqualTo(frame(true, false, ZmtpBytes.ascii("A")));
			assertThat(single(hex("FC 01 41"))).isEqualTo(frame(false, true, ZmtpBytes.ascii("A")));
		}

		@Test
		void theCommandFlagIsBitTwo() {
			assertThat(single(bytes().hexs("04 05 04").text("PING").toArray()))
				.isEqualTo(frame(false, true, bytes().hexs("04").text("PING").toArray()));
		}

		@Test
		void moreOnACommandIsIgnored() {
			assertThat(single(hex("05 01 41"))).isEqualTo(frame(false, true, ZmtpBytes.ascii("A")));
			assertThat(single(hex("07 00 00 00 00 00 00 00 01 41"))).isEqualTo(frame(false, true, ZmtpBytes.ascii("A")));
		}

		@Test
		void emptyBodiesShareOneArray() {
			ByteBuffer in = ByteBuffer.wrap(hex("00 00 01 00 02 00 00 00 00 00 00 00 00"));
			assertThat(ZmtpFrameDecoderTests.this.decoder.next(in)).isTrue();
			byte[] first = ZmtpFrameDecoderTests.this.decoder.body();
			assertThat(ZmtpFrameDecoderTests.this.decoder.next(in)).isTrue();
			assertThat(ZmtpFrameDecoderTests.this.decoder.more()).isTrue();
			assertThat(ZmtpFrameDecoderTests.this.decoder.body()).isEmpty();
			assertThat(ZmtpFrameDecoderTests.this.decoder.body()).isSameAs(first);
			assertThat(ZmtpFrameDecoderTests.this.decoder.next(in)).isTrue();
			assertThat(ZmtpFrameDecoderTests.this.decoder.body()).isSameAs(first);
		}

		@Test
		void aLittleEndianBufferIsStillReadInNetworkOrder() {
			byte[] body = filled(300, 9);
			ByteBuffer in = ByteBuffer.wrap(bytes().hexs("02 00 00 00 00 00 00 01 2C").raw(body).toArray())
				.order(ByteOrder.LITTLE_ENDIAN);
			assertThat(drain(ZmtpFrameDecoderTests.this.decoder, in)).containsExactly(frame(false, false, body));
		}

	}

	@Nested
	class Streams {

		@Test
		void eachCallStopsRightAfterOneFrame() {
			ByteBuffer in = ByteBuffer.wrap(hex("00 01 41 01 02 42 43 00 00"));
			assertThat(ZmtpFrameDecoderTests.this.decoder.next(in)).isTrue();
			assertThat(in.position()).isEqualTo(3);
			assertThat(ZmtpFrameDecoderTests.this.decoder.next(in)).isTrue();
			assertThat(in.position()).isEqualTo(7);
			assertThat(ZmtpFrameDecoderTests.this.decoder.next(in)).isTrue();
			assertThat(ZmtpFrameDecoderTests.this.decoder.next(in)).isFalse();
			assertThat(ZmtpFrameDecoderTests.this.decoder.hasPartialFrame()).isFalse();
		}

		@Test
		void manyFramesInOneBufferAllDecode() {
			ZmtpBytes stream = bytes();
			List<Frame> expected = new ArrayList<>();
			for (int i = 0; i < 10_000; i++) {
				byte[] body = filled(i % 40, i);
				stream.raw(ZmtpFrameEncoder.frame(body, i % 5 != 4, false));
				expected.add(frame(i % 5 != 4, false, body));
			}
			assertThat(drain(ZmtpFrameDecoderTests.this.decoder, ByteBuffer.wrap(stream.toArray())))
				.containsExactlyElementsOf(expected);
		}

		@Test
		void aStreamSplitAtAnyOctetDecodesIdentically() {
			List<Frame> expected = new ArrayList<>();
			byte[] stream = mixedStream(expected);
			Set<Integer> boundaries = new HashSet<>();
			int end = 0;
			boundaries.add(end);
			for (Frame frame : expected) {
				end += ZmtpFrameEncoder.headerSize(frame.body().length) + frame.body().length;
				boundaries.add(end);
			}
			// Every split point in the headers and the first bodies, then a coarser step through the big body.
			for (int split = 0; split <= stream.length; split += (split < 2000) ? 1 : 997) {
				ZmtpFrameDecoder fresh = new ZmtpFrameDecoder(MAX_FRAME, MAX_COMMAND);
				List<Frame> frames = new ArrayList<>(drain(fresh, ByteBuffer.wrap(stream, 0, split)));
				assertThat(fresh.hasPartialFrame()).as("split at %d", split).isEqualTo(!boundaries.contains(split));
				frames.addAll(drain(fresh, ByteBuffer.wrap(stream, split, stream.length - split)));
				assertThat(frames).as("split at %d", split).containsExactlyElementsOf(expected);
			}
		}

		@Test
		void aStreamFedOneOctetAtATimeDecodesIdentically() {
			List<Frame> expected = new ArrayList<>();
			byte[] stream = mixedStream(expected);
			List<Frame> frames = new ArrayList<>();
			for (int i = 0; i < stream.length; i++) {
				frames.addAll(drain(ZmtpFrameDecoderTests.this.decoder, ByteBuffer.wrap(stream, i, 1)));
			}
			assertThat(frames).containsExactlyElementsOf(expected);
		}

		@Test
		void aOneMebibyteFrameDecodesWholeAndInPieces() {
			byte[] body = filled(1024 * 1024, 5);
			byte[] stream = ZmtpFrameEncoder.frame(body, false, false);
			assertThat(drain(ZmtpFrameDecoderTests.this.decoder, ByteBuffer.wrap(stream)))
				.containsExactly(frame(false, false, body));
			ZmtpFrameDecoder pieces = new ZmtpFrameDecoder(MAX_FRAME, MAX_COMMAND);
			List<Frame> frames = new ArrayList<>();
			for (int offset = 0; offset < stream.length; offset += 65536) {
				frames.addAll(drain(pieces, ByteBuffer.wrap(stream, offset, Math.min(65536, stream.length - offset))));
			}
			assertThat(frames).containsExactly(frame(false, false, body));
		}

		@Test
		void aPartialFrameIsReportedUntilItCompletes() {
			ByteBuffer in = ByteBuffer.wrap(hex("00"));
			assertThat(ZmtpFrameDecoderTests.this.decoder.next(in)).isFalse();
			assertThat(ZmtpFrameDecoderTests.this.decoder.hasPartialFrame()).isTrue();
			assertThat(ZmtpFrameDecoderTests.this.decoder.next(ByteBuffer.wrap(hex("02 41")))).isFalse();
			assertThat(ZmtpFrameDecoderTests.this.decoder.hasPartialFrame()).isTrue();
			assertThat(ZmtpFrameDecoderTests.this.decoder.next(ByteBuffer.wrap(hex("42")))).isTrue();
			assertThat(ZmtpFrameDecoderTests.this.decoder.body()).containsExactly(ZmtpBytes.ascii("AB"));
			assertThat(ZmtpFrameDecoderTests.this.decoder.hasPartialFrame()).isFalse();
		}

	}

	@Nested
	class Limits {

		@ParameterizedTest
		@ValueSource(longs = { 0x8000_0000_0000_0000L, 0x8000_0000_0000_0001L, 0x8000_0000_7FFF_FFFFL,
				0x8000_0000_0000_0000L + MAX_FRAME, -1L })
		void aSizeWithTheTopBitSetIsRefusedAtTheHeader(long size) {
			ByteBuffer header = ByteBuffer.allocate(9).put((byte) 0x02).putLong(size).flip();
			assertThatExceptionOfType(ZmtpProtocolException.class)
				.isThrownBy(() -> ZmtpFrameDecoderTests.this.decoder.next(header))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.FRAME_TOO_LARGE))
				.withMessage("frame of " + Long.toUnsignedString(size) + " bytes exceeds the maximum of " + MAX_FRAME
						+ " (zmq max-message-size)");
			assertThat(ZmtpFrameDecoderTests.this.decoder.bufferedCapacity()).isZero();
		}

		@Test
		void allOnesIsReadAsUnsigned() {
			assertThat(refusal(ZmtpFrameDecoderTests.this.decoder, hex("02 FF FF FF FF FF FF FF FF")).getMessage())
				.startsWith("frame of 18446744073709551615 bytes");
		}

		@Test
		void theLargestIntIsRefusedAtTheHeader() {
			ZmtpProtocolException ex = refusal(ZmtpFrameDecoderTests.this.decoder, hex("02 00 00 00 00 7F FF FF FF"));
			assertThat(ex.reason()).isEqualTo(Reason.FRAME_TOO_LARGE);
			assertThat(ex.getMessage()).contains("2147483647");
		}

		@Test
		void theMaximumIsAcceptedAndOneMoreIsRefused() {
			ByteBuffer atLimit = ByteBuffer.allocate(9).put((byte) 0x02).putLong(MAX_FRAME).flip();
			assertThat(ZmtpFrameDecoderTests.this.decoder.next(atLimit)).isFalse();
			assertThat(ZmtpFrameDecoderTests.this.decoder.hasPartialFrame()).isTrue();
			ZmtpFrameDecoder other = new ZmtpFrameDecoder(MAX_FRAME, MAX_COMMAND);
			ByteBuffer aboveLimit = ByteBuffer.allocate(9).put((byte) 0x02).putLong(MAX_FRAME + 1L).flip();
			assertThatExceptionOfType(ZmtpProtocolException.class).isThrownBy(() -> other.next(aboveLimit))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.FRAME_TOO_LARGE));
		}

		@Test
		void aShortFrameAboveASmallLimitIsRefused() {
			ZmtpFrameDecoder small = new ZmtpFrameDecoder(10, 10);
			assertThat(refusal(small, hex("00 0B")).reason()).isEqualTo(Reason.FRAME_TOO_LARGE);
		}

		@Test
		void aCommandAboveTheCommandLimitIsRefused() {
			ZmtpFrameDecoder small = new ZmtpFrameDecoder(MAX_FRAME, 100);
			assertThat(small.next(ByteBuffer.wrap(bytes().hexs("04 64").raw(new byte[100]).toArray()))).isTrue();
			ZmtpProtocolException ex = refusal(small, hex("04 65"));
			assertThat(ex.reason()).isEqualTo(Reason.COMMAND_TOO_LARGE);
			assertThat(ex.getMessage()).isEqualTo("command of 101 bytes exceeds the maximum of 100 for commands");
		}

		@Test
		void aCommandWithTheTopBitSetIsRefused() {
			ZmtpProtocolException ex = refusal(ZmtpFrameDecoderTests.this.decoder, hex("06 80 00 00 00 00 00 00 00"));
			assertThat(ex.reason()).isEqualTo(Reason.COMMAND_TOO_LARGE);
			assertThat(ex.getMessage()).contains("9223372036854775808");
		}

		@Test
		void aLimitBeyondJavaArraysIsCappedThere() {
			ZmtpFrameDecoder huge = new ZmtpFrameDecoder(Long.MAX_VALUE, MAX_COMMAND);
			ZmtpProtocolException ex = refusal(huge, hex("02 00 00 00 00 7F FF FF FF"));
			assertThat(ex.reason()).isEqualTo(Reason.FRAME_TOO_LARGE);
			assertThat(ex.getMessage()).contains("largest array");
		}

		@Test
		void aDeclaredFourMebibyteFrameFedOneOctetHoldsLittle() {
			ByteBuffer header = ByteBuffer.allocate(10).put((byte) 0x02).putLong(MAX_FRAME).put((byte) 1).flip();
			assertThat(ZmtpFrameDecoderTests.this.decoder.next(header)).isFalse();
			assertThat(ZmtpFrameDecoderTests.this.decoder.bufferedCapacity())
				.isBetween(1, ZmtpFrameDecoder.MIN_CHUNK + 1);
		}

		@Test
		void aHeaderWithoutBodyHoldsNothing() {
			ByteBuffer header = ByteBuffer.allocate(9).put((byte) 0x02).putLong(MAX_FRAME).flip();
			assertThat(ZmtpFrameDecoderTests.this.decoder.next(header)).isFalse();
			assertThat(ZmtpFrameDecoderTests.this.decoder.bufferedCapacity()).isZero();
		}

		@Test
		void aBodyTricklingInHoldsNoMoreThanWhatArrivedPlusOneChunk() {
			byte[] body = filled(MAX_FRAME, 3);
			byte[] stream = ZmtpFrameEncoder.frame(body, false, false);
			int header = ZmtpFrameEncoder.LONG_HEADER_SIZE;
			int piece = 1000;
			boolean complete = false;
			for (int offset = 0; offset < stream.length; offset += piece) {
				int length = Math.min(piece, stream.length - offset);
				complete = ZmtpFrameDecoderTests.this.decoder.next(ByteBuffer.wrap(stream, offset, length));
				if (!complete) {
					long arrived = offset + length - header;
					assertThat((long) ZmtpFrameDecoderTests.this.decoder.bufferedCapacity()).as("after %d", arrived)
						.isLessThanOrEqualTo(arrived + ZmtpFrameDecoder.MIN_CHUNK)
						.isLessThanOrEqualTo(MAX_FRAME);
				}
			}
			assertThat(complete).isTrue();
			assertThat(ZmtpFrameDecoderTests.this.decoder.body()).isEqualTo(body);
			assertThat(ZmtpFrameDecoderTests.this.decoder.bufferedCapacity()).isZero();
		}

		@Test
		void aFailedDecoderRefusesToGoOn() {
			refusal(ZmtpFrameDecoderTests.this.decoder, hex("02 FF FF FF FF FF FF FF FF"));
			assertThatIllegalStateException()
				.isThrownBy(() -> ZmtpFrameDecoderTests.this.decoder.next(ByteBuffer.wrap(hex("00 00"))));
		}

	}

}
