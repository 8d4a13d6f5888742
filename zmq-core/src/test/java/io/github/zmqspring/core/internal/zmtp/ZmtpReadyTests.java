package io.github.zmqspring.core.internal.zmtp;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException.Reason;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.zmqspring.core.internal.zmtp.ZmtpBytes.bytes;
import static io.github.zmqspring.core.internal.zmtp.ZmtpBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The NULL handshake's READY: metadata, its parsing and the socket-type check.
 */
class ZmtpReadyTests {

	/** The command body a libzmq 4.3.4 DEALER without routing id sends. */
	static final byte[] LIBZMQ_DEALER_READY = bytes().hexs("05").text("READY")
		.hexs("0B").text("Socket-Type").hexs("00 00 00 06").text("DEALER")
		.hexs("08").text("Identity").hexs("00 00 00 00")
		.toArray();

	private static ZmtpProtocolException malformed(byte[] data) {
		try {
			ZmtpMetadata.parse(data, 0, data.length);
		}
		catch (ZmtpProtocolException ex) {
			return ex;
		}
		throw new AssertionError("the metadata was accepted");
	}

	@Nested
	class Bytes {

		@Test
		void ourDealerReadyIsByteForByteLibzmqs() {
			ZmtpMetadata metadata = new ZmtpMetadata().put(ZmtpMetadata.SOCKET_TYPE, "DEALER")
				.put(ZmtpMetadata.IDENTITY, new byte[0]);
			assertThat(ZmtpCommand.ready(metadata)).containsExactly(LIBZMQ_DEALER_READY);
		}

		@Test
		void itTravelsAsAShortCommandFrame() {
			byte[] frame = ZmtpFrameEncoder.frame(LIBZMQ_DEALER_READY, false, true);
			assertThat(frame).startsWith(hex("04 29 05"));
			assertThat(frame).hasSize(2 + 41);
		}

		@Test
		void libzmqsReadyParsesInOrder() {
			ZmtpCommand command = ZmtpCommand.parse(LIBZMQ_DEALER_READY);
			assertThat(command.is(ZmtpCommand.READY)).isTrue();
			ZmtpMetadata metadata = ZmtpCommand.readyMetadata(command);
			assertThat(metadata.asMap().keySet()).containsExactly("Socket-Type", "Identity");
			assertThat(metadata.getString(ZmtpMetadata.SOCKET_TYPE)).isEqualTo("DEALER");
			assertThat(metadata.get(ZmtpMetadata.IDENTITY)).isEmpty();
			assertThat(metadata.size()).isEqualTo(2);
		}

		@Test
		void metadataRoundTripsWithBinaryValues() {
			byte[] identity = { 0, 1, (byte) 0xFF, 0 };
			byte[] big = ZmtpBytes.filled(70_000, 1);
			ZmtpMetadata metadata = new ZmtpMetadata().put("Socket-Type", "ROUTER")
				.put("Identity", identity)
				.put("X-Big", big);
			byte[] encoded = metadata.encode();
			ZmtpMetadata parsed = ZmtpMetadata.parse(bytes().hexs("AA BB").raw(encoded).hexs("CC").toArray(), 2,
					encoded.length);
			assertThat(parsed.asMap().keySet()).containsExactly("Socket-Type", "Identity", "X-Big");
			assertThat(parsed.get("identity")).containsExactly(identity);
			assertThat(parsed.get("x-big")).isEqualTo(big);
		}

		@Test
		void emptyMetadataIsEmpty() {
			assertThat(new ZmtpMetadata().encode()).isEmpty();
			assertThat(ZmtpMetadata.parse(new byte[0], 0, 0).isEmpty()).isTrue();
			assertThat(ZmtpCommand.ready(new ZmtpMetadata())).containsExactly(bytes().hexs("05").text("READY").toArray());
		}

	}

	@Nested
	class Names {

		@Test
		void namesAreReadCaseInsensitively() {
			byte[] data = bytes().hexs("0B").text("socket-type").hexs("00 00 00 03").text("PUB").toArray();
			ZmtpMetadata metadata = ZmtpMetadata.parse(data, 0, data.length);
			assertThat(metadata.getString(ZmtpMetadata.SOCKET_TYPE)).isEqualTo("PUB");
			assertThat(metadata.getString("SOCKET-TYPE")).isEqualTo("PUB");
			assertThat(metadata.asMap()).containsOnlyKeys("socket-type");
			assertThat(metadata.get("Identity")).isNull();
			assertThat(metadata.getString("Identity")).isNull();
		}

