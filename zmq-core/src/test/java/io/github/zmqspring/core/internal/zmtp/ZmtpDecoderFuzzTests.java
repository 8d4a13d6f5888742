package io.github.zmqspring.core.internal.zmtp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.github.zmqspring.core.internal.zmtp.ZmtpBytes.Frame;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException.Reason;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Feeds random bytes and mutated valid streams (greeting, READY, data frames and commands) through everything that
 * parses peer input. Whatever arrives, only {@link ZmtpProtocolException} may escape, and the decoder never holds more
 * than the bytes it was fed plus one chunk. Each run uses a new seed, printed with every failure; run with
 * {@code -Dzmtp.fuzz.seed=<seed>} to repeat one. Bounded in time and iterations.
 */
class ZmtpDecoderFuzzTests {

	private static final long SEED = Long.getLong("zmtp.fuzz.seed", System.nanoTime());

	private static final int MAX_FRAME = 1 << 20;

	private static final int MAX_COMMAND = 4096;

	private static final long MAX_MESSAGE = 64 * 1024;

	private static final int MAX_FRAMES = 64;

	private static final int[] CHUNK_SIZES = { 1, 2, 7, 64, 1500, 65536 };

	private static final long MS = 1_000_000L;

	/** A valid stream and the frames that follow its greeting. */
	record Stream(byte[] bytes, List<Frame> frames, List<Integer> headerOffsets) {
	}

	/** What became of one stream. */
	record Outcome(List<Frame> frames, @Nullable ZmtpProtocolException failure) {
	}

	@Test
	void mutatedStreamsOnlyEverFailWithAProtocolException() {
		Random seeds = new Random(SEED);
		Map<Reason, Integer> failures = new EnumMap<>(Reason.class);
		int iterations = run(1200 * MS, 600, 200_000, (iteration, random) -> {
			Stream stream = validStream(random);
			Outcome valid = feed(stream.bytes(), random, iteration);
			assertThat(valid.failure()).as("valid stream failed").isNull();
			assertThat(valid.frames()).as("valid stream").containsExactlyElementsOf(stream.frames());
			Outcome mutated = feed(mutate(stream, random), random, iteration);
			if (mutated.failure() != null) {
				failures.merge(mutated.failure().reason(), 1, Integer::sum);
			}
		}, seeds);
		int refused = failures.values().stream().mapToInt(Integer::intValue).sum();
		// Guards the fuzzer itself: mutations must reach the checks they are meant to reach, and not all of them.
		assertThat(failures.keySet()).as(describe("refusals after %d iterations: %s", iterations, failures))
			.contains(Reason.NOT_ZMTP, Reason.UNSUPPORTED_VERSION, Reason.FRAME_TOO_LARGE, Reason.COMMAND_TOO_LARGE,
					Reason.MALFORMED_COMMAND, Reason.TOO_MANY_FRAMES, Reason.MESSAGE_TOO_LARGE);
		assertThat(refused).as(describe("refused streams of %d", iterations)).isLessThan(iterations);

		// After all that, a valid stream still decodes correctly on a fresh decoder.
		Random random = new Random(SEED);
		Stream stream = validStream(random);
		Outcome outcome = feed(stream.bytes(), random, -1);
		assertThat(outcome.failure()).as(describe("valid stream")).isNull();
		assertThat(outcome.frames()).as(describe("valid stream")).containsExactlyElementsOf(stream.frames());
	}

	@Test
	void randomBytesOnlyEverFailWithAProtocolException() {
		run(500 * MS, 200, 500_000, (iteration, random) -> {
			byte[] noise = new byte[random.nextInt(300)];
			random.nextBytes(noise);
			// Straight into the decoder, as if the greeting had passed.
			ZmtpFrameDecoder decoder = new ZmtpFrameDecoder(MAX_FRAME, MAX_COMMAND);
			try {
				decodeFrames(decoder, new ZmtpMessageAssembler(MAX_MESSAGE, MAX_FRAMES), noise, random,
						new ArrayList<>(), iteration);
			}
			catch (ZmtpProtocolException expected) {
				// Refused: fine.
			}
			// As a command body, with the parsers the connection layer applies to it.
			try {
				interpret(ZmtpCommand.parse(noise));
			}
			catch (ZmtpProtocolException expected) {
				// Refused: fine.
			}
			byte[] ready = new byte[6 + noise.length];
			System.arraycopy(ZmtpCommand.ready(new ZmtpMetadata()), 0, ready, 0, 6);
			System.arraycopy(noise, 0, ready, 6, noise.length);
			try {
				interpret(ZmtpCommand.parse(ready));
			}
			catch (ZmtpProtocolException expected) {
				// Refused: fine.
			}
			// As metadata in the middle of an array.
			int offset = (noise.length == 0) ? 0 : random.nextInt(noise.length);
			try {
				ZmtpMetadata.parse(noise, offset, random.nextInt(noise.length - offset + 1));
			}
			catch (ZmtpProtocolException expected) {
				// Refused: fine.
			}
		}, new Random(SEED));
	}

