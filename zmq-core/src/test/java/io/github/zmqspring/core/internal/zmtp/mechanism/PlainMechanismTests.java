package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

class PlainMechanismTests {

	private static final int MAX = ZmtpMechanism.DEFAULT_MAX_METADATA_SIZE;

	private static ZmtpMechanism client(String username, String password) {
		return ZmtpMechanism.plainClient(new ZmtpMetadata().put(ZmtpMetadata.SOCKET_TYPE, "REQ")
			.put(ZmtpMetadata.IDENTITY, "req-1"), username, password, MAX);
	}

	private static ZmtpMechanism server(int maxMetadata) {
		return ZmtpMechanism.plainServer(new ZmtpMetadata().put(ZmtpMetadata.SOCKET_TYPE, "REP"), "accounts",
				"10.0.0.7", maxMetadata);
	}

	private static ZmtpCommand command(byte[] body) {
		return ZmtpCommand.parse(body);
	}

	private static void assertProtocolError(ThrowingCallable call, Reason reason, String messagePart) {
		assertThatThrownBy(call).isInstanceOf(ZmtpProtocolException.class)
			.hasMessageContaining(messagePart)
			.extracting((ex) -> ((ZmtpProtocolException) ex).reason())
			.isEqualTo(reason);
	}

	private static byte[] hello(byte[] data) {
		return ZmtpCommand.body("HELLO", data);
	}

	@Nested
	class Handshake {

		@Test
		void helloWelcomeInitiateReadyCompletesBothSides() {
			ZmtpMechanism client = client("admin", "secret");
			ZmtpMechanism server = server(MAX);

			InMemoryHandshake handshake = InMemoryHandshake.accepting(client, server).run();

			assertThat(handshake.clientState).isEqualTo(State.COMPLETE);
			assertThat(handshake.serverState).isEqualTo(State.COMPLETE);
			assertThat(handshake.clientSent).extracting((body) -> command(body).name()).containsExactly("HELLO", "INITIATE");
			assertThat(handshake.serverSent).extracting((body) -> command(body).name()).containsExactly("WELCOME", "READY");
			assertThat(server.peerMetadata().getString(ZmtpMetadata.IDENTITY)).isEqualTo("req-1");
			assertThat(client.peerMetadata().getString(ZmtpMetadata.SOCKET_TYPE)).isEqualTo("REP");
			assertThat(client.name()).isEqualTo("PLAIN");
			assertThat(server.asServer()).isTrue();
			assertThat(server.encrypts()).isFalse();
		}

		@Test
		void helloCarriesTheCredentialsWithOneOctetLengths() {
			byte[] hello = client("admin", "secret").start().get(0);

			assertThat(command(hello).data()).isEqualTo(
					"\u0005admin\u0006secret".getBytes(StandardCharsets.US_ASCII));
		}

		@Test
		void theServerAlwaysAsksZapWithUserAndPassword() {
			InMemoryHandshake handshake = InMemoryHandshake.accepting(client("admin", "sécret"), server(MAX)).run();

			ZapRequest request = handshake.zapRequests.get(0);
			assertThat(request.mechanism()).isEqualTo("PLAIN");
			assertThat(request.domain()).isEqualTo("accounts");
			assertThat(request.address()).isEqualTo("10.0.0.7");
			assertThat(request.identity()).isEmpty();
			assertThat(request.credentials()).hasSize(2);
			assertThat(request.credential(0)).isEqualTo("admin");
			assertThat(request.credential(1)).isEqualTo("sécret");
			assertThat(request.toString()).doesNotContain("sécret");
		}

		@Test
		void emptyCredentialsAreAllowed() {
			InMemoryHandshake handshake = InMemoryHandshake.accepting(client("", ""), server(MAX)).run();

			assertThat(handshake.zapRequests.get(0).credentials()).allSatisfy((frame) -> assertThat(frame).isEmpty());
		}

		@Test
		void aRefusalSendsError400AndFailsBothSides() {
			ZmtpMechanism client = client("admin", "wrong");
			ZmtpMechanism server = server(MAX);
			InMemoryHandshake handshake = new InMemoryHandshake(client, server,
					(request) -> ZapReply.refuse(request, "400", "bad password"));

			assertProtocolError(handshake::run, Reason.AUTHENTICATION_FAILED, "PLAIN handshake refused by the peer: ERROR '400'");
			assertThat(handshake.serverState).isEqualTo(State.REFUSED);
			assertThat(handshake.serverSent).hasSize(1);
			assertThat(ZmtpCommand.errorReason(command(handshake.serverSent.get(0)))).isEqualTo("400");
			assertThatIllegalStateException().isThrownBy(server::peerMetadata);
			assertThatIllegalStateException().isThrownBy(client::peerMetadata);
			assertThatIllegalStateException().isThrownBy(() -> server.decode(false, false, new byte[1]));
		}

