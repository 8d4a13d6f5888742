package io.github.zmqspring.core.hostile;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.hostile.HostileFixture.Target;

import static org.assertj.core.api.Assertions.assertThat;
import static io.github.zmqspring.core.hostile.HostileFixture.waitAtMost;

/**
 * Peers written byte by byte that follow ZMTP 3.0 (minor 0) and 3.1 (minor 1), and the liberties RFC 37 allows them
 * (padding that is not zero, as-server set, LONG sizes under 256, property names in another case, no Socket-Type,
 * unknown commands after the handshake): the engine handshakes with each, exchanges messages and answers PING with a
 * PONG carrying the same context. The hostile suites rely on these peers being right, so this suite checks them too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConformingPeerTests {

	private final HostileFixture fixture = new HostileFixture("conforming");

	@BeforeEach
	void startCase() {
		this.fixture.startCase();
	}

	@AfterAll
	void closeEngine() {
		this.fixture.close();
	}

	@Nested
	class Greeting {

		@ParameterizedTest
		@EnumSource(Target.class)
		void theEngineGreetsAsANullZmtp31PeerAndDeclaresItsSocketType(Target target) throws Exception {
			try (RawPeer peer = ConformingPeerTests.this.fixture.handshake(target)) {
				byte[] greeting = peer.serverGreeting();
				assertThat(greeting[0] & 0xFF).isEqualTo(0xFF);
				assertThat(greeting[9] & 0x01).as("signature octet 9, bit 0").isEqualTo(1);
				assertThat(greeting[10]).as("major").isEqualTo((byte) 3);
				assertThat(greeting[11]).as("minor").isEqualTo((byte) 1);
				assertThat(new String(greeting, 12, 20, StandardCharsets.US_ASCII)).isEqualTo("NULL" + "\0".repeat(16));
			}
			// The READY is read inside handshake(); read it again from a fresh peer to look at its properties.
			try (RawPeer peer = RawPeer.connect(ConformingPeerTests.this.fixture.port(target))) {
				peer.write(ZmtpBytes.greeting());
				peer.readGreeting();
				peer.write(ZmtpBytes.ready(target.peerType()));
				RawPeer.Frame ready = peer.readFrame();
				assertThat(ready.flags()).as("READY flags").isIn(0x04, 0x06);
				assertThat(ready.commandName()).isEqualTo("READY");
				assertThat(properties(ready.commandData())).containsEntry("Socket-Type", target.wireType());
			}
		}

		@ParameterizedTest
		@ValueSource(ints = { 0, 1 })
		void zmtp30And31PeersHandshakeAndAreAnsweredByTheRepServer(int minor) throws Exception {
			try (RawPeer peer = RawPeer.handshake(ConformingPeerTests.this.fixture.port(Target.REP),
					ZmtpBytes.greeting(3, minor, "NULL", false, (byte) 0), "REQ")) {
				for (int i = 0; i < 3; i++) {
					peer.write(ZmtpBytes.message("", "good-minor-" + minor + "-" + i));
					assertThat(peer.readTextMessage()).containsExactly("", "echo good-minor-" + minor + "-" + i);
				}
			}
		}

		@ParameterizedTest
		@ValueSource(ints = { 0, 1 })
		void zmtp30And31PeersHandshakeAndDeliverToThePullReceiver(int minor) throws Exception {
			try (RawPeer peer = RawPeer.handshake(ConformingPeerTests.this.fixture.port(Target.PULL),
					ZmtpBytes.greeting(3, minor, "NULL", false, (byte) 0), "PUSH")) {
				peer.write(ZmtpBytes.message("good-pull-" + minor, "second frame"));
				waitAtMost(HostileFixture.FIVE_SECONDS)
					.until(() -> ConformingPeerTests.this.fixture.handled.contains("good-pull-" + minor));
			}
		}

		@Test
		void aZmtp30SubscriberSubscribesWithADataFrameAndReceives() throws Exception {
			try (RawPeer peer = RawPeer.handshake(ConformingPeerTests.this.fixture.port(Target.PUB),
					ZmtpBytes.greeting(3, 0, "NULL", false, (byte) 0), "SUB")) {
				peer.write(ZmtpBytes.subscribeFrame(ZmtpBytes.utf8("good-30")));
				assertThat(receiveWhilePublishing(peer, "good-30 payload")).containsExactly("good-30 payload");
			}
		}

		@Test
		void aZmtp31SubscriberSubscribesWithACommandAndReceives() throws Exception {
			try (RawPeer peer = RawPeer.handshake(ConformingPeerTests.this.fixture.port(Target.PUB), "SUB")) {
				peer.write(ZmtpBytes.subscribeCommand(ZmtpBytes.utf8("good-31")));
				assertThat(receiveWhilePublishing(peer, "good-31 payload")).containsExactly("good-31 payload");
			}
		}

		@ParameterizedTest
		@EnumSource(Target.class)
		void nonZeroPaddingAndAsServerSetAreAccepted(Target target) throws Exception {
			try (RawPeer peer = RawPeer.handshake(ConformingPeerTests.this.fixture.port(target),
					ZmtpBytes.greeting(3, 1, "NULL", true, (byte) 0x5A), target.peerType())) {
				assertThat(peer.serverGreeting()[10]).isEqualTo((byte) 3);
			}
			ConformingPeerTests.this.fixture.assertServed(target);
		}

		@Test
		void aPeerThatSendsItsWholeHandshakeAndARequestInOneWriteIsAnswered() throws Exception {
			try (RawPeer peer = RawPeer.connect(ConformingPeerTests.this.fixture.port(Target.REP))) {
				peer.write(ZmtpBytes.concat(ZmtpBytes.greeting(), ZmtpBytes.ready("REQ"), ZmtpBytes.message("", "good-eager")));
				peer.readGreeting();
				assertThat(peer.readTextMessage()).containsExactly("", "echo good-eager");
			}
		}

	}

	@Nested
	class Leniency {

		@Test
		void aReadyWithLowerCasePropertyNamesIsAccepted() throws Exception {
			assertReadyAccepted(ZmtpBytes.command("READY", ZmtpBytes.properties("socket-type", "REQ")));
		}

		@Test
		void aReadyWithTheMoreFlagSetIsAcceptedAsLibzmqDoes() throws Exception {
			// RFC 37 allows MORE only on data frames; libzmq ignores it on commands, and so does the engine.
			assertReadyAccepted(ZmtpBytes.frame(ZmtpBytes.COMMAND | ZmtpBytes.MORE,
					ZmtpBytes.commandBody("READY", ZmtpBytes.properties("Socket-Type", "REQ"))));
		}

		@Test
		void aReadyWithoutSocketTypeIsAccepted() throws Exception {
			assertReadyAccepted(ZmtpBytes.command("READY", new byte[0]));
		}

		@Test
		void aReadyWithIdentityAndUserMetadataIsAccepted() throws Exception {
			assertReadyAccepted(ZmtpBytes.command("READY",
					ZmtpBytes.properties("Socket-Type", "REQ", "Identity", "", "X-Custom", "value")));
		}

		@Test
		void longSizesUnder256AndReservedFlagBitsAreAccepted() throws Exception {
			try (RawPeer peer = RawPeer.handshake(ConformingPeerTests.this.fixture.port(Target.REP), "REQ")) {
				byte[] body = ZmtpBytes.utf8("good-long-small");
				// The delimiter as a LONG frame of size 0 with MORE, the body as a LONG frame with a reserved bit set.
				peer.write(ZmtpBytes.longHeader(ZmtpBytes.MORE, 0),
						ZmtpBytes.concat(ZmtpBytes.longHeader(0x10, body.length), body));
				assertThat(peer.readTextMessage()).containsExactly("", "echo good-long-small");
			}
		}

		@Test
		void anUnknownCommandAfterTheHandshakeIsIgnored() throws Exception {
			try (RawPeer peer = RawPeer.handshake(ConformingPeerTests.this.fixture.port(Target.REP), "REQ")) {
				peer.write(ZmtpBytes.command("X-FUTURE", ZmtpBytes.utf8("whatever comes in ZMTP 3.2")),
						ZmtpBytes.message("", "good-after-unknown"));
				assertThat(peer.readTextMessage()).containsExactly("", "echo good-after-unknown");
			}
		}

		private void assertReadyAccepted(byte[] ready) throws Exception {
			try (RawPeer peer = RawPeer.connect(ConformingPeerTests.this.fixture.port(Target.REP))) {
				String address = peer.address();
				peer.write(ZmtpBytes.greeting());
				peer.readGreeting();
				peer.write(ready);
				assertThat(peer.readFrame().commandName()).isEqualTo("READY");
				peer.write(ZmtpBytes.message("", "good-lenient"));
				assertThat(peer.readTextMessage()).containsExactly("", "echo good-lenient");
				assertThat(ConformingPeerTests.this.fixture.reported(Target.REP, SocketEventType.HANDSHAKE_FAILED, address))
					.isZero();
			}
		}

	}

	@Nested
	class Heartbeats {

		@ParameterizedTest
		@ValueSource(ints = { 0, 1, 8, 16 })
		void aPingIsAnsweredWithAPongCarryingTheSameContext(int contextLength) throws Exception {
			byte[] context = new byte[contextLength];
			for (int i = 0; i < contextLength; i++) {
				context[i] = (byte) (0xA0 + i);
			}
			for (Target target : Target.values()) {
				try (RawPeer peer = ConformingPeerTests.this.fixture.handshake(target)) {
					peer.write(ZmtpBytes.ping(100, context));
					RawPeer.Frame pong = peer.readCommand("PONG");
					assertThat(pong.flags() & ZmtpBytes.MORE).isZero();
					assertThat(pong.commandData()).as("PONG context from %s", target).isEqualTo(context);
				}
			}
		}

		@Test
		void aPingFromAZmtp30PeerIsAnsweredToo() throws Exception {
			try (RawPeer peer = RawPeer.handshake(ConformingPeerTests.this.fixture.port(Target.REP),
					ZmtpBytes.greeting(3, 0, "NULL", false, (byte) 0), "REQ")) {
				peer.write(ZmtpBytes.ping(10, ZmtpBytes.utf8("ctx")));
				assertThat(peer.readCommand("PONG").commandData()).isEqualTo(ZmtpBytes.utf8("ctx"));
				peer.write(ZmtpBytes.message("", "good-after-ping"));
				assertThat(peer.readTextMessage()).containsExactly("", "echo good-after-ping");
			}
		}

	}

	private List<String> receiveWhilePublishing(RawPeer peer, String payload) throws Exception {
		return this.fixture.receiveWhilePublishing(peer, payload);
	}

	/** Parses READY metadata into name → value (UTF-8); fails on a malformed property. */
	static Map<String, String> properties(byte[] data) {
		Map<String, String> properties = new LinkedHashMap<>();
		ByteBuffer buffer = ByteBuffer.wrap(data);
		while (buffer.hasRemaining()) {
			byte[] name = new byte[buffer.get() & 0xFF];
			buffer.get(name);
			byte[] value = new byte[buffer.getInt()];
			buffer.get(value);
			properties.put(new String(name, StandardCharsets.US_ASCII), new String(value, StandardCharsets.UTF_8));
		}
		return properties;
	}

}