	@Test
	void greetingChecksAreConsistentAsOctetsArrive() {
		run(300 * MS, 200, 500_000, (iteration, random) -> {
			byte[] greeting = randomGreeting(random);
			int refusedAt = -1;
			for (int length = 0; length <= ZmtpGreeting.SIZE; length++) {
				try {
					ZmtpGreeting.checkPrefix(greeting, length);
					if (refusedAt >= 0) {
						fail("accepted " + length + " octets after refusing " + refusedAt);
					}
				}
				catch (ZmtpProtocolException ex) {
					if (refusedAt < 0) {
						refusedAt = length;
					}
				}
			}
			// Refusals come with the first, tenth or eleventh octet, never later.
			assertThat(refusedAt).isIn(-1, 1, 10, 11);
			try {
				ZmtpGreeting parsed = ZmtpGreeting.parse(greeting);
				assertThat(refusedAt).as("parse accepted what checkPrefix refused").isEqualTo(-1);
				assertThat(parsed.major()).isGreaterThanOrEqualTo(3);
				assertThat(parsed.mechanism().length()).isLessThanOrEqualTo(20);
			}
			catch (ZmtpProtocolException ex) {
				assertThat(refusedAt).as("parse refused what checkPrefix accepted").isNotEqualTo(-1);
			}
		}, new Random(SEED));
	}

	/** One fuzz iteration; assertion failures and unexpected exceptions are reported with the seeds. */
	interface Iteration {

		void run(int iteration, Random random);

	}

	private static int run(long budgetNanos, int minIterations, int maxIterations, Iteration body, Random seeds) {
		long deadline = System.nanoTime() + budgetNanos;
		int iteration = 0;
		while (iteration < maxIterations && (iteration < minIterations || System.nanoTime() < deadline)) {
			long seed = seeds.nextLong();
			try {
				body.run(iteration, new Random(seed));
			}
			catch (Throwable ex) {
				fail(describe("iteration %d (its Random seed %d) failed: %s", iteration, seed, ex), ex);
			}
			iteration++;
		}
		return iteration;
	}

	private static String describe(String format, Object... arguments) {
		return "[fuzz seed " + SEED + "] " + String.format(format, arguments);
	}

	/** Receives a stream as the connection layer would: greeting, then frames, commands and messages. */
	private static Outcome feed(byte[] stream, Random random, int iteration) {
		List<Frame> frames = new ArrayList<>();
		try {
			byte[] greeting = new byte[ZmtpGreeting.SIZE];
			int position = 0;
			while (position < ZmtpGreeting.SIZE) {
				if (position == stream.length) {
					return new Outcome(frames, null);
				}
				int n = Math.min(Math.min(chunkSize(random), ZmtpGreeting.SIZE - position), stream.length - position);
				System.arraycopy(stream, position, greeting, position, n);
				position += n;
				ZmtpGreeting.checkPrefix(greeting, position);
			}
			ZmtpGreeting.parse(greeting).checkMechanism("NULL");
			ZmtpFrameDecoder decoder = new ZmtpFrameDecoder(MAX_FRAME, MAX_COMMAND);
			ZmtpMessageAssembler assembler = new ZmtpMessageAssembler(MAX_MESSAGE, MAX_FRAMES);
			byte[] rest = Arrays.copyOfRange(stream, ZmtpGreeting.SIZE, stream.length);
			decodeFrames(decoder, assembler, rest, random, frames, iteration);
			return new Outcome(frames, null);
		}
		catch (ZmtpProtocolException ex) {
			return new Outcome(frames, ex);
		}
	}