		@Test
		void aTemporaryFailureClosesWithoutError() {
			InMemoryHandshake handshake = new InMemoryHandshake(client("a", "b"), server(MAX),
					(request) -> ZapReply.refuse(request, "300", "later")).run();

			assertThat(handshake.serverState).isEqualTo(State.REFUSED);
			assertThat(handshake.serverSent).isEmpty();
		}

		@Test
		void twoKibOfInitiateMetadataWork() {
			ZmtpMechanism client = ZmtpMechanism.plainClient(new ZmtpMetadata().put(ZmtpMetadata.SOCKET_TYPE, "DEALER")
				.put(ZmtpMetadata.IDENTITY, "r".repeat(255))
				.put("X-Properties", "p".repeat(1900)), "u", "p", MAX);
			ZmtpMechanism server = server(MAX);

			InMemoryHandshake.accepting(client, server).run();

			assertThat(server.peerMetadata().get(ZmtpMetadata.IDENTITY)).hasSize(255);
		}

		@Test
		void framesPassUnchangedAfterTheHandshake() {
			ZmtpMechanism client = client("a", "b");
			ZmtpMechanism server = server(MAX);
			InMemoryHandshake.accepting(client, server).run();
			byte[] body = { 1, 2, 3 };

			Frame out = client.encode(true, false, body);
			Frame in = server.decode(true, false, body);

			assertThat(out.body()).isSameAs(body);
			assertThat(out.more()).isTrue();
			assertThat(in.body()).isSameAs(body);
		}

		@Test
		void credentialsLongerThan255OctetsAreRefusedAtConstruction() {
			assertThatIllegalArgumentException().isThrownBy(() -> client("é".repeat(128), ""))
				.withMessageContaining("at most 255 octets");
		}

	}

	@Nested
	class MalformedCommands {

		private final ZmtpMechanism server = server(1024);

		MalformedCommands() {
			this.server.start();
		}

		@Test
		void aHelloWithoutCredentialsIsRefused() {
			assertProtocolError(() -> this.server.onCommand(command(hello(new byte[0]))), Reason.MALFORMED_COMMAND,
					"cannot hold its user name");
		}

		@Test
		void aHelloWhoseUserNameRunsPastTheEndIsRefused() {
			assertProtocolError(() -> this.server.onCommand(command(hello(new byte[] { 9, 'a', 'b' }))),
					Reason.MALFORMED_COMMAND, "cannot hold its user name");
		}

		@Test
		void aHelloWithTrailingOctetsIsRefused() {
			assertProtocolError(() -> this.server.onCommand(command(hello(new byte[] { 1, 'a', 1, 'b', 'c' }))),
					Reason.MALFORMED_COMMAND, "declares a user name of 1 and a password of 1");
		}

		@Test
		void aPasswordRunningPastTheEndIsRefused() {
			assertProtocolError(() -> this.server.onCommand(command(hello(new byte[] { 1, 'a', 5, 'b' }))),
					Reason.MALFORMED_COMMAND, "password of 5");
		}

		@Test
		void anInitiateBeforeHelloIsUnexpected() {
			assertProtocolError(() -> this.server.onCommand(command(ZmtpCommand.body("INITIATE", new byte[0]))),
					Reason.UNEXPECTED_COMMAND, "expected HELLO");
		}

		@Test
		void aCommandWhileZapIsPendingIsUnexpected() {
			assertThat(this.server.onCommand(command(hello(new byte[] { 0, 0 }))).state()).isEqualTo(State.NEEDS_ZAP);

			assertProtocolError(() -> this.server.onCommand(command(ZmtpCommand.body("INITIATE", new byte[0]))),
					Reason.UNEXPECTED_COMMAND, "while its credentials were being checked");
		}

		@Test
		void oversizedInitiateMetadataIsRefused() {
			Step zap = this.server.onCommand(command(hello(new byte[] { 0, 0 })));
			this.server.zapReply(ZapReply.accept(zap.zapRequest(), ""));
			byte[] metadata = new ZmtpMetadata().put("X-Big", new byte[1100]).encode();

			assertProtocolError(() -> this.server.onCommand(command(ZmtpCommand.body("INITIATE", metadata))),
					Reason.COMMAND_TOO_LARGE, "more than the maximum of 1024");
			assertThatIllegalStateException().isThrownBy(this.server::peerMetadata);
		}