		@Test
		void namesAreSentInTheirExactCase() {
			byte[] encoded = new ZmtpMetadata().put("Socket-Type", "SUB").encode();
			assertThat(encoded).containsExactly(bytes().hexs("0B").text("Socket-Type").hexs("00 00 00 03").text("SUB")
				.toArray());
		}

		@Test
		void puttingANameAgainInAnyCaseReplacesIt() {
			ZmtpMetadata metadata = new ZmtpMetadata().put("Socket-Type", "SUB").put("User", "a").put("SOCKET-TYPE",
					"PUB");
			assertThat(metadata.asMap().keySet()).containsExactly("User", "SOCKET-TYPE");
			assertThat(metadata.getString("socket-type")).isEqualTo("PUB");
		}

		@Test
		void namesOutsideRfc37AreRefusedOnOutput() {
			assertThatIllegalArgumentException().isThrownBy(() -> new ZmtpMetadata().put("", "x"));
			assertThatIllegalArgumentException().isThrownBy(() -> new ZmtpMetadata().put("a".repeat(256), "x"));
			assertThatIllegalArgumentException().isThrownBy(() -> new ZmtpMetadata().put("Socket Type", "x"));
			assertThatIllegalArgumentException().isThrownBy(() -> new ZmtpMetadata().put("Größe", "x"));
			assertThatCode(() -> new ZmtpMetadata().put("a".repeat(255), "x")).doesNotThrowAnyException();
		}

		@Test
		void theMapCannotBeChanged() {
			ZmtpMetadata metadata = new ZmtpMetadata().put("A", "1");
			Map<String, byte[]> map = metadata.asMap();
			assertThatCode(() -> map.put("B", new byte[0])).isInstanceOf(UnsupportedOperationException.class);
		}

	}

	@Nested
	class Malformed {

		@Test
		void anEmptyNameIsRefused() {
			assertThat(malformed(hex("00 00 00 00 00")).reason()).isEqualTo(Reason.MALFORMED_METADATA);
		}

		@Test
		void aTruncatedNameIsRefused() {
			assertThat(malformed(bytes().hexs("0B").text("Socket").toArray()).reason())
				.isEqualTo(Reason.MALFORMED_METADATA);
		}

		@Test
		void aTruncatedValueLengthIsRefused() {
			assertThat(malformed(bytes().hexs("01").text("A").hexs("00 00 00").toArray()).reason())
				.isEqualTo(Reason.MALFORMED_METADATA);
		}

		@ParameterizedTest
		@ValueSource(strings = { "00 00 00 04", "7F FF FF FF", "80 00 00 00", "FF FF FF FF" })
		void aValueLongerThanWhatRemainsIsRefusedBeforeAllocating(String length) {
			ZmtpProtocolException ex = malformed(bytes().hexs("01").text("A").hexs(length).text("abc").toArray());
			assertThat(ex.reason()).isEqualTo(Reason.MALFORMED_METADATA);
			assertThat(ex.getMessage()).contains("value of " + Long.parseLong(length.replace(" ", ""), 16) + " bytes")
				.contains("only 3 remain");
		}

		@Test
		void aNameAppearingTwiceIsRefused() {
			byte[] data = bytes().hexs("01").text("A").hexs("00 00 00 00").hexs("01").text("a").hexs("00 00 00 00")
				.toArray();
			assertThat(malformed(data).getMessage()).contains("more than once");
		}