	private static void decodeFrames(ZmtpFrameDecoder decoder, ZmtpMessageAssembler assembler, byte[] bytes,
			Random random, List<Frame> frames, int iteration) {
		int position = 0;
		long fedSinceFrame = 0;
		while (position < bytes.length) {
			int n = Math.min(chunkSize(random), bytes.length - position);
			ByteBuffer in = ByteBuffer.wrap(bytes, position, n);
			while (true) {
				int before = in.position();
				boolean complete = decoder.next(in);
				fedSinceFrame += in.position() - before;
				// Plain checks on this path: it runs for every chunk of every stream.
				int capacity = decoder.bufferedCapacity();
				if (capacity > Math.max(MAX_FRAME, MAX_COMMAND) || capacity > fedSinceFrame + ZmtpFrameDecoder.MIN_CHUNK) {
					fail(describe("iteration %d: %d octets held after %d octets of the frame", iteration, capacity,
							fedSinceFrame));
				}
				if (!complete) {
					if (in.hasRemaining()) {
						fail(describe("iteration %d: the decoder stopped %d octets before the end", iteration,
								in.remaining()));
					}
					break;
				}
				fedSinceFrame = 0;
				frames.add(new Frame(decoder.more(), decoder.command(), decoder.body()));
				if (decoder.command()) {
					interpret(ZmtpCommand.parse(decoder.body()));
				}
				else {
					byte[][] message = assembler.add(decoder.body(), decoder.more());
					if (message != null && message.length == 0) {
						fail(describe("iteration %d: a message without frames", iteration));
					}
				}
			}
			position += n;
		}
	}

	private static void interpret(ZmtpCommand command) {
		if (command.is(ZmtpCommand.READY)) {
			ZmtpSocketTypes.checkReady("ROUTER", ZmtpCommand.readyMetadata(command));
		}
		else if (command.is(ZmtpCommand.PING)) {
			assertThat(ZmtpCommand.pingTtl(command)).isBetween(0, 65535);
			// Echoing the context must always be possible, however long the PING was.
			ZmtpCommand.pong(ZmtpCommand.pingContext(command));
		}
		else if (command.is(ZmtpCommand.ERROR)) {
			assertThat(ZmtpCommand.errorReason(command).length()).isLessThanOrEqualTo(255);
		}
	}

	private static int chunkSize(Random random) {
		int size = CHUNK_SIZES[random.nextInt(CHUNK_SIZES.length)];
		return 1 + random.nextInt(size);
	}

	static Stream validStream(Random random) {
		ZmtpBytes out = ZmtpBytes.bytes();
		List<Frame> frames = new ArrayList<>();
		List<Integer> headers = new ArrayList<>();
		out.raw(random.nextBoolean() ? ZmtpGreeting.encode("NULL", false) : ZmtpGreetingTests.libzmq434Greeting());
		ZmtpMetadata metadata = new ZmtpMetadata().put(ZmtpMetadata.SOCKET_TYPE, random.nextBoolean() ? "DEALER" : "REQ")
			.put(ZmtpMetadata.IDENTITY, ZmtpBytes.filled(random.nextInt(8), 1));
		if (random.nextBoolean()) {
			metadata.put("X-User", ZmtpBytes.filled(random.nextInt(300), 2));
		}
		int length = 64;
		length = append(out, frames, headers, length, ZmtpCommand.ready(metadata), false, true);
		int count = 1 + random.nextInt(16);
		for (int i = 0; i < count; i++) {
			int kind = random.nextInt(10);
			if (kind == 0) {
				byte[] context = new byte[random.nextInt(17)];
				random.nextBytes(context);
				length = append(out, frames, headers, length, ZmtpCommand.ping(random.nextInt(65536), context), false,
						true);
			}
			else if (kind == 1) {
				length = append(out, frames, headers, length,
						ZmtpCommand.subscribe(ZmtpBytes.filled(random.nextInt(20), 3)), false, true);
			}
			else if (kind == 2) {
				length = append(out, frames, headers, length, ZmtpCommand.error("400"), false, true);
			}
			else {
				int parts = (kind == 3) ? 2 + random.nextInt(9) : 1;
				for (int part = 0; part < parts; part++) {
					int size = (random.nextInt(8) == 0) ? 256 + random.nextInt(3000) : random.nextInt(256);
					byte[] body = new byte[size];
					random.nextBytes(body);
					length = append(out, frames, headers, length, body, part < parts - 1, false);
				}
			}
		}
		return new Stream(out.toArray(), frames, headers);
	}

	private static int append(ZmtpBytes out, List<Frame> frames, List<Integer> headers, int length, byte[] body,
			boolean more, boolean command) {
		byte[] frame = ZmtpFrameEncoder.frame(body, more, command);
		out.raw(frame);
		frames.add(new Frame(more, command, body));
		headers.add(length);
		return length + frame.length;
	}

