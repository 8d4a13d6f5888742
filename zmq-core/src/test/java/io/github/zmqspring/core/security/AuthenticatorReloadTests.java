package io.github.zmqspring.core.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.zmqspring.core.InvalidSocketSpecException;
import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqAuthenticator;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqKeyGenerator;
import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Rotation without restart: certificate directories and PLAIN users files reloaded while the engine runs, on an
 * explicit {@link ZmqAuthenticator#reload()} and by the file watcher ({@code reloadOnUpdate}). New handshakes use the
 * new rules; connections admitted before keep delivering; a bad file keeps the previous rules.
 */
class AuthenticatorReloadTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final Duration QUIET = Duration.ofMillis(200);

	/** How long a refused client is watched to make sure nothing gets through. */
	private static final Duration NOTHING_DELIVERED = Duration.ofMillis(500);

	private final ZmqKeyPair serverKeys = ZmqSecurity.generateKeyPair();

	private final ZmqKeyPair keysA = ZmqSecurity.generateKeyPair();

	private final ZmqKeyPair keysB = ZmqSecurity.generateKeyPair();

	private final Queue<SocketEvent> events = new ConcurrentLinkedQueue<>();

	private final Queue<String> received = new ConcurrentLinkedQueue<>();

	@TempDir
	Path files;

	private @Nullable ZmqEngine engine;

	private ZmqSocket server;

	@AfterEach
	void closeEngine() {
		if (this.engine != null) {
			assertThat(CompletableFuture.runAsync(this.engine::close)).succeedsWithin(Duration.ofSeconds(15));
		}
	}

	/** Starts an engine running the authenticator, and its PULL server. */
	private void start(String name, ZmqAuthenticator authenticator, ZmqSecurity serverSecurity) {
		this.engine = ZmqEngine.builder().name(name).eventListener(this.events::add).authenticator(authenticator).build();
		this.server = this.engine.open(ZmqSocketSpec.builder("server", SocketType.PULL)
			.bind("tcp://127.0.0.1:*")
			.security(serverSecurity)
			.build(), (message) -> this.received.add(message.frameAsString(0)));
	}

	private ZmqSocket client(String name, ZmqSecurity security) {
		return this.engine.open(ZmqSocketSpec.builder(name, SocketType.PUSH)
			.connect("tcp://127.0.0.1:" + this.server.boundPort())
			.security(security)
			.linger(Duration.ZERO)
			.build());
	}

	private ZmqSocket curveClient(String name, ZmqKeyPair keys) {
		return client(name, ZmqSecurity.curveClient(keys, this.serverKeys.publicKey()));
	}

	private void assertDelivers(ZmqSocket client, String payload) {
		client.send(ZmqMessage.of(payload));
		await().atMost(WAIT).until(() -> this.received.contains(payload));
	}

	/**
	 * A new client's handshake is refused: an AUTH_FAILED event and count of the server, and nothing delivered.
	 * Counted from before the client opens, since its handshake starts as it connects.
	 */
	private void assertRefused(String name, ZmqSecurity security, String payload) {
		long events = serverAuthFailures();
		long failures = this.server.stats().authFailures();
		try (ZmqSocket client = client(name, security)) {
			client.send(ZmqMessage.of(payload));
			await().atMost(WAIT).until(() -> serverAuthFailures() > events);
			assertThat(this.server.stats().authFailures()).isGreaterThan(failures);
			await().during(NOTHING_DELIVERED)
				.atMost(NOTHING_DELIVERED.plusSeconds(2))
				.until(() -> !this.received.contains(payload));
		}
	}

	private void assertRefusedCurve(String name, ZmqKeyPair keys, String payload) {
		assertRefused(name, ZmqSecurity.curveClient(keys, this.serverKeys.publicKey()), payload);
	}

	private long serverAuthFailures() {
		return this.events.stream()
			.filter((event) -> event.socketName().equals("server") && event.type() == SocketEventType.AUTH_FAILED)
			.count();
	}

	/** Writes a public certificate as czmq's {@code zcert} does, renamed into place as deployment tools do. */
	private Path allow(ZmqKeyPair keys, String name) throws IOException {
		Path generated = this.files.resolve("generated");
		ZmqKeyGenerator.writeCertificates(keys, generated.resolve(name));
		Path clients = clients();
		Path staged = clients.resolve("." + name + ".key.tmp");
		Files.copy(generated.resolve(name + ".key"), staged, StandardCopyOption.REPLACE_EXISTING);
		return Files.move(staged, clients.resolve(name + ".key"), StandardCopyOption.ATOMIC_MOVE,
				StandardCopyOption.REPLACE_EXISTING);
	}

	private Path clients() throws IOException {
		return Files.createDirectories(this.files.resolve("clients"));
	}

	private Path users(String content) throws IOException {
		return Files.writeString(this.files.resolve("users.properties"), content, StandardCharsets.UTF_8);
	}

	private static boolean watcherRunning(String engineName) {
		String threadName = "zmq-" + engineName + "-authenticator-watcher";
		return Thread.getAllStackTraces().keySet().stream().anyMatch((thread) -> thread.getName().equals(threadName));
	}

	@Nested
	class ExplicitReload {

		@Test
		void aKeyAddedToTheDirectoryIsAdmittedAfterReload() throws IOException {
			allow(keysA, "a");
			ZmqAuthenticator authenticator = ZmqAuthenticator.builder().allowCurveKeyDirectory(clients()).build();
			start("reload-add", authenticator, ZmqSecurity.curveServer(serverKeys));
			assertRefusedCurve("b-before", keysB, "b before reload");
			allow(keysB, "b");
			authenticator.reload();
			assertThat(authenticator.curveKeyCount()).isEqualTo(2);
			assertThat(authenticator.reloads()).isEqualTo(1);
			try (ZmqSocket admitted = curveClient("b-after", keysB)) {
				assertDelivers(admitted, "b after reload");
			}
		}

		@Test
		void aRemovedKeysNextHandshakeIsRefusedWhileItsConnectedClientKeepsDelivering() throws IOException {
			Path certificateA = allow(keysA, "a");
			allow(keysB, "b");
			ZmqAuthenticator authenticator = ZmqAuthenticator.builder().allowCurveKeyDirectory(clients()).build();
			start("reload-remove", authenticator, ZmqSecurity.curveServer(serverKeys));
			try (ZmqSocket connectedA = curveClient("a-connected", keysA)) {
				assertDelivers(connectedA, "a before removal");
				Files.delete(certificateA);
				authenticator.reload();
				assertThat(authenticator.curveKeyCount()).isEqualTo(1);
				assertRefusedCurve("a-next", keysA, "a's next handshake");
				assertDelivers(connectedA, "a still connected");
				try (ZmqSocket b = curveClient("b", keysB)) {
					assertDelivers(b, "b unaffected");
				}
			}
		}

		@Test
		void aChangedPasswordAdmitsOnlyTheNewOneWhileTheConnectedClientKeepsDelivering() throws IOException {
			Path users = users("alice=wonderland\n");
			ZmqAuthenticator authenticator = ZmqAuthenticator.builder().plainUsersFile(users).build();
			start("reload-plain", authenticator, ZmqSecurity.plainServer());
			try (ZmqSocket connected = client("alice-connected", ZmqSecurity.plainClient("alice", "wonderland"))) {
				assertDelivers(connected, "old password");
				users("alice=looking-glass\n");
				authenticator.reload();
				assertRefused("alice-old", ZmqSecurity.plainClient("alice", "wonderland"), "old password again");
				try (ZmqSocket newPassword = client("alice-new", ZmqSecurity.plainClient("alice", "looking-glass"))) {
					assertDelivers(newPassword, "new password");
				}
				assertDelivers(connected, "still connected");
			}
			assertThat(authenticator.plainUserNames()).containsExactly("alice");
		}

		@Test
		void inlineKeysAndUsersStayAcrossReloads() throws IOException {
			Path users = users("bob=builder\n");
			ZmqAuthenticator authenticator = ZmqAuthenticator.builder()
				.allowCurveKeys(keysA.publicKey())
				.allowCurveKeyDirectory(clients())
				.plainUser("alice", "wonderland")
				.plainUsersFile(users)
				.build();
			users("");
			authenticator.reload();
			assertThat(authenticator.curveKeyCount()).isEqualTo(1);
			assertThat(authenticator.plainUserNames()).containsExactly("alice");
		}

		@Test
		void hiddenFilesAndBackupsInTheDirectoryAreNoCertificates() throws IOException {
			allow(keysA, "a");
			Path certificateB = allow(keysB, "b");
			Files.move(certificateB, clients().resolve("b.key~"));
			Files.copy(clients().resolve("b.key~"), clients().resolve(".b.key.swp"));
			ZmqAuthenticator authenticator = ZmqAuthenticator.builder().allowCurveKeyDirectory(clients()).build();
			assertThat(authenticator.curveKeyCount()).isEqualTo(1);
			Files.move(clients().resolve("b.key~"), certificateB);
			authenticator.reload();
			assertThat(authenticator.curveKeyCount()).isEqualTo(2);
		}

	}

	@Nested
	class BadFiles {

		@Test
		void anInvalidCertificateFailsTheReloadAndKeepsThePreviousKeys() throws IOException {
			allow(keysA, "a");
			ZmqAuthenticator authenticator = ZmqAuthenticator.builder().allowCurveKeyDirectory(clients()).build();
			start("reload-bad-cert", authenticator, ZmqSecurity.curveServer(serverKeys));
			allow(keysB, "b");
			Path bad = Files.writeString(clients().resolve("broken.key"), "curve\n    public-key = \"tooshort\"\n");
			assertThatExceptionOfType(InvalidSocketSpecException.class).isThrownBy(authenticator::reload)
				.withMessageContaining("certificate '" + bad + "' has an invalid public-key")
				.satisfies((ex) -> assertThat(ex.getField()).isEqualTo("allowCurveKeyDirectory"));
			assertThat(authenticator.failedReloads()).isEqualTo(1);
			assertThat(authenticator.reloads()).isZero();
			assertThat(authenticator.curveKeyCount()).isEqualTo(1);
			try (ZmqSocket a = curveClient("a", keysA)) {
				assertDelivers(a, "a under the previous keys");
			}
			assertRefusedCurve("b", keysB, "b is not in the previous keys");
		}

		@Test
		void aMissingOrMalformedUsersFileFailsTheReloadAndKeepsThePreviousUsers() throws IOException {
			Path users = users("alice=wonderland\n");
			ZmqAuthenticator authenticator = ZmqAuthenticator.builder().plainUsersFile(users).build();
			start("reload-bad-users", authenticator, ZmqSecurity.plainServer());
			users("alice=\\uZZZZ\n");
			assertThatExceptionOfType(InvalidSocketSpecException.class).isThrownBy(authenticator::reload)
				.withMessage("plainUsersFile '" + users + "' is not a valid properties file: Malformed \\uxxxx encoding.")
				.satisfies((ex) -> assertThat(ex.getField()).isEqualTo("plainUsersFile"));
			Files.delete(users);
			assertThatExceptionOfType(InvalidSocketSpecException.class).isThrownBy(authenticator::reload)
				.withMessage("plainUsersFile '" + users + "' cannot be read: no such file");
			assertThat(authenticator.failedReloads()).isEqualTo(2);
			try (ZmqSocket alice = client("alice", ZmqSecurity.plainClient("alice", "wonderland"))) {
				assertDelivers(alice, "alice under the previous users");
			}
		}

		@Test
		void aQuietPeriodMustBePositiveAndThereMustBeSomethingToWatch() {
			assertThatExceptionOfType(InvalidSocketSpecException.class)
				.isThrownBy(() -> ZmqAuthenticator.builder().reloadOnUpdate(Duration.ZERO))
				.withMessage("reloadOnUpdate: the quiet period must be positive, not PT0S");
			assertThatExceptionOfType(InvalidSocketSpecException.class)
				.isThrownBy(() -> ZmqAuthenticator.builder().plainUser("alice", "x").reloadOnUpdate(QUIET).build())
				.withMessage("reloadOnUpdate: there is nothing to watch; set allowCurveKeyDirectory or plainUsersFile")
				.satisfies((ex) -> assertThat(ex.getField()).isEqualTo("reloadOnUpdate"));
		}

	}

	@Nested
	class ReloadOnUpdate {

		@Test
		void keysAddedToAndRemovedFromTheDirectoryApplyToTheNextHandshakes() throws IOException {
			Path certificateA = allow(keysA, "a");
			ZmqAuthenticator authenticator = ZmqAuthenticator.builder()
				.allowCurveKeyDirectory(clients())
				.reloadOnUpdate(QUIET)
				.build();
			start("watch-curve", authenticator, ZmqSecurity.curveServer(serverKeys));
			try (ZmqSocket connectedA = curveClient("a-connected", keysA)) {
				assertDelivers(connectedA, "a before");
				allow(keysB, "b");
				await().atMost(WAIT).until(() -> authenticator.curveKeyCount() == 2);
				try (ZmqSocket b = curveClient("b", keysB)) {
					assertDelivers(b, "b after the watcher reloaded");
				}
				Files.delete(certificateA);
				await().atMost(WAIT).until(() -> authenticator.curveKeyCount() == 1);
				assertRefusedCurve("a-next", keysA, "a's next handshake");
				assertDelivers(connectedA, "a still connected");
			}
			assertThat(authenticator.failedReloads()).isZero();
		}

		@Test
		void aRewrittenUsersFileAdmitsTheNewUser() throws IOException {
			Path users = users("alice=wonderland\n");
			ZmqAuthenticator authenticator = ZmqAuthenticator.builder().plainUsersFile(users).reloadOnUpdate(QUIET).build();
			start("watch-plain", authenticator, ZmqSecurity.plainServer());
			try (ZmqSocket connected = client("alice-connected", ZmqSecurity.plainClient("alice", "wonderland"))) {
				assertDelivers(connected, "alice before");
				users("alice=looking-glass\nbob=builder\n");
				await().atMost(WAIT).until(() -> authenticator.plainUserNames().contains("bob"));
				try (ZmqSocket bob = client("bob", ZmqSecurity.plainClient("bob", "builder"))) {
					assertDelivers(bob, "bob after the watcher reloaded");
				}
				assertRefused("alice-old", ZmqSecurity.plainClient("alice", "wonderland"), "alice's old password");
				assertDelivers(connected, "alice still connected");
			}
		}

		@Test
		void aBadFileKeepsThePreviousRulesUntilItIsFixed() throws IOException {
			allow(keysA, "a");
			ZmqAuthenticator authenticator = ZmqAuthenticator.builder()
				.allowCurveKeyDirectory(clients())
				.reloadOnUpdate(QUIET)
				.build();
			start("watch-bad", authenticator, ZmqSecurity.curveServer(serverKeys));
			// Renamed into place, so that the watcher never sees the file empty (which would be a valid, keyless file).
			Path staged = Files.writeString(clients().resolve(".b.key.tmp"), "curve\n    public-key = \"half-writ\"\n");
			Files.move(staged, clients().resolve("b.key"), StandardCopyOption.ATOMIC_MOVE);
			await().atMost(WAIT).until(() -> authenticator.failedReloads() == 1);
			assertThat(authenticator.curveKeyCount()).isEqualTo(1);
			try (ZmqSocket a = curveClient("a", keysA)) {
				assertDelivers(a, "a under the previous keys");
			}
			allow(keysB, "b"); // renamed over the broken file
			await().atMost(WAIT).until(() -> authenticator.curveKeyCount() == 2);
			assertThat(authenticator.reloads()).isEqualTo(1);
			assertThat(authenticator.failedReloads()).isEqualTo(1);
			try (ZmqSocket b = curveClient("b", keysB)) {
				assertDelivers(b, "b once the file is fixed");
			}
		}

		/** Kubernetes mounts a Secret as links into {@code ..data}, itself a link swapped to a new directory. */
		@Test
		void aSwappedLinkToANewDirectoryIsSeen() throws IOException {
			Path clients = clients();
			Path first = Files.createDirectories(clients.resolve("..2024_01"));
			Path second = Files.createDirectories(clients.resolve("..2024_02"));
			Files.writeString(first.resolve("client.key"), "curve\n    public-key = \"" + keysA.publicKey() + "\"\n");
			Files.writeString(second.resolve("client.key"), "curve\n    public-key = \"" + keysB.publicKey() + "\"\n");
			Files.createSymbolicLink(clients.resolve("..data"), first.getFileName());
			Files.createSymbolicLink(clients.resolve("client.key"), Path.of("..data", "client.key"));
			ZmqAuthenticator authenticator = ZmqAuthenticator.builder()
				.allowCurveKeyDirectory(clients)
				.reloadOnUpdate(QUIET)
				.build();
			start("watch-links", authenticator, ZmqSecurity.curveServer(serverKeys));
			try (ZmqSocket a = curveClient("a", keysA)) {
				assertDelivers(a, "a before the swap");
			}
			Path swapping = Files.createSymbolicLink(clients.resolve("..data_tmp"), second.getFileName());
			Files.move(swapping, clients.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
			await().atMost(WAIT).until(() -> authenticator.reloads() == 1);
			try (ZmqSocket b = curveClient("b", keysB)) {
				assertDelivers(b, "b after the swap");
			}
			assertRefusedCurve("a-next", keysA, "a after the swap");
		}

		@Test
		void theWatcherRunsWhileTheEngineDoesAndStopsWhenItCloses() throws IOException {
			Path users = users("alice=wonderland\n");
			ZmqAuthenticator authenticator = ZmqAuthenticator.builder().plainUsersFile(users).reloadOnUpdate(QUIET).build();
			assertThat(watcherRunning("watch-life")).isFalse();
			start("watch-life", authenticator, ZmqSecurity.plainServer());
			assertThat(watcherRunning("watch-life")).isTrue();
			assertThat(CompletableFuture.runAsync(engine::close)).succeedsWithin(Duration.ofSeconds(15));
			await().atMost(WAIT).until(() -> !watcherRunning("watch-life"));
		}

	}

}
