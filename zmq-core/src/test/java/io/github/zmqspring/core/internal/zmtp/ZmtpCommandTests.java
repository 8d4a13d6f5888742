package io.github.zmqspring.core.internal.zmtp;

import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException.Reason;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.github.zmqspring.core.internal.zmtp.ZmtpBytes.bytes;
import static io.github.zmqspring.core.internal.zmtp.ZmtpBytes.filled;
import static io.github.zmqspring.core.internal.zmtp.ZmtpBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ZmtpCommandTests {

	private static ZmtpCommand command(byte[] body) {
		return ZmtpCommand.parse(body);
	}

	private static ZmtpProtocolException malformed(byte[] body) {
		try {
			ZmtpCommand.parse(body);
		}
		catch (ZmtpProtocolException ex) {
			return ex;
		}
		throw new AssertionError("the command was accepted");
	}

	@Nested
	class Parsing {

		@Test
		void aCommandIsANameAndTheRestAsData() {
			ZmtpCommand command = command(bytes().hexs("04").text("PING").hexs("00 0A 01 02").toArray());
			assertThat(command.name()).isEqualTo("PING");
			assertThat(command.data()).containsExactly(hex("00 0A 01 02"));
			assertThat(command.is(ZmtpCommand.PING)).isTrue();
		}

		@Test
		void aBodyIsNamedWithoutBeingParsed() {
			assertThat(ZmtpCommand.isNamed(bytes().hexs("05").text("READY").hexs("0B").toArray(), ZmtpCommand.READY))
				.isTrue();
			assertThat(ZmtpCommand.isNamed(bytes().hexs("05").text("READY").toArray(), ZmtpCommand.READY)).isTrue();
			assertThat(ZmtpCommand.isNamed(bytes().hexs("05").text("ready").toArray(), ZmtpCommand.READY)).isFalse();
			assertThat(ZmtpCommand.isNamed(bytes().hexs("05").text("ERROR").toArray(), ZmtpCommand.READY)).isFalse();
			assertThat(ZmtpCommand.isNamed(bytes().hexs("06").text("READYX").toArray(), ZmtpCommand.READY)).isFalse();
			assertThat(ZmtpCommand.isNamed(bytes().hexs("05").text("REA").toArray(), ZmtpCommand.READY)).isFalse();
			assertThat(ZmtpCommand.isNamed(new byte[0], ZmtpCommand.READY)).isFalse();
		}

		@Test
		void aCommandMayHaveNoData() {
			ZmtpCommand command = command(bytes().hexs("04").text("PONG").toArray());
			assertThat(command.is(ZmtpCommand.PONG)).isTrue();
			assertThat(command.data()).isEmpty();
		}

		@Test
		void namesAreComparedExactlyAsLibzmqDoes() {
			ZmtpCommand command = command(bytes().hexs("05").text("ready").toArray());
			assertThat(command.is(ZmtpCommand.READY)).isFalse();
			assertThat(command.is("ready")).isTrue();
		}

		@Test
		void anEmptyFrameIsMalformed() {
			assertThat(malformed(new byte[0]).reason()).isEqualTo(Reason.MALFORMED_COMMAND);
		}

		@Test
		void anEmptyNameIsMalformed() {
			assertThat(malformed(hex("00 41 42")).reason()).isEqualTo(Reason.MALFORMED_COMMAND);
		}

		@Test
		void aNameLongerThanTheFrameIsMalformed() {
			ZmtpProtocolException ex = malformed(bytes().hexs("06").text("READY").toArray());
			assertThat(ex.reason()).isEqualTo(Reason.MALFORMED_COMMAND);
			assertThat(ex.getMessage()).contains("name of 6 bytes in a frame of 6");
		}

		@Test
		void builtBodiesAreNameLengthNameAndData() {
			assertThat(ZmtpCommand.body("HELLO", hex("01 02"))).containsExactly(bytes().hexs("05").text("HELLO")
				.hexs("01 02")
				.toArray());
			assertThatIllegalArgumentException().isThrownBy(() -> ZmtpCommand.body("", new byte[0]));
			assertThatIllegalArgumentException().isThrownBy(() -> ZmtpCommand.body("A".repeat(256), new byte[0]));
			assertThatIllegalArgumentException().isThrownBy(() -> ZmtpCommand.body("A B", new byte[0]));
		}

	}

	@Nested
	class Heartbeats {

		@Test
		void aPingCarriesItsTtlInDecisecondsBigEndian() {
			byte[] ping = ZmtpCommand.ping(300, new byte[0]);
			assertThat(ping).containsExactly(bytes().hexs("04").text("PING").hexs("01 2C").toArray());
			assertThat(ZmtpCommand.pingTtl(command(ping))).isEqualTo(300);
			assertThat(ZmtpCommand.pingTtl(command(ZmtpCommand.ping(65535, new byte[0])))).isEqualTo(65535);
		}

		@Test
		void aPingWithoutContextHasAnEmptyContext() {
			assertThat(ZmtpCommand.pingContext(command(ZmtpCommand.ping(10, new byte[0])))).isEmpty();
		}

		@Test
		void aSixteenOctetContextIsKept() {
			byte[] context = filled(16, 1);
			byte[] ping = ZmtpCommand.ping(10, context);
			assertThat(ping).hasSize(1 + 4 + 2 + 16);
			assertThat(ZmtpCommand.pingContext(command(ping))).containsExactly(context);
		}

		@Test
		void aLongerContextFromThePeerIsCutToSixteen() {
			byte[] context = filled(40, 2);
			byte[] ping = bytes().hexs("04").text("PING").hexs("00 0A").raw(context).toArray();
			assertThat(ZmtpCommand.pingContext(command(ping))).hasSize(16).startsWith(filled(16, 2));
		}

		@Test
		void aPingShorterThanItsTtlHasTtlZero() {
			assertThat(ZmtpCommand.pingTtl(command(bytes().hexs("04").text("PING").toArray()))).isZero();
			assertThat(ZmtpCommand.pingTtl(command(bytes().hexs("04").text("PING").hexs("05").toArray()))).isZero();
			assertThat(ZmtpCommand.pingContext(command(bytes().hexs("04").text("PING").hexs("05").toArray())))
				.isEmpty();
		}

		@Test
		void aPongEchoesTheContext() {
			byte[] context = filled(16, 3);
			assertThat(ZmtpCommand.pong(context)).containsExactly(bytes().hexs("04").text("PONG").raw(context)
				.toArray());
			assertThat(ZmtpCommand.pong(new byte[0])).containsExactly(bytes().hexs("04").text("PONG").toArray());
		}

		@Test
		void outOfRangeHeartbeatsAreNotBuilt() {
			assertThatIllegalArgumentException().isThrownBy(() -> ZmtpCommand.ping(-1, new byte[0]));
			assertThatIllegalArgumentException().isThrownBy(() -> ZmtpCommand.ping(65536, new byte[0]));
			assertThatIllegalArgumentException().isThrownBy(() -> ZmtpCommand.ping(1, new byte[17]));
			assertThatIllegalArgumentException().isThrownBy(() -> ZmtpCommand.pong(new byte[17]));
		}

		@Test
		void readingAPingFromAnotherCommandIsAProgrammingError() {
			ZmtpCommand pong = command(ZmtpCommand.pong(new byte[0]));
			assertThatIllegalArgumentException().isThrownBy(() -> ZmtpCommand.pingTtl(pong));
			assertThatIllegalArgumentException().isThrownBy(() -> ZmtpCommand.pingContext(pong));
		}

	}

	@Nested
	class Subscriptions {

		@Test
		void subscribeIsTheNameAndTheTopic() {
			assertThat(ZmtpCommand.subscribe(ZmtpBytes.ascii("weather")))
				.containsExactly(bytes().hexs("09").text("SUBSCRIBE").text("weather").toArray());
			assertThat(ZmtpCommand.subscribe(new byte[0])).containsExactly(bytes().hexs("09").text("SUBSCRIBE")
				.toArray());
		}

		@Test
		void cancelIsTheNameAndTheTopic() {
			assertThat(ZmtpCommand.cancel(ZmtpBytes.ascii("weather")))
				.containsExactly(bytes().hexs("06").text("CANCEL").text("weather").toArray());
		}

		@Test
		void theTopicIsTheCommandsData() {
			byte[] topic = { 0, 1, (byte) 0xFF };
			ZmtpCommand subscribe = command(ZmtpCommand.subscribe(topic));
			assertThat(subscribe.is(ZmtpCommand.SUBSCRIBE)).isTrue();
			assertThat(subscribe.data()).containsExactly(topic);
			ZmtpCommand cancel = command(ZmtpCommand.cancel(topic));
			assertThat(cancel.is(ZmtpCommand.CANCEL)).isTrue();
			assertThat(cancel.data()).containsExactly(topic);
		}

	}

	@Nested
	class Errors {

		@Test
		void anErrorIsTheNameAndALengthPrefixedReason() {
			assertThat(ZmtpCommand.error("400")).containsExactly(bytes().hexs("05").text("ERROR").hexs("03")
				.text("400")
				.toArray());
			assertThat(ZmtpCommand.errorReason(command(ZmtpCommand.error("400")))).isEqualTo("400");
		}

		@Test
		void aLongReasonIsCutTo255Octets() {
			byte[] error = ZmtpCommand.error("x".repeat(300));
			assertThat(error).hasSize(1 + 5 + 1 + 255);
			assertThat(error[6]).isEqualTo((byte) 255);
			assertThat(ZmtpCommand.errorReason(command(error))).isEqualTo("x".repeat(255));
		}

		@Test
		void aReasonIsNeverCutInsideACharacter() {
			// 254 ASCII octets and a two-octet 'é': the cut at 255 would split it, so it goes whole.
			String reason = "x".repeat(254) + "é";
			assertThat(ZmtpCommand.errorReason(command(ZmtpCommand.error(reason)))).isEqualTo("x".repeat(254));
		}

		@Test
		void aReasonIsReadLeniently() {
			assertThat(ZmtpCommand.errorReason(command(bytes().hexs("05").text("ERROR").toArray()))).isEmpty();
			assertThat(ZmtpCommand.errorReason(command(bytes().hexs("05").text("ERROR").hexs("0A").text("500")
				.toArray()))).isEqualTo("500");
			assertThat(ZmtpCommand.errorReason(command(bytes().hexs("05").text("ERROR").hexs("01").text("500")
				.toArray()))).isEqualTo("5");
		}

		@Test
		void readingAnErrorFromAnotherCommandIsAProgrammingError() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> ZmtpCommand.errorReason(command(ZmtpCommand.ping(0, new byte[0]))));
		}

	}

}