		@Test
		void aMalformedReadyIsRefusedThroughTheCommand() {
			byte[] body = bytes().hexs("05").text("READY").hexs("0B").text("Socket-Type").hexs("00 00 01 00")
				.text("DEALER")
				.toArray();
			assertThatExceptionOfType(ZmtpProtocolException.class)
				.isThrownBy(() -> ZmtpCommand.readyMetadata(ZmtpCommand.parse(body)))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.MALFORMED_METADATA));
		}

		@Test
		void anotherCommandInPlaceOfReadyIsUnexpected() {
			assertThatExceptionOfType(ZmtpProtocolException.class)
				.isThrownBy(() -> ZmtpCommand.readyMetadata(ZmtpCommand.parse(ZmtpCommand.error("400"))))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNEXPECTED_COMMAND))
				.withMessageContaining("'ERROR'");
		}

	}

	@Nested
	class SocketTypes {

		private static final List<String> TYPES = List.of("REQ", "REP", "DEALER", "ROUTER", "PUB", "XPUB", "SUB",
				"XSUB", "PUSH", "PULL", "PAIR");

		private static final Map<String, Set<String>> RFC37 = Map.ofEntries(
				Map.entry("REQ", Set.of("REP", "ROUTER")), Map.entry("REP", Set.of("REQ", "DEALER")),
				Map.entry("DEALER", Set.of("REP", "DEALER", "ROUTER")),
				Map.entry("ROUTER", Set.of("REQ", "DEALER", "ROUTER")), Map.entry("PUB", Set.of("SUB", "XSUB")),
				Map.entry("XPUB", Set.of("SUB", "XSUB")), Map.entry("SUB", Set.of("PUB", "XPUB")),
				Map.entry("XSUB", Set.of("PUB", "XPUB")), Map.entry("PUSH", Set.of("PULL")),
				Map.entry("PULL", Set.of("PUSH")), Map.entry("PAIR", Set.of("PAIR")));

		@Test
		void everyPairFollowsRfc37() {
			for (String local : TYPES) {
				for (String peer : TYPES) {
					assertThat(ZmtpSocketTypes.compatible(local, peer)).as("%s with %s", local, peer)
						.isEqualTo(RFC37.get(local).contains(peer));
				}
			}
		}

		@Test
		void theTableIsSymmetric() {
			for (String local : TYPES) {
				for (String peer : TYPES) {
					assertThat(ZmtpSocketTypes.compatible(local, peer)).as("%s with %s", local, peer)
						.isEqualTo(ZmtpSocketTypes.compatible(peer, local));
				}
			}
		}

		@Test
		void thePeerTypeIsComparedCaseInsensitively() {
			assertThat(ZmtpSocketTypes.compatible("PUB", "sub")).isTrue();
			assertThat(ZmtpSocketTypes.compatible("DEALER", "Router")).isTrue();
			assertThat(ZmtpSocketTypes.compatible("PUB", "STREAM")).isFalse();
			assertThat(ZmtpSocketTypes.compatible("PUB", "")).isFalse();
		}

		@Test
		void anUnknownLocalTypeIsAProgrammingError() {
			assertThatIllegalArgumentException().isThrownBy(() -> ZmtpSocketTypes.compatible("STREAM", "PUB"))
				.withMessageContaining("STREAM");
			assertThatIllegalArgumentException().isThrownBy(() -> ZmtpSocketTypes.compatible("dealer", "ROUTER"));
			assertThat(ZmtpSocketTypes.isKnown("PAIR")).isTrue();
			assertThat(ZmtpSocketTypes.isKnown("STREAM")).isFalse();
		}

		@Test
		void aCompatibleReadyPasses() {
			ZmtpMetadata peer = ZmtpCommand.readyMetadata(ZmtpCommand.parse(LIBZMQ_DEALER_READY));
			assertThatCode(() -> ZmtpSocketTypes.checkReady("ROUTER", peer)).doesNotThrowAnyException();
		}

		@Test
		void anIncompatibleReadyNamesBothTypes() {
			ZmtpMetadata peer = ZmtpCommand.readyMetadata(ZmtpCommand.parse(LIBZMQ_DEALER_READY));
			assertThatExceptionOfType(ZmtpProtocolException.class)
				.isThrownBy(() -> ZmtpSocketTypes.checkReady("PUB", peer))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.INCOMPATIBLE_SOCKET_TYPE))
				.withMessage("a PUB socket cannot talk to a DEALER peer (it accepts SUB, XSUB)");
		}

		@Test
		void aReadyWithoutSocketTypeIsAcceptedAsLibzmqDoes() {
			ZmtpMetadata peer = ZmtpCommand.readyMetadata(ZmtpCommand.parse(bytes().hexs("05").text("READY")
				.hexs("08")
				.text("Identity")
				.hexs("00 00 00 00")
				.toArray()));
			assertThatCode(() -> ZmtpSocketTypes.checkReady("PUB", peer)).doesNotThrowAnyException();
			assertThatCode(() -> ZmtpSocketTypes.checkReady("REQ", new ZmtpMetadata())).doesNotThrowAnyException();
		}

		@Test
		void aLowerCaseSocketTypeFromThePeerIsAccepted() {
			byte[] data = bytes().hexs("0B").text("socket-type").hexs("00 00 00 03").text("sub").toArray();
			ZmtpMetadata peer = ZmtpMetadata.parse(data, 0, data.length);
			assertThatCode(() -> ZmtpSocketTypes.checkReady("XPUB", peer)).doesNotThrowAnyException();
		}

	}

}
