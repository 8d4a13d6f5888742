package io.github.zmqspring.boot.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqAuthenticator;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqKeyGenerator;
import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.template.ZmqTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Security from properties ({@code zmq.sockets.<name>.security}, {@code zmq.defaults.security},
 * {@code zmq.security.authenticator}) over real CURVE and PLAIN connections on 127.0.0.1: the server and its clients
 * run in separate application contexts, as they would in separate applications.
 */
class ZmqSecurityPropertiesTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ZmqKeyPair serverKeys = ZmqSecurity.generateKeyPair();

	private final ZmqKeyPair clientKeys = ZmqSecurity.generateKeyPair();

	private final ZmqKeyPair strangerKeys = ZmqSecurity.generateKeyPair();

	private final ApplicationContextRunner server = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqListenerAutoConfiguration.class,
				ZmqMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	private final ApplicationContextRunner client = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Nested
	class Curve {

		@Test
		void aCurveServerAndACurveClientConfiguredOnlyFromPropertiesExchangeAMessage() {
			server.withPropertyValues(curveServer("secure-in"))
				.withPropertyValues("zmq.security.authenticator.allow-curve-keys=" + clientKeys.publicKey())
				.withUserConfiguration(SecureInListener.class)
				.run((serverContext) -> {
					String endpoint = endpoint(serverContext, "secure-in");
					client.withPropertyValues(curveClient("secure-out", endpoint, clientKeys)).run((clientContext) -> {
						clientContext.getBean(ZmqTemplate.class).send("secure-out", "hello");
						assertThat(received(serverContext).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
							.isEqualTo("hello");
					});
					assertThat(authFailures(serverContext, "secure-in")).isZero();
				});
		}

		@Test
		void anUnknownClientKeyIsRefusedAndCountedOnTheServerSocket() {
			server.withPropertyValues(curveServer("secure-in"))
				.withPropertyValues("zmq.security.authenticator.allow-curve-keys=" + clientKeys.publicKey())
				.withUserConfiguration(SecureInListener.class)
				.run((serverContext) -> {
					String endpoint = endpoint(serverContext, "secure-in");
					client.withPropertyValues(curveClient("secure-out", endpoint, strangerKeys)).run((clientContext) -> {
						clientContext.getBean(ZmqTemplate.class).send("secure-out", "intruder");
						await().atMost(WAIT).until(() -> authFailures(serverContext, "secure-in") >= 1);
					});
					client.withPropertyValues(curveClient("secure-out", endpoint, clientKeys)).run((clientContext) -> {
						clientContext.getBean(ZmqTemplate.class).send("secure-out", "friend");
						assertThat(received(serverContext).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
							.isEqualTo("friend");
					});
					assertThat(received(serverContext)).isEmpty();
				});
		}

		@Test
		void aWrongServerKeyIsCountedAsAHandshakeFailure() {
			server.withPropertyValues(curveServer("secure-in"))
				.withPropertyValues("zmq.security.authenticator.allow-curve-keys=" + clientKeys.publicKey())
				.withUserConfiguration(SecureInListener.class)
				.run((serverContext) -> {
					String endpoint = endpoint(serverContext, "secure-in");
					client.withPropertyValues(curveClient("secure-out", endpoint, clientKeys))
						.withPropertyValues("zmq.sockets.secure-out.security.curve.server-key=" + strangerKeys.publicKey())
						.run((clientContext) -> {
							clientContext.getBean(ZmqTemplate.class).send("secure-out", "wrong server");
							await().atMost(WAIT).until(() -> serverContext.getBean(MeterRegistry.class)
								.get("zmq.handshake.failures")
								.tags("socket", "secure-in", "type", "PULL")
								.functionCounter()
								.count() >= 1);
						});
					assertThat(received(serverContext)).isEmpty();
				});
		}

		@Test
		void defaultsSecureListenerSocketsAndNamedSocketsThatSetNoSecurityOfTheirOwn() {
			server.withPropertyValues("zmq.defaults.security.curve.server=true",
					"zmq.defaults.security.curve.public-key=" + serverKeys.publicKey(),
					"zmq.defaults.security.curve.secret-key=" + serverKeys.secretKey(),
					"zmq.security.authenticator.allow-curve-keys=" + clientKeys.publicKey())
				.withUserConfiguration(OwnSocketListener.class)
				.run((serverContext) -> {
					String endpoint = endpoint(serverContext, "own");
					client.withPropertyValues("zmq.defaults.security.curve.public-key=" + clientKeys.publicKey(),
							"zmq.defaults.security.curve.secret-key=" + clientKeys.secretKey(),
							"zmq.defaults.security.curve.server-key=" + serverKeys.publicKey(),
							"zmq.sockets.out.type=PUSH", "zmq.sockets.out.connect=" + endpoint)
						.run((clientContext) -> {
							clientContext.getBean(ZmqTemplate.class).send("out", "via defaults");
							assertThat(received(serverContext).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
								.isEqualTo("via defaults");
						});
				});
		}

		@Test
		void keysAndAllowedClientsComeFromCertificateFiles(@TempDir Path directory) throws IOException {
			ZmqKeyGenerator.writeCertificates(serverKeys, directory.resolve("server"));
			ZmqKeyGenerator.writeCertificates(clientKeys, directory.resolve("clients/client"));
			server.withPropertyValues("zmq.sockets.secure-in.type=PULL", "zmq.sockets.secure-in.bind=tcp://127.0.0.1:*",
					"zmq.sockets.secure-in.security.curve.server=true",
					"zmq.sockets.secure-in.security.curve.key-pair-file=" + directory.resolve("server.key_secret"),
					"zmq.security.authenticator.allow-curve-key-directory=" + directory.resolve("clients"))
				.withUserConfiguration(SecureInListener.class)
				.run((serverContext) -> {
					String endpoint = endpoint(serverContext, "secure-in");
					client.withPropertyValues("zmq.sockets.secure-out.type=PUSH",
							"zmq.sockets.secure-out.connect=" + endpoint,
							"zmq.sockets.secure-out.security.curve.key-pair-file="
									+ directory.resolve("clients/client.key_secret"),
							"zmq.sockets.secure-out.security.curve.server-key-file=" + directory.resolve("server.key"))
						.run((clientContext) -> {
							clientContext.getBean(ZmqTemplate.class).send("secure-out", "from files");
							assertThat(received(serverContext).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
								.isEqualTo("from files");
						});
				});
		}

	}

	@Nested
	class Plain {

		@Test
		void theRightPasswordDeliversAndAWrongOneIsRefusedAndCounted() {
			server.withPropertyValues("zmq.sockets.secure-in.type=PULL", "zmq.sockets.secure-in.bind=tcp://127.0.0.1:*",
					"zmq.sockets.secure-in.security.plain.server=true",
					"zmq.security.authenticator.plain-users.alice=wonderland")
				.withUserConfiguration(SecureInListener.class)
				.run((serverContext) -> {
					String endpoint = endpoint(serverContext, "secure-in");
					client.withPropertyValues(plainClient(endpoint, "alice", "guess")).run((clientContext) -> {
						clientContext.getBean(ZmqTemplate.class).send("secure-out", "intruder");
						await().atMost(WAIT).until(() -> authFailures(serverContext, "secure-in") >= 1);
					});
					client.withPropertyValues(plainClient(endpoint, "alice", "wonderland")).run((clientContext) -> {
						clientContext.getBean(ZmqTemplate.class).send("secure-out", "alice here");
						assertThat(received(serverContext).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
							.isEqualTo("alice here");
					});
					assertThat(received(serverContext)).isEmpty();
				});
		}

		static String[] plainClient(String endpoint, String username, String password) {
			return new String[] { "zmq.sockets.secure-out.type=PUSH", "zmq.sockets.secure-out.connect=" + endpoint,
					"zmq.sockets.secure-out.security.plain.username=" + username,
					"zmq.sockets.secure-out.security.plain.password=" + password };
		}

	}

	@Nested
	class Reload {

		@Test
		void withReloadOnUpdateARewrittenUsersFileAdmitsTheNewUser(@TempDir Path directory) throws IOException {
			Path users = Files.writeString(directory.resolve("users.properties"), "alice=wonderland\n");
			server.withPropertyValues("zmq.sockets.secure-in.type=PULL", "zmq.sockets.secure-in.bind=tcp://127.0.0.1:*",
					"zmq.sockets.secure-in.security.plain.server=true",
					"zmq.security.authenticator.plain-users-file=" + users,
					"zmq.security.authenticator.reload-on-update=true", "zmq.security.authenticator.quiet-period=100ms")
				.withUserConfiguration(SecureInListener.class)
				.run((serverContext) -> {
					String endpoint = endpoint(serverContext, "secure-in");
					ZmqAuthenticator authenticator = serverContext.getBean(ZmqAuthenticator.class);
					client.withPropertyValues(Plain.plainClient(endpoint, "alice", "wonderland")).run((alice) -> {
						alice.getBean(ZmqTemplate.class).send("secure-out", "alice before");
						assertThat(received(serverContext).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
							.isEqualTo("alice before");
						Files.writeString(users, "alice=wonderland\nbob=builder\n");
						await().atMost(WAIT).until(() -> authenticator.plainUserNames().contains("bob"));
						client.withPropertyValues(Plain.plainClient(endpoint, "bob", "builder")).run((bob) -> {
							bob.getBean(ZmqTemplate.class).send("secure-out", "bob after the reload");
							assertThat(received(serverContext).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
								.isEqualTo("bob after the reload");
						});
						alice.getBean(ZmqTemplate.class).send("secure-out", "alice still connected");
						assertThat(received(serverContext).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
							.isEqualTo("alice still connected");
					});
					assertThat(serverContext.getBean(MeterRegistry.class)
						.get("zmq.auth.reloads")
						.tags("outcome", "success")
						.functionCounter()
						.count()).isPositive();
					assertThat(authFailures(serverContext, "secure-in")).isZero();
				});
		}

		@Test
		void theAuthenticatorIsABeanWhoseReloadRereadsItsFiles(@TempDir Path directory) throws IOException {
			ZmqKeyGenerator.writeCertificates(clientKeys, directory.resolve("clients/client"));
			client.withPropertyValues("zmq.security.authenticator.allow-curve-key-directory=" + directory.resolve("clients"))
				.run((context) -> {
					ZmqAuthenticator authenticator = context.getBean(ZmqAuthenticator.class);
					assertThat(authenticator.curveKeyCount()).isEqualTo(1);
					ZmqKeyGenerator.writeCertificates(strangerKeys, directory.resolve("clients/stranger"));
					authenticator.reload();
					assertThat(authenticator.curveKeyCount()).isEqualTo(2);
				});
		}

		@Test
		void withoutRulesThereIsNoAuthenticatorBean() {
			client.run((context) -> assertThat(context).doesNotHaveBean(ZmqAuthenticator.class));
		}

		@Test
		void anApplicationsOwnAuthenticatorIsTheOneTheEngineStarts() {
			ZmqAuthenticator own = ZmqAuthenticator.builder().allowCurveKeys(clientKeys.publicKey()).build();
			server.withPropertyValues(curveServer("secure-in"))
				.withPropertyValues("zmq.security.authenticator.allow-curve-keys=" + strangerKeys.publicKey())
				.withBean("ownAuthenticator", ZmqAuthenticator.class, () -> own)
				.withUserConfiguration(SecureInListener.class)
				.run((serverContext) -> {
					assertThat(serverContext).hasSingleBean(ZmqAuthenticator.class).hasBean("ownAuthenticator");
					String endpoint = endpoint(serverContext, "secure-in");
					client.withPropertyValues(curveClient("secure-out", endpoint, clientKeys)).run((clientContext) -> {
						clientContext.getBean(ZmqTemplate.class).send("secure-out", "admitted by the own authenticator");
						assertThat(received(serverContext).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS))
							.isEqualTo("admitted by the own authenticator");
					});
					assertThat(own.admitted()).isPositive();
				});
		}

		@Test
		void aQuietPeriodThatIsNotPositiveFailsNamingTheProperty(@TempDir Path directory) throws IOException {
			Path users = Files.writeString(directory.resolve("users.properties"), "alice=wonderland\n");
			client.withPropertyValues("zmq.security.authenticator.plain-users-file=" + users,
					"zmq.security.authenticator.reload-on-update=true", "zmq.security.authenticator.quiet-period=0s")
				.run((context) -> assertThat(propertyFailure(context))
					.hasMessageStartingWith("zmq.security.authenticator.quiet-period: 'PT0S' must be positive"));
		}

		@Test
		void reloadOnUpdateWithoutFilesFailsNamingTheProperty() {
			client.withPropertyValues("zmq.security.authenticator.plain-users.alice=wonderland",
					"zmq.security.authenticator.reload-on-update=true")
				.run((context) -> assertThat(propertyFailure(context))
					.hasMessageStartingWith("zmq.security.authenticator.reload-on-update: there is nothing to reload"));
		}

	}

	@Nested
	class StartUpFailures {

		@Test
		void aMalformedKeyFailsNamingTheProperty() {
			client.withPropertyValues(curveClient("secure", "tcp://127.0.0.1:5555", clientKeys))
				.withPropertyValues("zmq.sockets.secure.security.curve.server-key=tooshort")
				.run((context) -> assertThat(propertyFailure(context))
					.hasMessage("zmq.sockets.secure.security.curve.server-key: not a valid Z85 CURVE key "
							+ "(40 characters expected, got 8)"));
		}

		@Test
		void aMalformedSecretKeyIsNeverQuoted() {
			String secret = "~" + serverKeys.secretKey().substring(1);
			server.withPropertyValues(curveServer("secure"))
				.withPropertyValues("zmq.sockets.secure.security.curve.secret-key=" + secret)
				.run((context) -> assertThat(propertyFailure(context))
					.hasMessageStartingWith("zmq.sockets.secure.security.curve.secret-key: not a valid Z85 CURVE key")
					.satisfies((failure) -> {
						for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
							assertThat(String.valueOf(cause.getMessage())).doesNotContain(secret.substring(1, 20));
						}
					}));
		}

		@Test
		void aMissingSecretKeyFailsNamingTheProperty() {
			server.withPropertyValues("zmq.sockets.secure.type=PULL", "zmq.sockets.secure.bind=tcp://127.0.0.1:*",
					"zmq.sockets.secure.security.curve.server=true",
					"zmq.sockets.secure.security.curve.public-key=" + serverKeys.publicKey())
				.run((context) -> assertThat(propertyFailure(context))
					.hasMessageStartingWith("zmq.sockets.secure.security.curve.secret-key: is missing"));
		}

		@Test
		void aMissingServerKeyOnAClientFailsNamingTheProperty() {
			client.withPropertyValues("zmq.sockets.secure.type=PUSH", "zmq.sockets.secure.connect=tcp://127.0.0.1:5555",
					"zmq.sockets.secure.security.curve.public-key=" + clientKeys.publicKey(),
					"zmq.sockets.secure.security.curve.secret-key=" + clientKeys.secretKey())
				.run((context) -> assertThat(propertyFailure(context))
					.hasMessageStartingWith("zmq.sockets.secure.security.curve.server-key: is missing: a CURVE client "
							+ "needs the server's public key"));
		}

		@Test
		void aMalformedDefaultNamesTheDefaultsProperty() {
			client.withPropertyValues("zmq.defaults.security.curve.public-key=" + clientKeys.publicKey(),
					"zmq.defaults.security.curve.secret-key=short",
					"zmq.defaults.security.curve.server-key=" + serverKeys.publicKey())
				.run((context) -> assertThat(propertyFailure(context))
					.hasMessage("zmq.defaults.security.curve.secret-key: not a valid Z85 CURVE key "
							+ "(40 characters expected, got 5)"));
		}

		@Test
		void aMissingKeyFileFailsNamingTheProperty(@TempDir Path directory) {
			Path missing = directory.resolve("missing.key_secret");
			client.withPropertyValues("zmq.sockets.secure.type=PUSH", "zmq.sockets.secure.connect=tcp://127.0.0.1:5555",
					"zmq.sockets.secure.security.curve.key-pair-file=" + missing,
					"zmq.sockets.secure.security.curve.server-key=" + serverKeys.publicKey())
				.run((context) -> assertThat(propertyFailure(context))
					.hasMessageStartingWith("zmq.sockets.secure.security.curve.key-pair-file: certificate '" + missing
							+ "' cannot be read"));
		}

		@Test
		void aMalformedAllowedKeyFailsNamingTheAuthenticatorProperty() {
			client.withPropertyValues("zmq.security.authenticator.allow-curve-keys=nope")
				.run((context) -> assertThat(propertyFailure(context))
					.hasMessageStartingWith("zmq.security.authenticator.allow-curve-keys: "));
		}

	}

	@Nested
	class Secrets {

		@Test
		void propertiesNeverShowSecretsInToString() {
			client.withPropertyValues(curveClient("secure", "tcp://127.0.0.1:5555", clientKeys))
				.withPropertyValues("zmq.sockets.legacy.type=PUSH", "zmq.sockets.legacy.connect=tcp://127.0.0.1:5556",
						"zmq.sockets.legacy.security.plain.username=svc",
						"zmq.sockets.legacy.security.plain.password=hunter2",
						"zmq.security.authenticator.plain-users.alice=wonderland")
				.run((context) -> {
					ZmqProperties properties = context.getBean(ZmqProperties.class);
					String shown = properties.getSockets().get("secure").options().getSecurity() + " "
							+ properties.getSockets().get("legacy").options().getSecurity() + " " + properties.getSecurity();
					assertThat(shown).contains(clientKeys.publicKey(), "svc", "alice")
						.doesNotContain(clientKeys.secretKey(), "hunter2", "wonderland");
				});
		}

	}

	@Nested
	class DocumentedExample {

		@Test
		void theApplicationYmlOfDocsSecurityMdWorks(@TempDir Path directory) throws IOException {
			ZmqKeyGenerator.writeCertificates(clientKeys, directory.resolve("me"));
			server.withInitializer(yaml("security/server.yml"))
				.withPropertyValues("ORDERS_BIND=tcp://127.0.0.1:*", "LEGACY_BIND=tcp://127.0.0.1:*",
						"ORDERS_PUBLIC_KEY=" + serverKeys.publicKey(), "ORDERS_SECRET_KEY=" + serverKeys.secretKey(),
						"ORDERS_CLIENT_PUBLIC_KEY=" + clientKeys.publicKey(), "LEGACY_PASSWORD=s3cret")
				.withUserConfiguration(DocumentedListeners.class)
				.run((serverContext) -> {
					client.withInitializer(yaml("security/client.yml"))
						.withPropertyValues("ZMQ_KEY_PAIR_FILE=" + directory.resolve("me.key_secret"),
								"ORDERS_PUBLIC_KEY=" + serverKeys.publicKey(), "LEGACY_PASSWORD=s3cret",
								"ORDERS_ENDPOINT=" + endpoint(serverContext, "orders-in"),
								"LEGACY_ENDPOINT=" + endpoint(serverContext, "legacy-in"))
						.run((clientContext) -> {
							ZmqTemplate template = clientContext.getBean(ZmqTemplate.class);
							template.send("orders-out", "order 1");
							template.send("legacy-out", "legacy 1");
							BlockingQueue<String> received = received(serverContext);
							List<String> both = List.of(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS),
									received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
							assertThat(both).containsExactlyInAnyOrder("orders:order 1", "legacy:legacy 1");
						});
				});
		}

		@Test
		void readmeShowsExactlyTheTestedSecurityFiles() throws IOException {
			String docs = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
			for (String file : List.of("security/server.yml", "security/client.yml")) {
				String yaml = new ClassPathResource(file).getContentAsString(StandardCharsets.UTF_8);
				assertThat(docs).as("README.md shows src/test/resources/" + file).contains(yaml);
			}
		}

		private static ApplicationContextInitializer<ConfigurableApplicationContext> yaml(String resource) {
			return (context) -> {
				try {
					for (PropertySource<?> source : new YamlPropertySourceLoader().load(resource,
							new ClassPathResource(resource))) {
						context.getEnvironment().getPropertySources().addLast(source);
					}
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			};
		}

	}

	private String[] curveServer(String name) {
		return new String[] { "zmq.sockets." + name + ".type=PULL", "zmq.sockets." + name + ".bind=tcp://127.0.0.1:*",
				"zmq.sockets." + name + ".security.curve.server=true",
				"zmq.sockets." + name + ".security.curve.public-key=" + this.serverKeys.publicKey(),
				"zmq.sockets." + name + ".security.curve.secret-key=" + this.serverKeys.secretKey() };
	}

	private String[] curveClient(String name, String endpoint, ZmqKeyPair keys) {
		return new String[] { "zmq.sockets." + name + ".type=PUSH", "zmq.sockets." + name + ".connect=" + endpoint,
				"zmq.sockets." + name + ".security.curve.public-key=" + keys.publicKey(),
				"zmq.sockets." + name + ".security.curve.secret-key=" + keys.secretKey(),
				"zmq.sockets." + name + ".security.curve.server-key=" + this.serverKeys.publicKey() };
	}

	/** The tcp endpoint a socket of the context bound, once its listener container opened it. */
	private static String endpoint(AssertableApplicationContext context, String socketName) {
		ZmqEngine engine = context.getBean(ZmqEngine.class);
		int port = await().atMost(WAIT)
			.until(() -> engine.sockets()
				.stream()
				.filter((socket) -> socket.name().equals(socketName))
				.mapToInt(ManagedSocket::boundPort)
				.filter((p) -> p > 0)
				.findFirst()
				.orElse(-1), (p) -> p > 0);
		return "tcp://127.0.0.1:" + port;
	}

	/** The start-up failure naming the property, with everything it wraps (none of which may quote a secret). */
	private static InvalidZmqPropertyException propertyFailure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidZmqPropertyException failure) {
				return failure;
			}
		}
		throw new AssertionError("no InvalidZmqPropertyException in " + context.getStartupFailure());
	}

	private static double authFailures(AssertableApplicationContext context, String socketName) {
		return context.getBean(MeterRegistry.class)
			.get("zmq.auth.failures")
			.tags("socket", socketName, "type", "PULL")
			.functionCounter()
			.count();
	}

	private static BlockingQueue<String> received(AssertableApplicationContext context) {
		return context.getBean(Received.class).messages;
	}

	/** What the server's listeners received. */
	static class Received {

		final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

	}

	@Configuration(proxyBeanMethods = false)
	static class SecureInListener extends Received {

		@ZmqListener(id = "secure-in-listener", socket = "secure-in")
		void receive(String body) {
			this.messages.add(body);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnSocketListener extends Received {

		@ZmqListener(id = "own", type = SocketType.PULL, bind = "tcp://127.0.0.1:*")
		void receive(String body) {
			this.messages.add(body);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DocumentedListeners extends Received {

		@ZmqListener(socket = "orders-in")
		void order(String body) {
			this.messages.add("orders:" + body);
		}

		@ZmqListener(socket = "legacy-in")
		void legacy(String body) {
			this.messages.add("legacy:" + body);
		}

	}

}
