package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.internal.zmtp.ZmtpCommand;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException.Reason;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism.Frame;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism.State;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism.Step;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CurveMechanismTests {

	private static final int MAX = ZmtpMechanism.DEFAULT_MAX_METADATA_SIZE;

	private final byte[][] serverKeys = CurveCrypto.keyPair();

	private final byte[][] clientKeys = CurveCrypto.keyPair();

	private static ZmtpMetadata metadata(String socketType, String identity) {
		return new ZmtpMetadata().put(ZmtpMetadata.SOCKET_TYPE, socketType).put(ZmtpMetadata.IDENTITY, identity);
	}

	private ZmtpMechanism client(ZmtpMetadata local) {
		return ZmtpMechanism.curveClient(local, this.clientKeys[0], this.clientKeys[1], this.serverKeys[0], MAX);
	}

	private ZmtpMechanism client() {
		return client(metadata("DEALER", "client-1"));
	}

	private ZmtpMechanism server(int maxMetadata) {
		return ZmtpMechanism.curveServer(metadata("ROUTER", "router-id"), this.serverKeys[0], this.serverKeys[1],
				"global", "127.0.0.1", maxMetadata);
	}

	private ZmtpMechanism server() {
		return server(MAX);
	}

	private static void assertProtocolError(ThrowingCallable call, Reason reason, String messagePart) {
		assertThatThrownBy(call).isInstanceOf(ZmtpProtocolException.class)
			.hasMessageContaining(messagePart)
			.extracting((ex) -> ((ZmtpProtocolException) ex).reason())
			.isEqualTo(reason);
	}

	private static void assertDead(ZmtpMechanism mechanism) {
		assertThatIllegalStateException().isThrownBy(mechanism::peerMetadata);
		assertThatIllegalStateException().isThrownBy(() -> mechanism.decode(false, false, new byte[40]));
		assertThatIllegalStateException().isThrownBy(() -> mechanism.encode(false, false, new byte[1]));
	}

	private static ZmtpCommand command(byte[] body) {
		return ZmtpCommand.parse(body);
	}

	@Nested
	class Handshake {

		@Test
		void aClientAndAServerCompleteWithCommandsOfTheRfcSizes() {
			ZmtpMechanism client = client();
			ZmtpMechanism server = server();
			InMemoryHandshake handshake = InMemoryHandshake.accepting(client, server).run();

			assertThat(handshake.clientState).isEqualTo(State.COMPLETE);
			assertThat(handshake.serverState).isEqualTo(State.COMPLETE);
			int clientMetadata = metadata("DEALER", "client-1").encode().length;
			int serverMetadata = metadata("ROUTER", "router-id").encode().length;
			assertThat(handshake.clientSent).extracting((body) -> body.length).containsExactly(200, 257 + clientMetadata);
			assertThat(handshake.serverSent).extracting((body) -> body.length).containsExactly(168, 30 + serverMetadata);
			assertThat(client.name()).isEqualTo("CURVE");
			assertThat(client.asServer()).isFalse();
			assertThat(server.asServer()).isTrue();
			assertThat(client.encrypts()).isTrue();
		}

		@Test
		void eachSideGetsThePeersMetadata() {
			ZmtpMechanism client = client();
			ZmtpMechanism server = server();
			InMemoryHandshake.accepting(client, server).run();

			assertThat(server.peerMetadata().getString(ZmtpMetadata.SOCKET_TYPE)).isEqualTo("DEALER");
			assertThat(server.peerMetadata().getString(ZmtpMetadata.IDENTITY)).isEqualTo("client-1");
			assertThat(client.peerMetadata().getString(ZmtpMetadata.SOCKET_TYPE)).isEqualTo("ROUTER");
		}

		@Test
		void theZapRequestCarriesTheClientsPermanentKeyAsA32OctetCredential() {
			InMemoryHandshake handshake = InMemoryHandshake.accepting(client(), server()).run();

			assertThat(handshake.zapRequests).hasSize(1);
			ZapRequest request = handshake.zapRequests.get(0);
			assertThat(request.version()).isEqualTo("1.0");
			assertThat(request.mechanism()).isEqualTo("CURVE");
			assertThat(request.domain()).isEqualTo("global");
			assertThat(request.address()).isEqualTo("127.0.0.1");
			assertThat(request.identity()).isEqualTo("router-id".getBytes(StandardCharsets.US_ASCII));
			assertThat(request.credentials()).hasSize(1);
			assertThat(request.credentials().get(0)).hasSize(32).isEqualTo(CurveMechanismTests.this.clientKeys[0]);
		}

		@Test
		void z85KeyPairsFromZmqSecurityWork() {
			ZmqKeyPair serverPair = ZmqSecurity.generateKeyPair();
			ZmqKeyPair clientPair = ZmqSecurity.generateKeyPair();
			ZmtpMechanism client = ZmtpMechanism.curveClient(metadata("REQ", ""), clientPair,
					serverPair.publicKey(), MAX);
			ZmtpMechanism server = ZmtpMechanism.curveServer(metadata("REP", ""), serverPair, "", "::1", MAX);

			InMemoryHandshake handshake = InMemoryHandshake.accepting(client, server).run();

			assertThat(handshake.serverState).isEqualTo(State.COMPLETE);
			assertThat(io.github.zmqspring.core.Z85.encode(handshake.zapRequests.get(0).credentials().get(0)))
				.isEqualTo(clientPair.publicKey());
		}

		@Test
		void aMetadataOf2KibWithALongRoutingIdAndUserPropertiesWorks() {
			ZmtpMetadata local = new ZmtpMetadata().put(ZmtpMetadata.SOCKET_TYPE, "DEALER")
				.put(ZmtpMetadata.IDENTITY, "i".repeat(255))
				.put("X-Tenant", "t".repeat(900))
				.put("X-Trace", "z".repeat(900));
			assertThat(local.encode().length).isGreaterThan(2048);
			ZmtpMechanism client = client(local);
			ZmtpMechanism server = server();

			InMemoryHandshake.accepting(client, server).run();

			assertThat(server.peerMetadata().get(ZmtpMetadata.IDENTITY)).hasSize(255);
			assertThat(server.peerMetadata().getString("x-tenant")).hasSize(900);
		}

		@Test
		void aRefusalSendsErrorWithTheStatusCodeAndFailsBothSides() {
			ZmtpMechanism client = client();
			ZmtpMechanism server = server();
			InMemoryHandshake handshake = new InMemoryHandshake(client, server,
					(request) -> ZapReply.refuse(request, "400", "unknown key"));

			assertProtocolError(handshake::run, Reason.AUTHENTICATION_FAILED, "ERROR '400'");
			assertThat(handshake.serverState).isEqualTo(State.REFUSED);
			byte[] error = handshake.serverSent.get(handshake.serverSent.size() - 1);
			assertThat(ZmtpCommand.errorReason(command(error))).isEqualTo("400");
			assertDead(server);
			assertDead(client);
		}

		@Test
		void aRefusalWith500IsSentAsError500() {
			InMemoryHandshake handshake = new InMemoryHandshake(client(), server(),
					(request) -> ZapReply.refuse(request, "500", "handler failed"));

			assertProtocolError(handshake::run, Reason.AUTHENTICATION_FAILED, "ERROR '500'");
		}

		@Test
		void aTemporaryFailure300ClosesWithoutError() {
			ZmtpMechanism server = server();
			InMemoryHandshake handshake = new InMemoryHandshake(client(), server,
					(request) -> ZapReply.refuse(request, "300", "try later")).run();

			assertThat(handshake.serverState).isEqualTo(State.REFUSED);
			assertThat(handshake.serverSent).hasSize(1); // WELCOME only
			assertDead(server);
		}

		@Test
		void theRefusingStepCarriesTheZapReply() {
			ZmtpMechanism client = client();
			ZmtpMechanism server = server();
			server.start();
			Step welcome = server.onCommand(command(client.start().get(0)));
			Step zap = server.onCommand(command(client.onCommand(command(welcome.commands().get(0))).commands().get(0)));
			assertThat(zap.state()).isEqualTo(State.NEEDS_ZAP);

			Step refused = server.zapReply(ZapReply.refuse(zap.zapRequest(), "400", "no"));

			assertThat(refused.refusal().statusText()).isEqualTo("no");
			assertThat(refused.commands()).hasSize(1);
		}

		@Test
		void aZapReplyToAnotherRequestFailsTheHandshake() {
			InMemoryHandshake handshake = new InMemoryHandshake(client(), server(),
					(request) -> new ZapReply("1.0", request.requestId() + "0", "200", "OK", "", new ZmtpMetadata()));

			assertProtocolError(handshake::run, Reason.ZAP_REPLY_MISMATCH, "malformed ZAP reply");
		}

		@Test
		void shortTermKeysAreFreshPerConnection() {
			byte[] first = client().start().get(0);
			byte[] second = client().start().get(0);

			assertThat(Arrays.copyOfRange(first, 80, 112)).isNotEqualTo(Arrays.copyOfRange(second, 80, 112));
		}

		@Test
		void aCookieFromAnotherConnectionIsRefused() {
			// Two connections to the same server key: the INITIATE of one carries a cookie the other never made.
			ZmtpMechanism client = client();
			ZmtpMechanism server = server();
			ZmtpMechanism otherServer = server();
			server.start();
			otherServer.start();
			byte[] hello = client.start().get(0);
			byte[] welcome = server.onCommand(command(hello)).commands().get(0);
			byte[] initiate = client.onCommand(command(welcome)).commands().get(0);
			otherServer.onCommand(command(hello));

			assertProtocolError(() -> otherServer.onCommand(command(initiate)), Reason.CRYPTO_FAILED, "cookie");
		}

		@Test
		void keysThatDoNotBelongTogetherAreRefusedAtConstruction() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> ZmtpMechanism.curveClient(new ZmtpMetadata(), CurveMechanismTests.this.serverKeys[0],
						CurveMechanismTests.this.clientKeys[1], CurveMechanismTests.this.serverKeys[0], MAX))
				.withMessageContaining("is not the public key");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> ZmtpMechanism.curveClient(new ZmtpMetadata(), CurveMechanismTests.this.clientKeys[0],
						CurveMechanismTests.this.clientKeys[1], new byte[31], MAX))
				.withMessageContaining("32-octet");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> ZmtpMechanism.curveClient(new ZmtpMetadata(), CurveMechanismTests.this.clientKeys[0],
						CurveMechanismTests.this.clientKeys[1], new byte[32], MAX))
				.withMessageContaining("low-order");
		}

	}

	@Nested
	class MalformedCommands {

		@Test
		void aHelloOf199OctetsIsRefused() {
			ZmtpMechanism server = server();
			server.start();
			byte[] hello = client().start().get(0);

			assertProtocolError(() -> server.onCommand(command(Arrays.copyOf(hello, 199))), Reason.MALFORMED_COMMAND,
					"HELLO must have 200 octets but had 199");
			assertDead(server);
		}

		@Test
		void aHelloOf201OctetsIsRefused() {
			ZmtpMechanism server = server();
			server.start();
			byte[] hello = client().start().get(0);

			assertProtocolError(() -> server.onCommand(command(Arrays.copyOf(hello, 201))), Reason.MALFORMED_COMMAND,
					"but had 201");
		}

		@Test
		void aHelloOfAnotherVersionIsRefused() {
			InMemoryHandshake handshake = InMemoryHandshake.accepting(client(), server()).tamperToServer(0, (hello) -> {
				hello[6] = 2;
				return hello;
			});

			assertProtocolError(handshake::run, Reason.MALFORMED_COMMAND, "version 2.0");
		}

		@Test
		void aTamperedHelloBoxIsRefused() {
			InMemoryHandshake handshake = InMemoryHandshake.accepting(client(), server()).tamperToServer(0, (hello) -> {
				hello[150] ^= 1;
				return hello;
			});

			assertProtocolError(handshake::run, Reason.CRYPTO_FAILED, "HELLO box does not open");
		}

		@Test
		void aClientWithAnotherServerKeyIsRefused() {
			byte[][] impostor = CurveCrypto.keyPair();
			ZmtpMechanism client = ZmtpMechanism.curveClient(metadata("DEALER", ""), CurveMechanismTests.this.clientKeys[0],
					CurveMechanismTests.this.clientKeys[1], impostor[0], MAX);
			ZmtpMechanism server = server();

			assertProtocolError(InMemoryHandshake.accepting(client, server)::run, Reason.CRYPTO_FAILED,
					"another server key");
			assertDead(server);
		}

		@Test
		void aTamperedWelcomeIsRefusedByTheClient() {
			ZmtpMechanism client = client();
			InMemoryHandshake handshake = InMemoryHandshake.accepting(client, server()).tamperToClient(0, (welcome) -> {
				welcome[100] ^= 1;
				return welcome;
			});

			assertProtocolError(handshake::run, Reason.CRYPTO_FAILED, "WELCOME box does not open");
			assertDead(client);
		}

		@Test
		void aWelcomeOf167OctetsIsRefused() {
			InMemoryHandshake handshake = InMemoryHandshake.accepting(client(), server())
				.tamperToClient(0, (welcome) -> Arrays.copyOf(welcome, 167));

			assertProtocolError(handshake::run, Reason.MALFORMED_COMMAND, "WELCOME must have 168 octets but had 167");
		}

		@Test
		void anInitiateShorterThan257OctetsIsRefused() {
			InMemoryHandshake handshake = InMemoryHandshake.accepting(client(metadata("DEALER", "")), server())
				.tamperToServer(1, (initiate) -> Arrays.copyOf(initiate, 256));

			assertProtocolError(handshake::run, Reason.MALFORMED_COMMAND, "at least 257 octets but had 256");
		}

		@Test
		void aTamperedCookieIsRefused() {
			InMemoryHandshake handshake = InMemoryHandshake.accepting(client(), server()).tamperToServer(1, (initiate) -> {
				initiate[9 + 40] ^= 1;
				return initiate;
			});

			assertProtocolError(handshake::run, Reason.CRYPTO_FAILED, "INITIATE cookie does not open");
		}

		@Test
		void aTamperedInitiateBoxIsRefused() {
			InMemoryHandshake handshake = InMemoryHandshake.accepting(client(), server()).tamperToServer(1, (initiate) -> {
				initiate[initiate.length - 1] ^= 1;
				return initiate;
			});

			assertProtocolError(handshake::run, Reason.CRYPTO_FAILED, "INITIATE box does not open");
		}

		@Test
		void oversizedInitiateMetadataIsRefusedBeforeDecryption() {
			ZmtpMetadata local = new ZmtpMetadata().put(ZmtpMetadata.SOCKET_TYPE, "DEALER").put("X-Big", "b".repeat(2000));
			ZmtpMechanism server = server(1024);

			assertProtocolError(InMemoryHandshake.accepting(client(local), server)::run, Reason.COMMAND_TOO_LARGE,
					"more than the maximum of 1024");
			assertDead(server);
		}

		@Test
		void oversizedReadyMetadataIsRefusedByTheClient() {
			ZmtpMechanism client = ZmtpMechanism.curveClient(metadata("DEALER", ""), CurveMechanismTests.this.clientKeys[0],
					CurveMechanismTests.this.clientKeys[1], CurveMechanismTests.this.serverKeys[0], 16);

			assertProtocolError(InMemoryHandshake.accepting(client, server())::run, Reason.COMMAND_TOO_LARGE,
					"READY carries");
		}

		@Test
		void aTamperedReadyIsRefusedByTheClient() {
			InMemoryHandshake handshake = InMemoryHandshake.accepting(client(), server()).tamperToClient(1, (ready) -> {
				ready[20] ^= 1;
				return ready;
			});

			assertProtocolError(handshake::run, Reason.CRYPTO_FAILED, "READY box does not open");
		}

		@Test
		void aReadyShorterThan30OctetsIsRefused() {
			InMemoryHandshake handshake = InMemoryHandshake.accepting(client(), server())
				.tamperToClient(1, (ready) -> Arrays.copyOf(ready, 29));

			assertProtocolError(handshake::run, Reason.MALFORMED_COMMAND, "at least 30 octets but had 29");
		}

		@Test
		void anInitiateBeforeHelloIsUnexpected() {
			ZmtpMechanism server = server();
			server.start();

			assertProtocolError(() -> server.onCommand(command(ZmtpCommand.body("INITIATE", new byte[300]))),
					Reason.UNEXPECTED_COMMAND, "expected HELLO but the peer sent 'INITIATE'");
		}

		@Test
		void aReadyInPlaceOfWelcomeIsUnexpected() {
			ZmtpMechanism client = client();
			client.start();

			assertProtocolError(() -> client.onCommand(command(ZmtpCommand.ready(new ZmtpMetadata()))),
					Reason.UNEXPECTED_COMMAND, "expected WELCOME");
		}

		@Test
		void aCommandWhileTheZapReplyIsPendingIsUnexpected() {
			ZmtpMechanism client = client();
			ZmtpMechanism server = server();
			server.start();
			byte[] welcome = server.onCommand(command(client.start().get(0))).commands().get(0);
			byte[] initiate = client.onCommand(command(welcome)).commands().get(0);
			assertThat(server.onCommand(command(initiate)).state()).isEqualTo(State.NEEDS_ZAP);

			assertProtocolError(() -> server.onCommand(command(initiate)), Reason.UNEXPECTED_COMMAND,
					"while its credentials were being checked");
		}

		@Test
		void anInitiateWhoseNonceDoesNotExceedTheHellosIsRefused() {
			HandMadeCurveClient evil = new HandMadeCurveClient(CurveMechanismTests.this.serverKeys[0]);
			ZmtpMechanism server = server();
			server.start();
			evil.welcome(server.onCommand(command(evil.hello())).commands().get(0));
			byte[] initiate = evil.initiate(CurveMechanismTests.this.clientKeys[0], CurveMechanismTests.this.clientKeys[1],
					CurveBase.concat(evil.shortPublic, CurveMechanismTests.this.serverKeys[0]), new byte[0], 1);

			assertProtocolError(() -> server.onCommand(command(initiate)), Reason.REPLAYED_NONCE,
					"short nonce 1 does not exceed the previous one (1)");
		}

		@Test
		void aHandMadeClientFollowingTheRfcIsAccepted() {
			HandMadeCurveClient honest = new HandMadeCurveClient(CurveMechanismTests.this.serverKeys[0]);
			ZmtpMechanism server = server();
			server.start();
			honest.welcome(server.onCommand(command(honest.hello())).commands().get(0));
			byte[] initiate = honest.initiate(CurveMechanismTests.this.clientKeys[0], CurveMechanismTests.this.clientKeys[1],
					CurveBase.concat(honest.shortPublic, CurveMechanismTests.this.serverKeys[0]),
					metadata("DEALER", "hand").encode(), 2);

			Step step = server.onCommand(command(initiate));

			assertThat(step.state()).isEqualTo(State.NEEDS_ZAP);
			assertThat(server.zapReply(ZapReply.accept(step.zapRequest(), "")).state()).isEqualTo(State.COMPLETE);
			assertThat(server.peerMetadata().getString(ZmtpMetadata.IDENTITY)).isEqualTo("hand");
		}

		@Test
		void aVouchForAnotherShortTermKeyIsRefused() {
			byte[][] otherShort = CurveCrypto.keyPair();
			assertVouchRefused(CurveMechanismTests.this.clientKeys[1],
					(evil) -> CurveBase.concat(otherShort[0], CurveMechanismTests.this.serverKeys[0]), "vouch names another key");
		}

		@Test
		void aVouchForAnotherServerIsRefused() {
			byte[][] otherServer = CurveCrypto.keyPair();
			assertVouchRefused(CurveMechanismTests.this.clientKeys[1],
					(evil) -> CurveBase.concat(evil.shortPublic, otherServer[0]), "vouch names another key");
		}

		@Test
		void aVouchSealedWithAnotherPermanentKeyIsRefused() {
			// The client presents clientKeys' public key but cannot vouch for it: it holds another secret key.
			byte[][] thief = CurveCrypto.keyPair();
			assertVouchRefused(thief[1], (evil) -> CurveBase.concat(evil.shortPublic, CurveMechanismTests.this.serverKeys[0]),
					"the vouch does not open");
		}

		private void assertVouchRefused(byte[] vouchSecret,
				java.util.function.Function<HandMadeCurveClient, byte[]> vouchContents, String message) {
			HandMadeCurveClient evil = new HandMadeCurveClient(CurveMechanismTests.this.serverKeys[0]);
			ZmtpMechanism server = server();
			server.start();
			evil.welcome(server.onCommand(command(evil.hello())).commands().get(0));
			byte[] initiate = evil.initiate(CurveMechanismTests.this.clientKeys[0], vouchSecret, vouchContents.apply(evil),
					new byte[0], 2);

			assertProtocolError(() -> server.onCommand(command(initiate)), Reason.CRYPTO_FAILED, message);
			assertDead(server);
		}

		@Test
		void malformedMetadataInsideInitiateIsRefused() {
			HandMadeCurveClient evil = new HandMadeCurveClient(CurveMechanismTests.this.serverKeys[0]);
			ZmtpMechanism server = server();
			server.start();
			evil.welcome(server.onCommand(command(evil.hello())).commands().get(0));
			byte[] initiate = evil.initiate(CurveMechanismTests.this.clientKeys[0], CurveMechanismTests.this.clientKeys[1],
					CurveBase.concat(evil.shortPublic, CurveMechanismTests.this.serverKeys[0]),
					new byte[] { 4, 'N', 'a', 'm', 'e', 0x7F, 0, 0, 0 }, 2);

			assertProtocolError(() -> server.onCommand(command(initiate)), Reason.MALFORMED_METADATA, "declares a value");
		}

		@Test
		void anErrorFromTheServerFailsTheClientWithItsReason() {
			ZmtpMechanism client = client();
			client.start();

			assertProtocolError(() -> client.onCommand(command(ZmtpCommand.error("500"))), Reason.AUTHENTICATION_FAILED,
					"CURVE handshake refused by the peer: ERROR '500'");
			assertDead(client);
		}

	}

	@Nested
	class DataPhase {

		private final ZmtpMechanism client = client();

		private final ZmtpMechanism server = server();

		DataPhase() {
			InMemoryHandshake.accepting(this.client, this.server).run();
		}

		private static byte[] bytes(String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}

		@Test
		void framesTravelBothWaysWithTheirFlags() {
			Frame first = this.client.encode(true, false, bytes("part one"));
			Frame second = this.client.encode(false, false, bytes("part two"));
			Frame empty = this.server.encode(false, false, new byte[0]);

			assertThat(this.server.decode(first.more(), first.command(), first.body()))
				.satisfies((frame) -> assertThat(frame.more()).isTrue())
				.satisfies((frame) -> assertThat(frame.body()).isEqualTo(bytes("part one")));
			assertThat(this.server.decode(second.more(), second.command(), second.body()).more()).isFalse();
			assertThat(this.client.decode(empty.more(), empty.command(), empty.body()).body()).isEmpty();
		}

		@Test
		void commandsTravelInsideBoxesWithTheCommandFlag() {
			byte[] subscribe = ZmtpCommand.subscribe(bytes("weather"));
			Frame wire = this.client.encode(false, true, subscribe);

			Frame inner = this.server.decode(wire.more(), wire.command(), wire.body());

			assertThat(inner.command()).isTrue();
			assertThat(inner.more()).isFalse();
			assertThat(ZmtpCommand.parse(inner.body()).is(ZmtpCommand.SUBSCRIBE)).isTrue();
			assertThat(ZmtpCommand.parse(inner.body()).data()).isEqualTo(bytes("weather"));
		}

		@Test
		void theWireFrameIsAMessageDataFrameWithIncreasingShortNonces() {
			Frame first = this.client.encode(false, false, bytes("abc"));
			Frame second = this.client.encode(false, false, bytes("abc"));
			Frame fromServer = this.server.encode(false, false, bytes("abc"));

			assertThat(first.command()).isFalse();
			assertThat(first.more()).isFalse();
			assertThat(first.body()).hasSize(8 + 8 + 16 + 1 + 3).startsWith(7, 'M', 'E', 'S', 'S', 'A', 'G', 'E');
			// HELLO took 1 and INITIATE 2 on the client; READY took 1 on the server.
			assertThat(CurveBase.readLong(first.body(), 8)).isEqualTo(3);
			assertThat(CurveBase.readLong(second.body(), 8)).isEqualTo(4);
			assertThat(CurveBase.readLong(fromServer.body(), 8)).isEqualTo(2);
			assertThat(Arrays.copyOfRange(first.body(), 16, first.body().length))
				.isNotEqualTo(Arrays.copyOfRange(second.body(), 16, second.body().length));
		}

		@Test
		void encodingIntoABufferWritesTheWireFrameWithTheNextNonceAtTheBuffersPosition() {
			ByteBuffer out = ByteBuffer.allocate(200);
			out.put((byte) 0x55);
			Frame before = this.client.encode(false, false, bytes("one"));

			assertThat(this.client.encodeInto(true, false, bytes("part two"), out)).isTrue();
			Frame after = this.client.encode(false, false, bytes("three"));

			// A short data frame header (flags 0, size), then the MESSAGE as encode() returns it.
			int size = 8 + 8 + 16 + 1 + 8;
			assertThat(out.position()).isEqualTo(1 + 2 + size);
			assertThat(Arrays.copyOfRange(out.array(), 0, 3)).containsExactly(0x55, 0, size);
			byte[] body = Arrays.copyOfRange(out.array(), 3, 3 + size);
			assertThat(body).startsWith(7, 'M', 'E', 'S', 'S', 'A', 'G', 'E');
			assertThat(CurveBase.readLong(body, 8)).isEqualTo(CurveBase.readLong(before.body(), 8) + 1);
			assertThat(CurveBase.readLong(after.body(), 8)).isEqualTo(CurveBase.readLong(body, 8) + 1);
			assertThat(this.server.decode(before.more(), before.command(), before.body()).body()).isEqualTo(bytes("one"));
			Frame inner = this.server.decode(false, false, body);
			assertThat(inner.more()).isTrue();
			assertThat(inner.body()).isEqualTo(bytes("part two"));
			assertThat(this.server.decode(after.more(), after.command(), after.body()).body()).isEqualTo(bytes("three"));
		}

		@Test
		void aFrameLargerThanTheRoomLeftIsNotWrittenAndTakesNoNonce() {
			ByteBuffer out = ByteBuffer.allocate(2 + 8 + 8 + 16 + 1 + 8 - 1);

			assertThat(this.client.encodeInto(false, false, bytes("12345678"), out)).isFalse();
			assertThat(out.position()).isZero();
			assertThat(this.client.encodeInto(false, false, bytes("1234567"), ByteBuffer.allocateDirect(40)))
				.as("a direct buffer without the room")
				.isFalse();
			assertThat(this.client.encodeInto(false, false, new byte[64 * 1024], ByteBuffer.allocateDirect(70_000)))
				.as("a direct buffer, over 64 KiB")
				.isFalse();
			// HELLO took 1 and INITIATE 2: nothing was taken since.
			assertThat(CurveBase.readLong(this.client.encode(false, false, bytes("x")).body(), 8)).isEqualTo(3);
			assertThat(this.client.encodeInto(false, false, bytes("1234567"), out)).isTrue();
			assertThat(out.hasRemaining()).isFalse();
		}

		@Test
		void aDirectBufferGetsTheSameFramesSealedThroughAKeptArray() {
			ByteBuffer out = ByteBuffer.allocateDirect(4096);
			for (int size : new int[] { 3, 300, 30, 1000 }) {
				byte[] body = new byte[size];
				Arrays.fill(body, (byte) size);
				int start = out.position();
				assertThat(this.client.encodeInto(false, false, body, out)).isTrue();
				int header = (8 + 8 + 16 + 1 + size <= 255) ? 2 : 9;
				byte[] wire = new byte[out.position() - start - header];
				out.get(start + header, wire);
				assertThat(this.server.decode(false, false, wire).body()).as("%d octets", size).isEqualTo(body);
			}
		}

		@Test
		void aLargeFrameEncodedIntoABufferGetsALongHeader() {
			byte[] big = new byte[70_000];
			Arrays.fill(big, (byte) 0x3C);
			ByteBuffer out = ByteBuffer.allocate(64 * 1024 + 10_000);

			assertThat(this.server.encodeInto(false, true, big, out)).isTrue();

			int size = 8 + 8 + 16 + 1 + big.length;
			assertThat(out.position()).isEqualTo(9 + size);
			assertThat(out.get(0)).isEqualTo((byte) 0x02);
			assertThat(out.getLong(1)).isEqualTo(size);
			Frame inner = this.client.decode(false, false, Arrays.copyOfRange(out.array(), 9, 9 + size));
			assertThat(inner.command()).isTrue();
			assertThat(inner.body()).isEqualTo(big);
		}

		@Test
		void aMessageSentAsACommandFrameIsAcceptedToo() {
			Frame wire = this.client.encode(false, false, bytes("x"));

			assertThat(this.server.decode(false, true, wire.body()).body()).isEqualTo(bytes("x"));
		}

		@Test
		void aReplayedMessageIsRefusedAndNothingIsDelivered() {
			Frame wire = this.client.encode(false, false, bytes("pay 100"));
			byte[] replay = wire.body().clone();
			this.server.decode(false, false, wire.body());

			assertProtocolError(() -> this.server.decode(false, false, replay), Reason.REPLAYED_NONCE,
					"short nonce 3 does not exceed the previous one (3)");
			assertDead(this.server);
		}

		@Test
		void anOutOfOrderMessageIsRefused() {
			Frame first = this.client.encode(false, false, bytes("1"));
			Frame second = this.client.encode(false, false, bytes("2"));
			this.server.decode(false, false, second.body());

			assertProtocolError(() -> this.server.decode(false, false, first.body()), Reason.REPLAYED_NONCE,
					"replayed or reordered");
		}

		@Test
		void aTamperedMessageIsRefused() {
			Frame wire = this.client.encode(false, false, bytes("pay 100"));
			wire.body()[wire.body().length - 2] ^= 1;

			assertProtocolError(() -> this.server.decode(false, false, wire.body()), Reason.CRYPTO_FAILED,
					"MESSAGE box does not open");
			assertDead(this.server);
		}

		@Test
		void aMessageReflectedToItsSenderIsRefused() {
			// The two directions have their own nonce prefixes: a peer cannot echo our own boxes back to us.
			// Its short nonce (4) exceeds the client's last (2): only the prefix can refuse it.
			this.server.encode(false, false, bytes("2"));
			this.server.encode(false, false, bytes("3"));
			Frame wire = this.server.encode(false, false, bytes("4"));

			assertProtocolError(() -> this.server.decode(false, false, wire.body()), Reason.CRYPTO_FAILED,
					"does not open");
		}

		@Test
		void aFrameThatIsNotAMessageIsRefused() {
			assertProtocolError(() -> this.server.decode(false, true, ZmtpCommand.ping(10, new byte[0])),
					Reason.UNEXPECTED_COMMAND, "not a MESSAGE");
			assertDead(this.server);
		}

		@Test
		void aTruncatedMessageIsRefused() {
			Frame wire = this.client.encode(false, false, new byte[0]);

			assertProtocolError(() -> this.server.decode(false, false, Arrays.copyOf(wire.body(), 32)),
					Reason.MALFORMED_COMMAND, "shorter than the 33");
		}

		@Test
		void aCommandWithMoreCannotBeEncoded() {
			assertThatIllegalArgumentException().isThrownBy(() -> this.client.encode(true, true, new byte[1]));
		}

		@Test
		void handshakeCommandsAfterCompletionAreACallersMistake() {
			assertThatIllegalStateException().isThrownBy(() -> this.client.onCommand(command(ZmtpCommand.ready(new ZmtpMetadata()))));
		}

		@Test
		void aLargeFrameTravels() {
			byte[] big = new byte[1 << 20];
			Arrays.fill(big, (byte) 0x5A);
			Frame wire = this.server.encode(false, false, big);

			assertThat(this.client.decode(false, false, wire.body()).body()).isEqualTo(big);
		}

	}

	@Test
	void encodingBeforeTheHandshakeIsACallersMistake() {
		ZmtpMechanism client = client();
		client.start();

		assertThatIllegalStateException().isThrownBy(() -> client.encode(false, false, new byte[1]));
		assertThatIllegalStateException().isThrownBy(client::start);
		assertThat(List.of(client.name())).containsExactly("CURVE");
	}

}