	static byte[] mutate(Stream stream, Random random) {
		byte[] bytes = stream.bytes().clone();
		int mutations = 1 + random.nextInt(3);
		for (int m = 0; m < mutations; m++) {
			switch (random.nextInt(8)) {
				case 0 -> {
					// Bit flips, mostly after the greeting, where the decoder is.
					for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
						int at = (random.nextInt(4) == 0) ? random.nextInt(bytes.length)
								: 64 + random.nextInt(bytes.length - 64);
						bytes[at] ^= (byte) (1 << random.nextInt(8));
					}
				}
				case 1 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
				case 2 -> bytes = splice(bytes, random);
				case 3, 4 -> corruptSize(bytes, stream.headerOffsets(), random);
				case 5 -> {
					// The greeting's checked octets: signature start and end, major version, mechanism.
					switch (random.nextInt(4)) {
						case 0 -> bytes[0] = (byte) random.nextInt(255);
						case 1 -> bytes[9] = (byte) (random.nextInt(128) * 2);
						case 2 -> bytes[10] = (byte) random.nextInt(3);
						default -> bytes[12 + random.nextInt(4)] = (byte) ('A' + random.nextInt(26));
					}
				}
				case 6 -> {
					// A peer that sets MORE on everything, so that its message never ends.
					for (int header : stream.headerOffsets()) {
						if (header < bytes.length && (bytes[header] & 0x04) == 0) {
							bytes[header] |= 0x01;
						}
					}
					ZmtpBytes longer = ZmtpBytes.bytes().raw(bytes);
					if (random.nextInt(3) > 0) {
						for (int i = 0; i <= MAX_FRAMES; i++) {
							longer.raw(ZmtpFrameEncoder.frame(new byte[0], true, false));
						}
					}
					else {
						for (int i = 0; i < 3; i++) {
							longer.raw(ZmtpFrameEncoder.frame(new byte[(int) (MAX_MESSAGE / 2)], true, false));
						}
					}
					bytes = longer.toArray();
				}
				default -> {
					byte[] noise = new byte[1 + random.nextInt(64)];
					random.nextBytes(noise);
					int at = random.nextInt(bytes.length + 1);
					byte[] longer = new byte[bytes.length + noise.length];
					System.arraycopy(bytes, 0, longer, 0, at);
					System.arraycopy(noise, 0, longer, at, noise.length);
					System.arraycopy(bytes, at, longer, at + noise.length, bytes.length - at);
					bytes = longer;
				}
			}
			if (bytes.length <= 64) {
				break;
			}
		}
		return bytes;
	}

	private static byte[] splice(byte[] bytes, Random random) {
		// A slice of the stream itself, copied elsewhere: plausible-looking headers out of place.
		int from = random.nextInt(bytes.length);
		int length = 1 + random.nextInt(Math.min(200, bytes.length - from));
		int to = random.nextInt(bytes.length + 1);
		byte[] spliced = new byte[bytes.length + length];
		System.arraycopy(bytes, 0, spliced, 0, to);
		System.arraycopy(bytes, from, spliced, to, length);
		System.arraycopy(bytes, to, spliced, to + length, bytes.length - to);
		return spliced;
	}

	private static void corruptSize(byte[] bytes, List<Integer> headerOffsets, Random random) {
		int header = headerOffsets.get(random.nextInt(headerOffsets.size()));
		if (header + 9 > bytes.length) {
			return;
		}
		long[] sizes = { 0x8000_0000_0000_0000L + random.nextInt(Integer.MAX_VALUE), -1L, MAX_FRAME, MAX_FRAME + 1L,
				MAX_COMMAND + 1L, Integer.MAX_VALUE, random.nextLong(), random.nextInt(MAX_FRAME),
				random.nextInt(MAX_COMMAND * 2), random.nextInt(256) };
		long size = sizes[random.nextInt(sizes.length)];
		if (random.nextBoolean()) {
			bytes[header] |= 0x02;
			ByteBuffer.wrap(bytes, header + 1, 8).putLong(size);
		}
		else {
			bytes[header] &= ~0x02;
			bytes[header + 1] = (byte) size;
		}
	}

	private static byte[] randomGreeting(Random random) {
		byte[] greeting = (random.nextBoolean()) ? ZmtpGreetingTests.libzmq434Greeting()
				: ZmtpGreeting.encode("NULL", random.nextBoolean());
		switch (random.nextInt(4)) {
			case 0 -> random.nextBytes(greeting);
			case 1 -> greeting[random.nextInt(12)] = (byte) random.nextInt(256);
			case 2 -> {
				for (int i = random.nextInt(8); i >= 0; i--) {
					greeting[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
				}
			}
			default -> greeting[10] = (byte) random.nextInt(6);
		}
		return greeting;
	}

}
