package io.github.zmqspring.core.hostile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketStats;
import io.github.zmqspring.core.hostile.HostileFixture.Target;

import static io.github.zmqspring.core.hostile.ZmtpBytes.concat;
import static io.github.zmqspring.core.hostile.ZmtpBytes.greeting;
import static io.github.zmqspring.core.hostile.ZmtpBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Garbage before the greeting, instead of it and after it (broken READY commands, unknown commands, bad metadata
 * lengths, incompatible socket types), wrong mechanisms against a NULL socket, and ZMTP 1.0 and 2.0 downgrades,
 * against the REP server, the PULL receiver and the PUB: each offender is refused, its connection closed and reported
 * as {@code HANDSHAKE_FAILED} with its address, nothing it sent is ever delivered, and the same socket serves a good
 * peer within 5 s. The attacked sockets' handshake interval is 30 s, so a refusal cannot pass for an expiry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HandshakeGarbageTests {

	private final HostileFixture fixture = new HostileFixture("handshake-garbage");

	@BeforeEach
	void startCase() {
		this.fixture.startCase();
	}

	@AfterAll
	void closeEngine() {
		this.fixture.close();
	}

	/** What an offender sends, given the socket type a compatible peer would declare. */
	record Garbage(String name, Function<String, byte[]> bytes) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	/** The offender's traffic after its garbage: it must never reach a handler. */
	private static byte[] offenderMessage() {
		return ZmtpBytes.message("", "offender");
	}

	private static byte[] greetingThen(byte[]... commands) {
		return concat(greeting(), concat(commands), offenderMessage());
	}

	private static byte[] readyWith(byte[] properties) {
		return ZmtpBytes.command("READY", properties);
	}

	private static byte[] socketTypeName() {
		return concat(new byte[] { 11 }, ZmtpBytes.ascii("Socket-Type"));
	}

	private static byte[] random(int seed, int length) {
		byte[] bytes = new byte[length];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	static Stream<Garbage> garbage() {
		List<Garbage> cases = new ArrayList<>();
		// Before or instead of the greeting.
		for (int seed = 1; seed <= 3; seed++) {
			int s = seed;
			cases.add(new Garbage("random octets before a valid greeting (seed " + s + ")", (type) -> {
				byte[] noise = random(s, 37);
				noise[0] = 0x42;
				return concat(noise, greeting(), ZmtpBytes.ready(type), offenderMessage());
			}));
			cases.add(new Garbage("random octets behind a valid signature (seed " + s + ")",
					(type) -> concat(new byte[] { (byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0x7F }, random(s, 54),
							ZmtpBytes.ready(type), offenderMessage())));
		}
		cases.add(new Garbage("an HTTP request", (type) -> utf8("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")));
		cases.add(new Garbage("a TLS ClientHello", (type) -> concat(new byte[] { 0x16, 0x03, 0x01, 0x00, (byte) 0xA5, 0x01 },
				random(7, 58))));
		cases.add(new Garbage("64 zero octets", (type) -> new byte[64]));
		cases.add(new Garbage("the version followed by garbage in place of the mechanism",
				(type) -> concat(java.util.Arrays.copyOf(greeting(), 12), utf8("NOT-A-MECHANISM-AT-ALL"), new byte[30],
						ZmtpBytes.ready(type), offenderMessage())));
		// After the greeting: broken READY and other commands.
		cases.add(new Garbage("a READY whose name length runs past the frame",
				(type) -> greetingThen(concat(new byte[] { 0x04, 0x06, 0x0A }, ZmtpBytes.ascii("READY")))));
		cases.add(new Garbage("a READY cut to READ", (type) -> greetingThen(ZmtpBytes.command("READ", new byte[0]))));
		cases.add(new Garbage("a command with an empty body", (type) -> greetingThen(new byte[] { 0x04, 0x00 })));
		cases.add(new Garbage("an unknown command instead of READY",
				(type) -> greetingThen(ZmtpBytes.command("FOOBAR", ZmtpBytes.properties("Socket-Type", type)))));
		cases.add(new Garbage("a HELLO under NULL", (type) -> greetingThen(ZmtpBytes.command("HELLO", new byte[] { 0, 0 }))));
		cases.add(new Garbage("an ERROR instead of READY",
				(type) -> greetingThen(ZmtpBytes.command("ERROR", concat(new byte[] { 3 }, utf8("bad"))))));
		cases.add(new Garbage("a data frame instead of READY", (type) -> greetingThen(ZmtpBytes.message("offender"))));
		cases.add(new Garbage("a READY whose property name runs past the end",
				(type) -> greetingThen(readyWith(concat(new byte[] { 11 }, ZmtpBytes.ascii("Socket-T"))))));
		cases.add(new Garbage("a READY whose value length is cut short",
				(type) -> greetingThen(readyWith(concat(socketTypeName(), new byte[] { 0, 0 })))));
		for (long length : new long[] { 0xFFFFFFFFL, 0x80000000L, 0x7FFFFFFFL }) {
			cases.add(new Garbage("a READY whose value length is " + length,
					(type) -> greetingThen(readyWith(concat(socketTypeName(),
							ByteBuffer.allocate(4).putInt((int) length).array(), ZmtpBytes.ascii(type))))));
		}
		cases.add(new Garbage("a READY whose value length runs one past the end",
				(type) -> greetingThen(readyWith(concat(socketTypeName(),
						ByteBuffer.allocate(4).putInt(type.length() + 1).array(), ZmtpBytes.ascii(type))))));
		cases.add(new Garbage("a READY with a zero-length property name and trailing junk",
				(type) -> greetingThen(readyWith(concat(ZmtpBytes.properties("Socket-Type", type), new byte[] { 0, 1 })))));
		cases.add(new Garbage("a READY from an incompatible socket type (PAIR)",
				(type) -> greetingThen(ZmtpBytes.ready("PAIR"))));
		cases.add(new Garbage("a READY from an unknown socket type", (type) -> greetingThen(ZmtpBytes.ready("WIDGET"))));
		// Wrong mechanisms against NULL.
		cases.add(new Garbage("PLAIN against NULL", (type) -> concat(greeting(3, 1, "PLAIN", false, (byte) 0),
				ZmtpBytes.command("HELLO", concat(new byte[] { 4 }, utf8("user"), new byte[] { 4 }, utf8("pass"))),
				offenderMessage())));
		cases.add(new Garbage("CURVE against NULL", (type) -> concat(greeting(3, 1, "CURVE", false, (byte) 0),
				ZmtpBytes.command("HELLO", random(11, 194)), offenderMessage())));
		cases.add(new Garbage("the mechanism in lower case",
				(type) -> concat(greeting(3, 1, "null", false, (byte) 0), ZmtpBytes.ready(type), offenderMessage())));
		cases.add(new Garbage("a mechanism that is not NUL padded",
				(type) -> concat(greeting(3, 1, "NULLNULLNULLNULLNULL", false, (byte) 0), ZmtpBytes.ready(type),
						offenderMessage())));
		cases.add(new Garbage("an empty mechanism",
				(type) -> concat(greeting(3, 1, "", false, (byte) 0), ZmtpBytes.ready(type), offenderMessage())));
		// Downgrades.
		cases.add(new Garbage("ZMTP 1.0: an anonymous identity and a message",
				(type) -> concat(new byte[] { 0x01, 0x00 }, new byte[] { 0x09, 0x00 }, utf8("offender"))));
		cases.add(new Garbage("ZMTP 1.0: a long identity (octet 9 bit 0 clear)",
				(type) -> concat(new byte[] { (byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 'x' },
						new byte[] { 0x09, 0x00 }, utf8("offender"))));
		cases.add(new Garbage("ZMTP 2.0: major 1, socket type, identity and a message",
				(type) -> concat(new byte[] { (byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x7F, 0x01, 0x03, 0x00, 0x00 },
						new byte[] { 0x01, 0x00, 0x00, 0x08 }, utf8("offender"))));
		cases.add(new Garbage("a 3.1 greeting whose signature has octet 9 bit 0 clear", (type) -> {
			byte[] greeting = greeting();
			greeting[9] = 0x7E;
			return concat(greeting, ZmtpBytes.ready(type), offenderMessage());
		}));
		for (int major : new int[] { 0, 1, 2 }) {
			cases.add(new Garbage("a 64-octet greeting with major " + major,
					(type) -> concat(greeting(major, 1, "NULL", false, (byte) 0), ZmtpBytes.ready(type),
							offenderMessage())));
		}
		return cases.stream();
	}

	static Stream<Arguments> everyTargetAndGarbage() {
		return Stream.of(Target.values()).flatMap((target) -> garbage().map((garbage) -> Arguments.of(target, garbage)));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("everyTargetAndGarbage")
	void theOffenderIsRefusedReportedAndNeverDeliveredAndAGoodPeerIsServed(Target target, Garbage garbage)
			throws Exception {
		long failuresBefore = this.fixture.count(target, SocketStats::handshakeFailures);
		try (RawPeer offender = RawPeer.connect(this.fixture.port(target))) {
			offender.writeAfterOffence(garbage.bytes().apply(target.peerType()));
			this.fixture.assertDroppedAndReported(target, offender, SocketEventType.HANDSHAKE_FAILED);
		}
		assertThat(this.fixture.count(target, SocketStats::handshakeFailures)).isGreaterThan(failuresBefore);
		this.fixture.assertServed(target);
	}

}
