package io.github.zmqspring.core.hostile;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketStats;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.Z85;
import io.github.zmqspring.core.ZmqAuthenticator;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.zmtp.mechanism.CurveClientCommands;

import static io.github.zmqspring.core.hostile.ZmtpBytes.concat;
import static io.github.zmqspring.core.hostile.ZmtpBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile peers against a CURVE PULL server of the engine's own ZMTP implementation, in raw octets over plain sockets
 * after a valid CURVE greeting: commands of the wrong size (HELLO of 199 and 201 octets, INITIATE below its minimum,
 * size headers near 2^63 and past the handshake bound), boxes that do not open (HELLO, INITIATE, the vouch, the
 * cookie, MESSAGE), replays (HELLO and INITIATE again, another connection's cookie or handshake, MESSAGE nonces that do
 * not increase), downgrades (NULL and PLAIN greetings, a client claiming to be the server, READY or MESSAGE in place of
 * HELLO and INITIATE), half-open handshakes, and a client whose key the authenticator refuses and who keeps sending.
 * <p>
 * Every case ends the same way: the server closed the offender's connection within 5 s and reported it with its
 * address ({@code HANDSHAKE_FAILED} during the handshake, {@code ENGINE_FAULT} after it, {@code AUTH_FAILED} for a
 * refused key), nothing the offender sent reached the handler, a good CURVE client of the engine is served within
 * 5 s, and nothing was logged at ERROR or with a stack trace. Each case has its own server socket on the shared
 * engine, so cases cannot leak into one another. The server's handshake interval is 30 s unless the case is about
 * expiry (500 ms), so that a refusal is never confused with an expiry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CurveServerHostileTests {

	private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

	private static final Duration LONG_INTERVAL = Duration.ofSeconds(30);

	private static final Duration SHORT_INTERVAL = Duration.ofMillis(500);

	/** The earliest an expiry may come: the interval less a little timer slack. */
	private static final Duration NOT_BEFORE = Duration.ofMillis(400);

	private static final ZmqKeyPair SERVER_KEYS = ZmqSecurity.generateKeyPair();

	private static final ZmqKeyPair CLIENT_KEYS = ZmqSecurity.generateKeyPair();

	/** A well-formed client whose key is not on the authenticator's list. */
	private static final ZmqKeyPair STRANGER_KEYS = ZmqSecurity.generateKeyPair();

	/** The largest command a CURVE server takes in its handshake: INITIATE with 64 KiB of metadata. */
	private static final long HANDSHAKE_BOUND = CurveClientCommands.INITIATE_MIN_SIZE + 64 * 1024;

	private final Queue<SocketEvent> events = new ConcurrentLinkedQueue<>();

	private final LogCapture logs = LogCapture.onRoot();

	private final ZmqEngine engine = ZmqEngine.builder()
		.name("curve-server-hostile")
		.eventListener(this.events::add)
		.authenticator(ZmqAuthenticator.builder().allowCurveKeys(CLIENT_KEYS.publicKey()).build())
		.build();

	private final AtomicInteger sequence = new AtomicInteger();

	@AfterEach
	void nothingLoggedAsAnError() {
		this.logs.assertNoErrorOrStackTrace();
	}

	@AfterAll
	void closeEngine() {
		try {
			assertThat(CompletableFuture.runAsync(this.engine::close)).succeedsWithin(Duration.ofSeconds(10));
			this.logs.assertNoErrorOrStackTrace();
		}
		finally {
			this.logs.detach();
		}
	}

	// ---- the cases -------------------------------------------------------------------------------------------------

	/** What an offender does on its connection (and on accomplice connections it opens). */
	@FunctionalInterface
	interface Offence {

		void commit(Attack attack) throws Exception;

	}

	/**
	 * One hostile case.
	 * @param name what the offender does
	 * @param reported the event the server must report for the offender's address
	 * @param delivered what the handler may get from the offender (its legitimate messages before the offence)
	 * @param offence the offender's octets
	 */
	record Case(String name, SocketEventType reported, List<String> delivered, Offence offence) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	private static Case droppedInHandshake(String name, Offence offence) {
		return new Case(name, SocketEventType.HANDSHAKE_FAILED, List.of(), offence);
	}

	private static Case droppedAfterHandshake(String name, List<String> delivered, Offence offence) {
		return new Case(name, SocketEventType.ENGINE_FAULT, delivered, offence);
	}

	static Stream<Case> sizes() {
		return Stream.of(
				droppedInHandshake("a HELLO of 199 octets", (attack) -> {
					attack.greet().writeAfterOffence(command(Arrays.copyOf(attack.client().hello(), 199)), offenderMessage());
				}),
				droppedInHandshake("a HELLO of 201 octets", (attack) -> {
					attack.greet().writeAfterOffence(command(concat(attack.client().hello(), new byte[1])), offenderMessage());
				}),
				droppedInHandshake("a HELLO with no data", (attack) -> {
					attack.greet().writeAfterOffence(command(ZmtpBytes.commandBody("HELLO", new byte[0])));
				}),
				droppedInHandshake("a HELLO of 65,000 octets", (attack) -> {
					attack.greet().writeAfterOffence(command(ZmtpBytes.commandBody("HELLO", new byte[64_994])));
				}),
				droppedInHandshake("an INITIATE of 256 octets, one short of its minimum", (attack) -> {
					CurveClientCommands client = attack.welcomed();
					attack.offender().writeAfterOffence(command(Arrays.copyOf(client.initiate().metadata(pushMetadata())
						.build(), CurveClientCommands.INITIATE_MIN_SIZE - 1)), offenderMessage());
				}),
				droppedInHandshake("an INITIATE with no data", (attack) -> {
					attack.welcomed();
					attack.offender().writeAfterOffence(command(ZmtpBytes.commandBody("INITIATE", new byte[0])));
				}),
				droppedInHandshake("an INITIATE whose metadata is one octet past the 64 KiB limit", (attack) -> {
					CurveClientCommands client = attack.welcomed();
					byte[] metadata = concat(pushMetadata(),
							ZmtpBytes.property("X-Padding", new byte[64 * 1024 + 1 - pushMetadata().length - 14]));
					attack.offender().writeAfterOffence(command(client.initiate().metadata(metadata).build()),
							offenderMessage());
				}),
				droppedInHandshake("a header announcing a command one octet past the handshake bound, and no body", (attack) -> {
					attack.welcomed();
					attack.offender().writeAfterOffence(ZmtpBytes.longHeader(ZmtpBytes.COMMAND, HANDSHAKE_BOUND + 1));
				}),
				droppedInHandshake("a command header of 2^63 - 1 octets after the greeting", (attack) -> {
					attack.greet().writeAfterOffence(ZmtpBytes.longHeader(ZmtpBytes.COMMAND, Long.MAX_VALUE));
				}),
				droppedInHandshake("a command header of 2^63 octets after the greeting", (attack) -> {
					attack.greet().writeAfterOffence(ZmtpBytes.longHeader(ZmtpBytes.COMMAND, Long.MIN_VALUE));
				}),
				droppedInHandshake("a command header of 2^64 - 1 octets in place of INITIATE", (attack) -> {
					attack.welcomed();
					attack.offender().writeAfterOffence(ZmtpBytes.longHeader(ZmtpBytes.COMMAND, -1L));
				}),
				droppedInHandshake("a data frame header of 4 MiB during the handshake, then 1 MiB of its body", (attack) -> {
					attack.greet().writeAfterOffence(ZmtpBytes.longHeader(0, 4L * 1024 * 1024));
					attack.offender().writeAfterOffence(new byte[1024 * 1024]);
				}),
				droppedInHandshake("a data frame header of 2^63 - 1 octets during the handshake", (attack) -> {
					attack.greet().writeAfterOffence(ZmtpBytes.longHeader(0, Long.MAX_VALUE));
				}),
				droppedAfterHandshake("a MESSAGE one octet shorter than an empty one", List.of(), (attack) -> {
					CurveClientCommands client = attack.handshaken();
					attack.offender().writeAfterOffence(data(Arrays.copyOf(client.message(3, 0, new byte[0]), 32)));
				}),
				droppedAfterHandshake("a MESSAGE header one octet past the maximum message size", List.of(), (attack) -> {
					attack.handshaken();
					attack.offender().writeAfterOffence(
							ZmtpBytes.longHeader(0, ZmqSocketSpec.DEFAULT_MAX_MESSAGE_SIZE + 33 + 1));
				}),
				droppedAfterHandshake("a command header of 2^63 - 1 octets after the handshake", List.of(), (attack) -> {
					attack.handshaken();
					attack.offender().writeAfterOffence(ZmtpBytes.longHeader(ZmtpBytes.COMMAND, Long.MAX_VALUE));
				}));
	}

	static Stream<Case> boxes() {
		return Stream.of(
				droppedInHandshake("a HELLO whose box has a bad MAC", (attack) -> {
					attack.greet().writeAfterOffence(command(CurveClientCommands.flip(attack.client().hello(), 130)));
				}),
				droppedInHandshake("a HELLO sealed for another server key", (attack) -> {
					CurveClientCommands client = attack.client();
					attack.greet().writeAfterOffence(command(client.hello(1, client.shortPublicKey(), randomPublicKey())));
				}),
				droppedInHandshake("a HELLO presenting a low-order short-term key", (attack) -> {
					attack.greet().writeAfterOffence(command(attack.client().hello(1, CurveClientCommands.LOW_ORDER_KEY,
							Z85.decode(SERVER_KEYS.publicKey()))));
				}),
				droppedInHandshake("a HELLO of version 2.0", (attack) -> {
					byte[] hello = attack.client().hello();
					hello[6] = 2;
					attack.greet().writeAfterOffence(command(hello));
				}),
				droppedInHandshake("an INITIATE whose box has a bad MAC", (attack) -> {
					CurveClientCommands client = attack.welcomed();
					attack.offender().writeAfterOffence(command(client.initiate().metadata(pushMetadata()).corruptBox()
						.build()), offenderMessage());
				}),
				droppedInHandshake("an INITIATE whose cookie was tampered with", (attack) -> {
					CurveClientCommands client = attack.welcomed();
					attack.offender().writeAfterOffence(command(client.initiate().metadata(pushMetadata())
						.cookie(CurveClientCommands.flip(client.cookie(), 40)).build()), offenderMessage());
				}),
				droppedInHandshake("an INITIATE whose vouch has a bad MAC", (attack) -> {
					CurveClientCommands client = attack.welcomed();
					attack.offender().writeAfterOffence(command(client.initiate().metadata(pushMetadata()).corruptVouch()
						.build()), offenderMessage());
				}),
				droppedInHandshake("an INITIATE whose vouch names another short-term key", (attack) -> {
					CurveClientCommands client = attack.welcomed();
					attack.offender().writeAfterOffence(command(client.initiate().metadata(pushMetadata())
						.vouchFor(randomPublicKey()).build()), offenderMessage());
				}),
				droppedInHandshake("an INITIATE presenting an allowed key it cannot vouch for", (attack) -> {
					// The stranger presents the allowed client's public key, but only holds its own secret key.
					CurveClientCommands stranger = attack.welcomed(STRANGER_KEYS);
					attack.offender().writeAfterOffence(command(stranger.initiate().metadata(pushMetadata())
						.presentedKey(Z85.decode(CLIENT_KEYS.publicKey())).build()), offenderMessage());
				}),
				droppedInHandshake("an INITIATE presenting a low-order permanent key", (attack) -> {
					CurveClientCommands client = attack.welcomed();
					attack.offender().writeAfterOffence(command(client.initiate().metadata(pushMetadata())
						.presentedKey(CurveClientCommands.LOW_ORDER_KEY).build()), offenderMessage());
				}),
				droppedInHandshake("an INITIATE whose metadata is malformed", (attack) -> {
					CurveClientCommands client = attack.welcomed();
					attack.offender().writeAfterOffence(command(client.initiate()
						.metadata(concat(new byte[] { 11 }, ZmtpBytes.ascii("Socket"))).build()), offenderMessage());
				}),
				droppedInHandshake("an INITIATE from an incompatible socket type (PUB)", (attack) -> {
					CurveClientCommands client = attack.welcomed();
					attack.offender().writeAfterOffence(command(client.initiate()
						.metadata(ZmtpBytes.properties("Socket-Type", "PUB")).build()), offenderMessage());
				}),
				droppedAfterHandshake("a MESSAGE whose box has a bad MAC", List.of(), (attack) -> {
					CurveClientCommands client = attack.handshaken();
					attack.offender().writeAfterOffence(data(CurveClientCommands.flip(client.message(3, 0,
							utf8("offender")), 30)));
				}),
				droppedAfterHandshake("a plaintext data frame after the handshake", List.of(), (attack) -> {
					attack.handshaken();
					attack.offender().writeAfterOffence(offenderMessage());
				}),
				droppedAfterHandshake("a MESSAGE whose box carries a malformed command", List.of(), (attack) -> {
					CurveClientCommands client = attack.handshaken();
					attack.offender().writeAfterOffence(data(client.message(3, 0x02, new byte[] { 9, 'P' })),
							data(client.message(4, 0, utf8("offender"))));
				}));
	}

	static Stream<Case> replays() {
		return Stream.of(
				droppedInHandshake("a HELLO replayed on the same connection", (attack) -> {
					CurveClientCommands client = attack.welcomed();
					attack.offender().writeAfterOffence(command(client.hello()));
				}),
				droppedAfterHandshake("an INITIATE replayed after the server's READY", List.of(), (attack) -> {
					CurveClientCommands client = attack.welcomed();
					byte[] initiate = client.initiate().metadata(pushMetadata()).build();
					attack.offender().write(command(initiate));
					client.ready(attack.offender().readCommand("READY").body());
					attack.offender().writeAfterOffence(command(initiate), data(client.message(3, 0, utf8("offender"))));
				}),
				droppedInHandshake("an INITIATE whose short nonce equals HELLO's", (attack) -> {
					CurveClientCommands client = attack.client();
					attack.welcomed(client, client.hello(5));
					attack.offender().writeAfterOffence(command(client.initiate().nonce(5).metadata(pushMetadata())
						.build()), offenderMessage());
				}),
				droppedInHandshake("a cookie from another connection", (attack) -> {
					RawPeer other = attack.accomplice();
					CurveClientCommands otherClient = attack.client();
					attack.welcomed(other, otherClient, otherClient.hello());
					CurveClientCommands client = attack.welcomed();
					attack.offender().writeAfterOffence(command(client.initiate().metadata(pushMetadata())
						.cookie(otherClient.cookie()).build()), offenderMessage());
				}),
				droppedInHandshake("a finished connection's HELLO and INITIATE replayed on a new connection", (attack) -> {
					RawPeer captured = attack.accomplice();
					CurveClientCommands original = attack.client();
					byte[] hello = original.hello();
					attack.welcomed(captured, original, hello);
					byte[] initiate = original.initiate().metadata(pushMetadata()).build();
					captured.write(command(initiate));
					original.ready(captured.readCommand("READY").body());
					attack.greet().write(command(hello));
					assertThat(attack.offender().readCommand("WELCOME").body()).hasSize(168);
					attack.offender().writeAfterOffence(command(initiate), data(original.message(3, 0, utf8("offender"))));
				}),
				droppedAfterHandshake("a MESSAGE replayed with the same short nonce", List.of("original"), (attack) -> {
					CurveClientCommands client = attack.handshaken();
					byte[] box = data(client.message(3, 0, utf8("original")));
					attack.offender().write(box);
					attack.awaitDelivered("original");
					attack.offender().writeAfterOffence(box, data(client.message(4, 0, utf8("offender"))));
				}),
				droppedAfterHandshake("a MESSAGE whose short nonce is lower than the last", List.of("original"), (attack) -> {
					CurveClientCommands client = attack.handshaken();
					attack.offender().write(data(client.message(10, 0, utf8("original"))));
					attack.awaitDelivered("original");
					attack.offender().writeAfterOffence(data(client.message(9, 0, utf8("offender"))));
				}),
				droppedAfterHandshake("a first MESSAGE whose short nonce equals INITIATE's", List.of(), (attack) -> {
					CurveClientCommands client = attack.handshaken();
					attack.offender().writeAfterOffence(data(client.message(2, 0, utf8("offender"))));
				}));
	}

	static Stream<Case> downgrades() {
		return Stream.of(
				droppedInHandshake("a NULL greeting, READY and a message", (attack) -> {
					attack.offender().writeAfterOffence(ZmtpBytes.greeting(), ZmtpBytes.ready("PUSH"), offenderMessage());
				}),
				droppedInHandshake("a PLAIN greeting, HELLO and a message", (attack) -> {
					attack.offender().writeAfterOffence(ZmtpBytes.greeting(3, 1, "PLAIN", false, (byte) 0),
							ZmtpBytes.command("HELLO", concat(new byte[] { 4 }, utf8("user"), new byte[] { 4 }, utf8("pass"))),
							ZmtpBytes.command("INITIATE", ZmtpBytes.properties("Socket-Type", "PUSH")), offenderMessage());
				}),
				droppedInHandshake("a CURVE greeting of ZMTP 2.0", (attack) -> {
					attack.offender().writeAfterOffence(ZmtpBytes.greeting(2, 0, "CURVE", false, (byte) 0),
							command(attack.client().hello()));
				}),
				droppedInHandshake("a greeting with as-server set, then a WELCOME as if the client were the server", (attack) -> {
					attack.offender().write(ZmtpBytes.greeting(3, 1, "CURVE", true, (byte) 0));
					attack.offender().readGreeting();
					attack.offender().writeAfterOffence(command(ZmtpBytes.commandBody("WELCOME", random(160))));
				}),
				droppedInHandshake("READY instead of HELLO", (attack) -> {
					attack.greet().writeAfterOffence(ZmtpBytes.ready("PUSH"), offenderMessage());
				}),
				droppedInHandshake("READY instead of INITIATE", (attack) -> {
					attack.welcomed();
					attack.offender().writeAfterOffence(ZmtpBytes.ready("PUSH"), offenderMessage());
				}),
				droppedInHandshake("a plaintext data frame instead of HELLO", (attack) -> {
					attack.greet().writeAfterOffence(offenderMessage());
				}),
				droppedInHandshake("a MESSAGE command before INITIATE", (attack) -> {
					CurveClientCommands client = attack.welcomed();
					attack.offender().writeAfterOffence(command(client.message(2, 0, utf8("offender"))));
				}),
				droppedInHandshake("a MESSAGE data frame before INITIATE", (attack) -> {
					CurveClientCommands client = attack.welcomed();
					attack.offender().writeAfterOffence(data(client.message(2, 0, utf8("offender"))));
				}));
	}

	static Stream<Case> offences() {
		return Stream.of(sizes(), boxes(), replays(), downgrades()).flatMap((cases) -> cases);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("offences")
	void theOffenderIsDroppedAndReportedAndAGoodClientIsServed(Case offence) throws Exception {
		try (Server server = server(LONG_INTERVAL, ZmqSocketSpec.DEFAULT_MAX_PENDING_HANDSHAKES);
				Attack attack = new Attack(server)) {
			long before = offence.reported() == SocketEventType.ENGINE_FAULT ? server.count(SocketStats::engineFaults)
					: server.count(SocketStats::handshakeFailures);
			offence.offence().commit(attack);
			assertDroppedAndReported(server, attack.offender(), offence.reported());
			assertThat(offence.reported() == SocketEventType.ENGINE_FAULT ? server.count(SocketStats::engineFaults)
					: server.count(SocketStats::handshakeFailures)).as("counted").isGreaterThan(before);
			assertGoodClientServed(server, offence.delivered());
		}
	}

	// ---- a refused key ---------------------------------------------------------------------------------------------

	@Test
	void aClientWhoseKeyIsRefusedGetsAnErrorAndIsDroppedWhileItKeepsSending() throws Exception {
		try (Server server = server(LONG_INTERVAL, ZmqSocketSpec.DEFAULT_MAX_PENDING_HANDSHAKES);
				Attack attack = new Attack(server)) {
			CurveClientCommands stranger = attack.welcomed(STRANGER_KEYS);
			RawPeer offender = attack.offender();
			offender.write(command(stranger.initiate().metadata(pushMetadata()).build()));
			RawPeer.Frame error = offender.readFrame();
			assertThat(error.commandName()).isEqualTo("ERROR");
			assertThat(error.commandData()).isEqualTo(concat(new byte[] { 3 }, utf8("400")));
			// It goes on as if it had been admitted: MESSAGE boxes under the key of its INITIATE, as fast as it can.
			AtomicLong nonce = new AtomicLong(2);
			long written = offender.writeUntilClosed(
					() -> data(stranger.message(nonce.incrementAndGet(), 0, utf8("offender"))), 64L << 20, FIVE_SECONDS);
			assertThat(written).as("octets written before a write failed (-1: the connection stayed open)")
				.isNotNegative();
			assertDroppedAndReported(server, offender, SocketEventType.AUTH_FAILED);
			assertThat(server.count(SocketStats::authFailures)).isPositive();
			assertGoodClientServed(server, List.of());
		}
	}

	@Test
	void aClientWhoseKeyIsRefusedIsDroppedWithTheMessagesItSentBehindItsInitiate() throws Exception {
		try (Server server = server(LONG_INTERVAL, ZmqSocketSpec.DEFAULT_MAX_PENDING_HANDSHAKES);
				Attack attack = new Attack(server)) {
			CurveClientCommands stranger = attack.welcomed(STRANGER_KEYS);
			List<byte[]> octets = new ArrayList<>();
			octets.add(command(stranger.initiate().metadata(pushMetadata()).build()));
			for (int nonce = 3; nonce < 23; nonce++) {
				octets.add(data(stranger.message(nonce, 0, utf8("offender-" + nonce))));
			}
			// One write: the messages are in the server's read buffer when it decides about the key.
			attack.offender().writeAfterOffence(concat(octets.toArray(byte[][]::new)));
			assertDroppedAndReported(server, attack.offender(), SocketEventType.AUTH_FAILED);
			assertGoodClientServed(server, List.of());
		}
	}

	// ---- half-open handshakes --------------------------------------------------------------------------------------

	static Stream<Case> stalls() {
		return Stream.of(
				droppedInHandshake("TCP connect only", (attack) -> {
				}),
				droppedInHandshake("the greeting and nothing more", Attack::greet),
				droppedInHandshake("the greeting and half a HELLO", (attack) -> {
					attack.greet().write(Arrays.copyOf(command(attack.client().hello()), 100));
				}),
				droppedInHandshake("HELLO, then silence after WELCOME", Attack::welcomed),
				droppedInHandshake("a greeting with as-server set, then silence", (attack) -> {
					attack.offender().write(ZmtpBytes.greeting(3, 1, "CURVE", true, (byte) 0));
					attack.offender().readGreeting();
				}),
				droppedInHandshake("HELLO, then half an INITIATE", (attack) -> {
					CurveClientCommands client = attack.welcomed();
					attack.offender().write(Arrays.copyOf(command(client.initiate().metadata(pushMetadata()).build()), 120));
				}),
				droppedInHandshake("an INITIATE sent after the handshake interval (an expired cookie)", (attack) -> {
					CurveClientCommands client = attack.welcomed();
					assertThat(attack.offender().closedByServerWithin(FIVE_SECONDS)).as("expired").isTrue();
					attack.offender().writeAfterOffence(command(client.initiate().metadata(pushMetadata()).build()),
							data(client.message(3, 0, utf8("offender"))));
				}));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("stalls")
	void aStalledHandshakeExpiresAfterTheIntervalAndIsReported(Case stall) throws Exception {
		try (Server server = server(SHORT_INTERVAL, ZmqSocketSpec.DEFAULT_MAX_PENDING_HANDSHAKES);
				Attack attack = new Attack(server)) {
			long start = System.nanoTime();
			stall.offence().commit(attack);
			assertDroppedAndReported(server, attack.offender(), SocketEventType.HANDSHAKE_FAILED);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to expiry").isGreaterThanOrEqualTo(NOT_BEFORE);
			assertGoodClientServed(server, List.of());
		}
	}

	@Test
	void fiftyHalfOpenHandshakesDoNotDelayAGoodClientAndAllExpire() throws Exception {
		try (Server server = server(SHORT_INTERVAL, ZmqSocketSpec.DEFAULT_MAX_PENDING_HANDSHAKES);
				Attack attack = new Attack(server)) {
			List<RawPeer> stalled = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				RawPeer peer = attack.accomplice();
				stalled.add(peer);
				peer.write(curveGreeting(), (i % 2 == 0) ? command(attack.client().hello()) : new byte[0]);
			}
			assertGoodClientServed(server, List.of());
			for (RawPeer peer : stalled) {
				assertThat(peer.closedByServerWithin(FIVE_SECONDS)).as("%s expired", peer.address()).isTrue();
				awaitReported(server, SocketEventType.HANDSHAKE_FAILED, peer.address());
			}
			assertGoodClientServed(server, List.of());
		}
	}

	@Test
	void pastMaxPendingHandshakesTheMostStalledHalfOpenOnesAreDroppedAndAGoodClientIsServed() throws Exception {
		int maxPending = 8;
		int halfOpen = 40;
		try (Server server = server(LONG_INTERVAL, maxPending); Attack attack = new Attack(server)) {
			List<RawPeer> stalled = new ArrayList<>();
			for (int i = 0; i < halfOpen; i++) {
				RawPeer peer = attack.accomplice();
				stalled.add(peer);
				peer.write(curveGreeting(), command(attack.client().hello()));
			}
			// Past the limit each newcomer (it sent its greeting and HELLO) waits until a handshake made no progress for
			// the grace (a second), then takes its slot: maxPending of them a second, until exactly
			// halfOpen - maxPending were dropped, each closed and reported once.
			HostileFixture.waitAtMost(Duration.ofSeconds(30))
				.alias("handshake failures of " + server.socket().name())
				.until(() -> stalled.stream()
					.filter((peer) -> reported(server, SocketEventType.HANDSHAKE_FAILED, peer.address()) > 0)
					.count() == halfOpen - maxPending);
			List<RawPeer> dropped = stalled.stream()
				.filter((peer) -> reported(server, SocketEventType.HANDSHAKE_FAILED, peer.address()) > 0)
				.toList();
			assertThat(dropped).hasSize(halfOpen - maxPending);
			for (RawPeer peer : dropped) {
				assertThat(peer.closedByServerWithin(FIVE_SECONDS)).as("%s dropped", peer.address()).isTrue();
				assertThat(reported(server, SocketEventType.HANDSHAKE_FAILED, peer.address())).isOne();
			}
			assertGoodClientServed(server, List.of());
		}
	}

	// ---- the fixture -----------------------------------------------------------------------------------------------

	/** A CURVE PULL server of its own, everything its handler got, and what good clients sent it. */
	private record Server(ZmqSocket socket, Queue<String> received, List<String> served) implements AutoCloseable {

		int port() {
			return this.socket.boundPort();
		}

		long count(ToLongFunction<SocketStats> counter) {
			return counter.applyAsLong(this.socket.stats());
		}

		@Override
		public void close() {
			this.socket.close();
		}

	}

	private Server server(Duration handshakeInterval, int maxPendingHandshakes) {
		Queue<String> received = new ConcurrentLinkedQueue<>();
		ZmqSocket socket = this.engine.open(ZmqSocketSpec.builder("curve-pull-" + this.sequence.incrementAndGet(),
				SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.security(ZmqSecurity.curveServer(SERVER_KEYS))
			.handshakeInterval(handshakeInterval)
			.maxPendingHandshakes(maxPendingHandshakes)
			.build(), (message) -> received.add(message.frameAsString(0)));
		return new Server(socket, received, new ArrayList<>());
	}

	/** The offender's connection, the accomplice connections it opens, and the steps of a CURVE client. */
	static final class Attack implements AutoCloseable {

		private final Server server;

		private final RawPeer offender;

		private final List<RawPeer> accomplices = new ArrayList<>();

		Attack(Server server) throws Exception {
			this.server = server;
			this.offender = RawPeer.connect(server.port());
		}

		RawPeer offender() {
			return this.offender;
		}

		/** Another connection to the same server. */
		RawPeer accomplice() throws Exception {
			RawPeer peer = RawPeer.connect(this.server.port());
			this.accomplices.add(peer);
			return peer;
		}

		/** A fresh CURVE client with the allowed key. */
		CurveClientCommands client() {
			return new CurveClientCommands(CLIENT_KEYS, SERVER_KEYS.publicKey());
		}

		/** The offender sends a valid CURVE client greeting and reads the server's. */
		RawPeer greet() throws Exception {
			return greet(this.offender);
		}

		static RawPeer greet(RawPeer peer) throws Exception {
			peer.write(curveGreeting());
			byte[] greeting = peer.readGreeting();
			assertThat(new String(greeting, 12, 5, StandardCharsets.US_ASCII)).isEqualTo("CURVE");
			return peer;
		}

		/** The offender greets and sends a valid HELLO with the allowed key; the server's WELCOME has opened. */
		CurveClientCommands welcomed() throws Exception {
			CurveClientCommands client = client();
			welcomed(this.offender, client, client.hello());
			return client;
		}

		/** As {@link #welcomed()}, with other permanent keys. */
		CurveClientCommands welcomed(ZmqKeyPair keys) throws Exception {
			CurveClientCommands client = new CurveClientCommands(keys, SERVER_KEYS.publicKey());
			welcomed(this.offender, client, client.hello());
			return client;
		}

		void welcomed(CurveClientCommands client, byte[] hello) throws Exception {
			welcomed(this.offender, client, hello);
		}

		void welcomed(RawPeer peer, CurveClientCommands client, byte[] hello) throws Exception {
			greet(peer).write(command(hello));
			client.welcome(peer.readCommand("WELCOME").body());
		}

		/** The offender completes a valid handshake as a PUSH with the allowed key; the server's READY has opened. */
		CurveClientCommands handshaken() throws Exception {
			CurveClientCommands client = welcomed();
			this.offender.write(command(client.initiate().metadata(pushMetadata()).build()));
			assertThat(client.ready(this.offender.readCommand("READY").body()).get("Socket-Type"))
				.isEqualTo(utf8("PULL"));
			return client;
		}

		/** Waits until the offender's legitimate message reached the handler. */
		void awaitDelivered(String body) {
			HostileFixture.waitAtMost(FIVE_SECONDS).until(() -> this.server.received().contains(body));
		}

		@Override
		public void close() {
			this.offender.close();
			this.accomplices.forEach(RawPeer::close);
		}

	}

	/**
	 * The server closed the offender's connection within 5 s, reported it once with the offender's address (a refused
	 * key as {@code AUTH_FAILED} with the peer's IP, as ZAP names peers, and its {@code DISCONNECTED} with the whole
	 * address), and the handler got nothing of it.
	 */
	private void assertDroppedAndReported(Server server, RawPeer offender, SocketEventType type) throws Exception {
		String address = offender.address();
		assertThat(offender.closedByServerWithin(FIVE_SECONDS)).as("the server closed the offender's connection").isTrue();
		if (type == SocketEventType.AUTH_FAILED) {
			awaitReported(server, SocketEventType.AUTH_FAILED, "127.0.0.1");
			awaitReported(server, SocketEventType.DISCONNECTED, address);
			assertThat(this.events.stream()
				.filter((event) -> event.type() == type && event.socketName().equals(server.socket().name()))
				.count()).as("AUTH_FAILED events").isEqualTo(1);
		}
		else {
			awaitReported(server, type, address);
			assertThat(reported(server, type, address)).as("%s events for %s", type, address).isEqualTo(1);
		}
		assertThat(reported(server, SocketEventType.HANDSHAKE_SUCCEEDED, address) > 0)
			.as("the offender's handshake succeeded").isEqualTo(type == SocketEventType.ENGINE_FAULT);
	}

	private void awaitReported(Server server, SocketEventType type, String address) {
		HostileFixture.waitAtMost(FIVE_SECONDS)
			.alias(type + " from " + server.socket().name() + " for " + address)
			.until(() -> reported(server, type, address) > 0);
	}

	private long reported(Server server, SocketEventType type, String address) {
		String name = server.socket().name();
		return this.events.stream()
			.filter((event) -> event.type() == type && event.socketName().equals(name) && event.endpoint().equals(address))
			.count();
	}

	/**
	 * A good CURVE client of the engine (a PUSH with the allowed key) gets a message through within 5 s, and the
	 * handler got nothing else than the offender's legitimate messages and those of good clients.
	 */
	private void assertGoodClientServed(Server server, List<String> legitimate) {
		String body = "good-" + this.sequence.incrementAndGet();
		long start = System.nanoTime();
		try (ZmqSocket client = this.engine.open(ZmqSocketSpec.builder(body, SocketType.PUSH)
			.connect("tcp://127.0.0.1:" + server.port())
			.security(ZmqSecurity.curveClient(CLIENT_KEYS, SERVER_KEYS.publicKey()))
			.linger(Duration.ofSeconds(1))
			.build())) {
			client.send(ZmqMessage.of(body));
			HostileFixture.waitAtMost(FIVE_SECONDS).alias(body + " delivered").until(() -> server.received().contains(body));
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FIVE_SECONDS);
		server.served().add(body);
		List<String> expected = new ArrayList<>(legitimate);
		expected.addAll(server.served());
		assertThat(server.received()).as("what the handler got").containsExactlyElementsOf(expected);
	}

	// ---- octets ----------------------------------------------------------------------------------------------------

	static byte[] curveGreeting() {
		return ZmtpBytes.greeting(3, 1, "CURVE", false, (byte) 0);
	}

	static byte[] command(byte[] body) {
		return ZmtpBytes.frame(ZmtpBytes.COMMAND, body);
	}

	/** A data frame, as libzmq sends MESSAGE. */
	static byte[] data(byte[] body) {
		return ZmtpBytes.frame(0, body);
	}

	static byte[] offenderMessage() {
		return ZmtpBytes.message("offender");
	}

	static byte[] pushMetadata() {
		return ZmtpBytes.properties("Socket-Type", "PUSH");
	}

	static byte[] randomPublicKey() {
		return Z85.decode(ZmqSecurity.generateKeyPair().publicKey());
	}

	static byte[] random(int length) {
		byte[] bytes = new byte[length];
		new Random(length).nextBytes(bytes);
		return bytes;
	}

	// ---- logs ------------------------------------------------------------------------------------------------------

	/** Every event logged at WARN or above (the test configuration's root level), from any thread. */
	static final class LogCapture extends AppenderBase<ILoggingEvent> {

		private final Queue<ILoggingEvent> captured = new ConcurrentLinkedQueue<>();

		private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

		static LogCapture onRoot() {
			LogCapture capture = new LogCapture();
			capture.setContext(capture.root.getLoggerContext());
			capture.setName("curve-server-hostile");
			capture.start();
			capture.root.addAppender(capture);
			return capture;
		}

		@Override
		protected void append(ILoggingEvent event) {
			this.captured.add(event);
		}

		void assertNoErrorOrStackTrace() {
			List<String> bad = this.captured.stream()
				.filter((event) -> event.getLevel().isGreaterOrEqual(Level.ERROR) || event.getThrowableProxy() != null)
				.map((event) -> event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage()
						+ ((event.getThrowableProxy() != null) ? " [" + event.getThrowableProxy().getClassName() + ": "
								+ event.getThrowableProxy().getMessage() + "]" : ""))
				.toList();
			assertThat(bad).as("events logged at ERROR or with a stack trace").isEmpty();
		}

		void detach() {
			this.root.detachAppender(this);
			stop();
		}

	}

}
