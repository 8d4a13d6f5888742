package io.github.zmqspring.interop;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Volume between the engine and real pyzmq/libzmq 4.3.4 sockets over tcp and ipc: 50,000 generated messages per
 * direction (0–299 bytes, every 1000th 70,000 bytes, every 5th with a second frame), so that frames straddle every
 * read and write batch boundary. Both sides generate the same messages ({@link #generated(int)} and {@code peer.py}'s
 * {@code generated}) and compare a SHA-256 over every frame's length and bytes, in order. The ipc cases run on the
 * ZMTP engine (see {@link Transport}).
 */
@Tag("interop")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VolumeInteropTests {

	private static final int COUNT = 50_000;

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final byte[] PATTERN = new byte[256 * 280];

	static {
		for (int i = 0; i < PATTERN.length; i++) {
			PATTERN[i] = (byte) i;
		}
	}

	@TempDir
	Path ipcDir;

	private final Map<Transport, ZmqEngine> engines = new EnumMap<>(Transport.class);

	@AfterAll
	void closeEngines() {
		this.engines.values().forEach(ZmqEngine::close);
	}

	private synchronized ZmqEngine engine(Transport transport) {
		return this.engines.computeIfAbsent(transport, (t) -> t.newEngine("interop-volume", (event) -> {
		}));
	}

	/** Message {@code i} of a run, as {@code peer.py} generates it. */
	static ZmqMessage generated(int i) {
		int size = (i % 1000 == 999) ? 70_000 : (int) ((i * 7919L) % 300);
		byte[] body = Arrays.copyOfRange(PATTERN, i % 256, i % 256 + size);
		return (i % 5 == 0) ? ZmqMessage.of(body, ByteBuffer.allocate(4).putInt(i).array()) : ZmqMessage.of(body);
	}

	private static String expectedDigest() {
		Digest digest = new Digest();
		for (int i = 0; i < COUNT; i++) {
			digest.update(generated(i));
		}
		return digest.hex();
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void pyzmqPullReceivesFiftyThousandMessagesOfTheEnginePushExactly(Transport transport) {
		try (ZmqSocket push = engine(transport).open(ZmqSocketSpec.builder("volume-push", SocketType.PUSH)
			.bind(transport.bindEndpoint(this.ipcDir))
			.sendTimeout(WAIT)
			.build()); PyPeer peer = PyPeer.start()) {
			peer.socket("pull", "PULL").connect("pull", Transport.endpointOf(push));
			CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
				for (int i = 0; i < COUNT; i++) {
					push.send(generated(i));
				}
			});
			assertThat(peer.digest("pull", COUNT, WAIT))
				.isEqualTo(expectedDigest());
			sending.join();
		}
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void enginePullReceivesFiftyThousandMessagesOfAPyzmqPushExactly(Transport transport) {
		Digest digest = new Digest();
		try (PyPeer peer = PyPeer.start()) {
			peer.socket("push", "PUSH");
			String endpoint = peer.bindEndpoint("push", transport.bindEndpoint(this.ipcDir));
			try (ZmqSocket pull = engine(transport)
				.open(ZmqSocketSpec.builder("volume-pull", SocketType.PULL).connect(endpoint).build(), digest::update)) {
				peer.blast("push", COUNT, WAIT);
				await().atMost(WAIT).until(() -> digest.count() >= COUNT);
				assertThat(digest.hex()).isEqualTo(expectedDigest());
				assertThat(digest.count()).isEqualTo(COUNT);
			}
		}
	}

	@ParameterizedTest
	@EnumSource(Transport.class)
	void pairCarriesFiftyThousandMessagesEachWayAtTheSameTime(Transport transport) {
		Digest digest = new Digest();
		try (ZmqSocket pair = engine(transport).open(ZmqSocketSpec.builder("volume-pair", SocketType.PAIR)
			.bind(transport.bindEndpoint(this.ipcDir))
			.sendTimeout(WAIT)
			.build(), digest::update); PyPeer peer = PyPeer.start()) {
			peer.socket("pair", "PAIR").connect("pair", Transport.endpointOf(pair));
			CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
				for (int i = 0; i < COUNT; i++) {
					pair.send(generated(i));
				}
			});
			// pyzmq sends all of its messages while the engine sends its own; it reads them afterwards
			peer.blast("pair", COUNT, WAIT);
			assertThat(peer.digest("pair", COUNT, WAIT))
				.as("what pyzmq received").isEqualTo(expectedDigest());
			sending.join();
			await().atMost(WAIT).until(() -> digest.count() >= COUNT);
			assertThat(digest.hex()).as("what the engine received").isEqualTo(expectedDigest());
		}
	}

	/** SHA-256 over every message's frame count and every frame's length and bytes, as {@code peer.py} computes it. */
	private static final class Digest {

		private final MessageDigest sha;

		private int count;

		Digest() {
			try {
				this.sha = MessageDigest.getInstance("SHA-256");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

		synchronized void update(ZmqMessage message) {
			this.sha.update(ByteBuffer.allocate(4).putInt(message.size()).array());
			for (byte[] frame : message.frames()) {
				this.sha.update(ByteBuffer.allocate(4).putInt(frame.length).array());
				this.sha.update(frame);
			}
			this.count++;
		}

		synchronized int count() {
			return this.count;
		}

		synchronized String hex() {
			return HexFormat.of().formatHex(this.sha.digest());
		}

	}

}
