package io.github.zmqspring.core.internal.zmtp.mechanism;

import io.github.zmqspring.core.internal.zmtp.ZmtpCommand;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException.Reason;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NullMechanismTests {

	private static ZmtpMechanism mechanism(String socketType, boolean asServer, int max) {
		return ZmtpMechanism.nullMechanism(new ZmtpMetadata().put(ZmtpMetadata.SOCKET_TYPE, socketType), asServer, max);
	}

	@Test
	void bothSidesSendReadyAndCompleteOnThePeersReady() {
		ZmtpMechanism client = mechanism("PUSH", false, 1024);
		ZmtpMechanism server = mechanism("PULL", true, 1024);

		InMemoryHandshake handshake = InMemoryHandshake.accepting(client, server).run();

		assertThat(handshake.clientState).isEqualTo(State.COMPLETE);
		assertThat(handshake.serverState).isEqualTo(State.COMPLETE);
		assertThat(handshake.zapRequests).isEmpty();
		assertThat(client.peerMetadata().getString(ZmtpMetadata.SOCKET_TYPE)).isEqualTo("PULL");
		assertThat(server.peerMetadata().getString(ZmtpMetadata.SOCKET_TYPE)).isEqualTo("PUSH");
		assertThat(client.name()).isEqualTo("NULL");
		assertThat(client.encrypts()).isFalse();
	}

	@Test
	void framesAreNeverEncodedIntoABufferTheCallerWritesThemAsTheyAre() {
		ZmtpMechanism client = mechanism("PUSH", false, 1024);
		InMemoryHandshake.accepting(client, mechanism("PULL", true, 1024)).run();
		java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(64);

		assertThat(client.encodeInto(false, false, new byte[] { 1, 2, 3 }, out)).isFalse();
		assertThat(out.position()).isZero();
	}

	@Test
	void anErrorFromThePeerFailsTheHandshakeWithItsReason() {
		ZmtpMechanism client = mechanism("REQ", false, 1024);
		client.start();

		assertThatThrownBy(() -> client.onCommand(ZmtpCommand.parse(ZmtpCommand.error("400"))))
			.isInstanceOf(ZmtpProtocolException.class)
			.hasMessageContaining("ERROR '400'")
			.extracting((ex) -> ((ZmtpProtocolException) ex).reason())
			.isEqualTo(Reason.AUTHENTICATION_FAILED);
	}

	@Test
	void oversizedReadyMetadataIsRefused() {
		ZmtpMechanism server = mechanism("REP", true, 10);
		server.start();

		assertThatThrownBy(() -> server.onCommand(ZmtpCommand.parse(ZmtpCommand.ready(new ZmtpMetadata()
			.put(ZmtpMetadata.SOCKET_TYPE, "REQ")))))
			.isInstanceOf(ZmtpProtocolException.class)
			.extracting((ex) -> ((ZmtpProtocolException) ex).reason())
			.isEqualTo(Reason.COMMAND_TOO_LARGE);
	}

	@Test
	void anotherCommandThanReadyIsUnexpected() {
		ZmtpMechanism server = mechanism("REP", true, 1024);
		server.start();

		assertThatThrownBy(() -> server.onCommand(ZmtpCommand.parse(ZmtpCommand.ping(1, new byte[0]))))
			.isInstanceOf(ZmtpProtocolException.class)
			.hasMessageContaining("expected READY but the peer sent 'PING'");
	}

}
