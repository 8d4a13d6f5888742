package io.github.zmqspring.core.internal.zmtp;

import java.util.Arrays;

import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException.Reason;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.github.zmqspring.core.internal.zmtp.ZmtpBytes.bytes;
import static io.github.zmqspring.core.internal.zmtp.ZmtpBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ZmtpGreetingTests {

	/** libzmq 4.3.4 with an empty routing id: padding = routing-id length + 1 as a 64-bit number. */
	static byte[] libzmq434Greeting() {
		return bytes().hexs("FF 00 00 00 00 00 00 00 01 7F 03 01").text("NULL").zeros(16).hexs("00").zeros(31)
			.toArray();
	}

	/** JeroMQ 0.6.0 speaks ZMTP 3.0 (minor 0) and pads like libzmq. */
	static byte[] jeromq060Greeting() {
		return bytes().hexs("FF 00 00 00 00 00 00 00 01 7F 03 00").text("NULL").zeros(16).hexs("00").zeros(31)
			.toArray();
	}

	private static ZmtpProtocolException refusal(byte[] received, int length) {
		try {
			ZmtpGreeting.checkPrefix(received, length);
		}
		catch (ZmtpProtocolException ex) {
			return ex;
		}
		throw new AssertionError("checkPrefix accepted " + length + " octets");
	}

	@Nested
	class Encoding {

		@Test
		void ourNullGreetingIsTheSixtyFourOctetsOfRfc37() {
			byte[] expected = bytes().hexs("FF 00 00 00 00 00 00 00 00 7F 03 01")
				.hexs("4E 55 4C 4C 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00")
				.hexs("00")
				.zeros(31)
				.toArray();
			assertThat(ZmtpGreeting.encode("NULL", false)).hasSize(ZmtpGreeting.SIZE).containsExactly(expected);
		}

		@Test
		void asServerSetsOctet32AndNothingElse() {
			byte[] client = ZmtpGreeting.encode("PLAIN", false);
			byte[] server = ZmtpGreeting.encode("PLAIN", true);
			assertThat(server[32]).isEqualTo((byte) 1);
			server[32] = 0;
			assertThat(server).containsExactly(client);
		}

		@Test
		void aTwentyCharacterMechanismFillsTheFieldWithoutNul() {
			byte[] greeting = ZmtpGreeting.encode("ABCDEFGHIJKLMNOPQRST", false);
			assertThat(Arrays.copyOfRange(greeting, 12, 32)).containsExactly(ZmtpBytes.ascii("ABCDEFGHIJKLMNOPQRST"));
			assertThat(ZmtpGreeting.parse(greeting).mechanism()).isEqualTo("ABCDEFGHIJKLMNOPQRST");
		}

		@Test
		void mechanismsOutsideRfc23AreRefused() {
			assertThatIllegalArgumentException().isThrownBy(() -> ZmtpGreeting.encode("", false));
			assertThatIllegalArgumentException().isThrownBy(() -> ZmtpGreeting.encode("ABCDEFGHIJKLMNOPQRSTU", false));
			assertThatIllegalArgumentException().isThrownBy(() -> ZmtpGreeting.encode("null", false));
			assertThatIllegalArgumentException().isThrownBy(() -> ZmtpGreeting.encode("NU LL", false));
		}

		@Test
		void ourGreetingParsesBackAsZmtp31() {
			ZmtpGreeting greeting = ZmtpGreeting.parse(ZmtpGreeting.encode("CURVE", true));
			assertThat(greeting.major()).isEqualTo(3);
			assertThat(greeting.minor()).isEqualTo(1);
			assertThat(greeting.zmtp31()).isTrue();
			assertThat(greeting.mechanism()).isEqualTo("CURVE");
			assertThat(greeting.asServer()).isTrue();
		}

	}

	@Nested
	class Parsing {

		@Test
		void aLibzmq434PeerIsZmtp31WithNonZeroPadding() {
			ZmtpGreeting greeting = ZmtpGreeting.parse(libzmq434Greeting());
			assertThat(greeting.major()).isEqualTo(3);
			assertThat(greeting.minor()).isEqualTo(1);
			assertThat(greeting.zmtp31()).isTrue();
			assertThat(greeting.mechanism()).isEqualTo("NULL");
			assertThat(greeting.asServer()).isFalse();
		}

		@Test
		void aLibzmqPeerWithARoutingIdPadsWithItsLengthPlusOne() {
			byte[] received = libzmq434Greeting();
			received[8] = 0x06;
			assertThat(ZmtpGreeting.parse(received).mechanism()).isEqualTo("NULL");
		}

		@Test
		void aJeromq060PeerIsZmtp30() {
			ZmtpGreeting greeting = ZmtpGreeting.parse(jeromq060Greeting());
			assertThat(greeting.major()).isEqualTo(3);
			assertThat(greeting.minor()).isEqualTo(0);
			assertThat(greeting.zmtp31()).isFalse();
			assertThat(greeting.mechanism()).isEqualTo("NULL");
			assertThat(greeting.asServer()).isFalse();
		}

		@Test
		void bothSidesSendingAsServerZeroIsFine() {
			byte[] ours = ZmtpGreeting.encode("NULL", false);
			assertThat(ZmtpGreeting.parse(ours).asServer()).isFalse();
			assertThat(ZmtpGreeting.parse(libzmq434Greeting()).asServer()).isFalse();
		}

		@Test
		void paddingFillerAndAsServerAreNeverValidated() {
			byte[] received = libzmq434Greeting();
			for (int i = 1; i <= 8; i++) {
				received[i] = (byte) (0xA0 + i);
			}
			received[32] = (byte) 0x7E;
			for (int i = 33; i < 64; i++) {
				received[i] = (byte) i;
			}
			ZmtpGreeting greeting = ZmtpGreeting.parse(received);
			assertThat(greeting.asServer()).isTrue();
			assertThat(greeting.mechanism()).isEqualTo("NULL");
		}

		@Test
		void aLaterMajorVersionIsTreatedAs31() {
			byte[] received = libzmq434Greeting();
			received[10] = 4;
			received[11] = 0;
			ZmtpGreeting greeting = ZmtpGreeting.parse(received);
			assertThat(greeting.major()).isEqualTo(4);
			assertThat(greeting.zmtp31()).isTrue();
		}

		@Test
		void theMechanismStopsAtTheFirstNul() {
			byte[] received = libzmq434Greeting();
			received[17] = 'X';
			assertThat(ZmtpGreeting.parse(received).mechanism()).isEqualTo("NULL");
		}

		@Test
		void aMechanismMismatchNamesBothMechanisms() {
			ZmtpGreeting greeting = ZmtpGreeting.parse(ZmtpGreeting.encode("PLAIN", false));
			assertThatCode(() -> greeting.checkMechanism("PLAIN")).doesNotThrowAnyException();
			assertThatExceptionOfType(ZmtpProtocolException.class).isThrownBy(() -> greeting.checkMechanism("NULL"))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.MECHANISM_MISMATCH))
				.withMessageContaining("'PLAIN'")
				.withMessageContaining("'NULL'");
		}

		@Test
		void onlyWholeGreetingsAreParsed() {
			assertThatIllegalArgumentException().isThrownBy(() -> ZmtpGreeting.parse(new byte[63]));
			assertThatIllegalArgumentException().isThrownBy(() -> ZmtpGreeting.parse(new byte[65]));
		}

	}

	@Nested
	class OlderAndForeignPeers {

		@Test
		void garbageIsRefusedAtTheFirstOctet() {
			byte[] http = ZmtpBytes.ascii("GET / HTTP/1.1\r\n");
			ZmtpProtocolException ex = refusal(http, 1);
			assertThat(ex.reason()).isEqualTo(Reason.NOT_ZMTP);
			assertThat(ex.getMessage()).contains("0x47");
		}

		@Test
		void aShortZmtp10IdentityIsRefusedAtTheFirstOctet() {
			// ZMTP 1.0: a one-octet length (here: just the flags octet, an anonymous identity), then the flags.
			byte[] zmtp10 = hex("01 00 01 00 41");
			assertThat(refusal(zmtp10, 1).reason()).isEqualTo(Reason.NOT_ZMTP);
		}

		@Test
		void aLongZmtp10IdentityIsRefusedOnceOctet9IsThere() {
			// ZMTP 1.0 long form: FF, an 8-octet length (256 + flags octet), the identity frame's flags 00.
			byte[] zmtp10 = hex("FF 00 00 00 00 00 00 01 01 00 41 41");
			assertThatCode(() -> ZmtpGreeting.checkPrefix(zmtp10, 9)).doesNotThrowAnyException();
			ZmtpProtocolException ex = refusal(zmtp10, 10);
			assertThat(ex.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
			assertThat(ex.getMessage()).contains("ZMTP 1.0");
		}

		@Test
		void aZmtp20PeerIsRefusedOnceItsRevisionIsThere() {
			// ZMTP 2.0: the 3.x signature, then revision 01 and a socket type.
			byte[] zmtp20 = hex("FF 00 00 00 00 00 00 00 01 7F 01 05");
			assertThatCode(() -> ZmtpGreeting.checkPrefix(zmtp20, 10)).doesNotThrowAnyException();
			ZmtpProtocolException ex = refusal(zmtp20, 11);
			assertThat(ex.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
			assertThat(ex.getMessage()).contains("ZMTP 2.0");
		}

		@Test
		void majorVersionTwoIsRefusedToo() {
			byte[] received = libzmq434Greeting();
			received[10] = 2;
			assertThat(refusal(received, 11).reason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
			assertThatExceptionOfType(ZmtpProtocolException.class).isThrownBy(() -> ZmtpGreeting.parse(received))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION));
		}

		@Test
		void aValidPrefixPassesAtEveryLength() {
			byte[] received = libzmq434Greeting();
			for (int length = 0; length <= ZmtpGreeting.SIZE; length++) {
				int octets = length;
				assertThatCode(() -> ZmtpGreeting.checkPrefix(received, octets)).as("%d octets", octets)
					.doesNotThrowAnyException();
			}
		}

		@Test
		void parseRefusesWhatCheckPrefixRefuses() {
			byte[] received = libzmq434Greeting();
			received[0] = 0x01;
			assertThatExceptionOfType(ZmtpProtocolException.class).isThrownBy(() -> ZmtpGreeting.parse(received))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.NOT_ZMTP));
			byte[] zmtp10 = libzmq434Greeting();
			zmtp10[9] = 0x7E;
			assertThatExceptionOfType(ZmtpProtocolException.class).isThrownBy(() -> ZmtpGreeting.parse(zmtp10))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNSUPPORTED_VERSION));
		}

	}

}