		@Test
		void malformedInitiateMetadataIsRefused() {
			Step zap = this.server.onCommand(command(hello(new byte[] { 0, 0 })));
			this.server.zapReply(ZapReply.accept(zap.zapRequest(), ""));

			assertProtocolError(() -> this.server.onCommand(command(ZmtpCommand.body("INITIATE", new byte[] { 3, 'a' }))),
					Reason.MALFORMED_METADATA, "truncated");
		}

		@Test
		void aWelcomeWithDataIsRefusedByTheClient() {
			ZmtpMechanism client = client("a", "b");
			client.start();

			assertProtocolError(() -> client.onCommand(command(ZmtpCommand.body("WELCOME", new byte[] { 1 }))),
					Reason.MALFORMED_COMMAND, "WELCOME carries 1 octets");
		}

		@Test
		void aReadyBeforeWelcomeIsUnexpected() {
			ZmtpMechanism client = client("a", "b");
			client.start();

			assertProtocolError(() -> client.onCommand(command(ZmtpCommand.ready(new ZmtpMetadata()))),
					Reason.UNEXPECTED_COMMAND, "expected WELCOME");
		}

		@Test
		void oversizedReadyMetadataIsRefusedByTheClient() {
			ZmtpMechanism client = ZmtpMechanism.plainClient(new ZmtpMetadata(), "a", "b", 8);
			client.start();
			client.onCommand(command(ZmtpCommand.body("WELCOME", new byte[0])));

			assertProtocolError(
					() -> client.onCommand(command(ZmtpCommand.ready(new ZmtpMetadata().put("Socket-Type", "ROUTER")))),
					Reason.COMMAND_TOO_LARGE, "READY carries");
		}

		@Test
		void aZapReplyOfAnotherVersionFailsTheHandshake() {
			Step zap = this.server.onCommand(command(hello(new byte[] { 0, 0 })));

			assertProtocolError(() -> this.server.zapReply(new ZapReply("2.0", zap.zapRequest().requestId(), "200",
					"OK", "", new ZmtpMetadata())), Reason.ZAP_REPLY_MISMATCH, "malformed ZAP reply");
			assertThatIllegalStateException().isThrownBy(() -> this.server.onCommand(command(hello(new byte[2]))));
		}

		@Test
		void aZapReplyThatWasNotAskedForIsACallersMistake() {
			assertThatIllegalStateException().isThrownBy(() -> this.server.zapReply(
					new ZapReply("1.0", "1", "200", "OK", "", new ZmtpMetadata())));
		}

		@Test
		void libzmqsMisspeltPlainErrorIsUnderstood() {
			ZmtpMechanism client = client("a", "b");
			client.start();
			byte[] libzmqError = { 0x5E, 'R', 'R', 'O', 'R', 3, '4', '0', '0' };

			assertProtocolError(() -> client.onCommand(libzmqError), Reason.AUTHENTICATION_FAILED,
					"PLAIN handshake refused by the peer: ERROR '400'");
		}

		@Test
		void aTruncatedMisspeltErrorIsStillMalformed() {
			ZmtpMechanism client = client("a", "b");
			client.start();

			assertProtocolError(() -> client.onCommand(new byte[] { 0x5E, 'R', 'R', 'O', 'R' }), Reason.MALFORMED_COMMAND,
					"a name of 94 bytes");
		}

		@Test
		void rawCommandBodiesAreParsedForTheMechanism() {
			ZmtpMechanism client = client("a", "b");
			client.start();

			assertThat(client.onCommand(ZmtpCommand.body("WELCOME", new byte[0])).commands()).singleElement()
				.satisfies((initiate) -> assertThat(command(initiate).name()).isEqualTo("INITIATE"));
		}

		@Test
		void helloIsParsedFromItsOwnOctetsOnly() {
			byte[] data = { 2, 'a', 'b', 1, 'c' };
			Step zap = this.server.onCommand(command(hello(data)));
			Arrays.fill(data, (byte) 0);

			assertThat(zap.zapRequest().credential(0)).isEqualTo("ab");
			assertThat(zap.zapRequest().credential(1)).isEqualTo("c");
		}

	}

}
