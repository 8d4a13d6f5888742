package io.github.zmqspring.core;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZmqEngineRequestReplyTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ZmqEngine engine = ZmqEngine.builder().name("reqrep").build();

	@AfterAll
	void closeEngine() {
		this.engine.close();
	}

	private ZmqServer echoServer(String name, SocketType type, int concurrency) {
		return this.engine.server(ZmqSocketSpec.builder(name, type).bind("tcp://127.0.0.1:*").build(),
				(request) -> ZmqMessage.of("echo " + request.body().frameAsString(0)), concurrency,
				ErrorReplyFactory.DEFAULT);
	}

	private ZmqRequester client(String name, ZmqServer server) {
		return this.engine.requester(
				ZmqSocketSpec.builder(name, SocketType.REQ).connect("tcp://127.0.0.1:" + server.boundPort()).build());
	}

	@Test
	void aThousandConcurrentRequestsFromSixteenThreadsEachGetTheirOwnReply() throws Exception {
		ExecutorService callers = Executors.newFixedThreadPool(16);
		try (ZmqServer server = echoServer("echo-1000", SocketType.REP, 1);
				ZmqRequester requester = client("client-1000", server)) {
			List<Future<Boolean>> results = new ArrayList<>();
			CountDownLatch start = new CountDownLatch(1);
			for (int i = 0; i < 1000; i++) {
				String body = "request-" + i;
				results.add(callers.submit(() -> {
					start.await();
					return requester.request(ZmqMessage.of(body), WAIT).equals(ZmqMessage.of("echo " + body));
				}));
			}
			start.countDown();
			for (Future<Boolean> result : results) {
				assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
			}
			assertThat(requester.inFlight()).isZero();
			assertThat(requester.stats().lateReplies()).isZero();
		}
		finally {
			callers.shutdownNow();
		}
	}

	@Test
	void aRouterServerWithConcurrencyRoutesEveryReplyToItsRequester() throws Exception {
		try (ZmqServer server = echoServer("echo-router", SocketType.ROUTER, 4)) {
			List<ZmqRequester> clients = new ArrayList<>();
			for (int c = 0; c < 4; c++) {
				clients.add(client("router-client-" + c, server));
			}
			List<CompletableFuture<Boolean>> results = new ArrayList<>();
			for (int i = 0; i < 400; i++) {
				String body = "r" + i;
				ZmqRequester requester = clients.get(i % clients.size());
				results.add(requester.requestAsync(ZmqMessage.of(body), WAIT)
					.thenApply((reply) -> reply.equals(ZmqMessage.of("echo " + body))));
			}
			for (CompletableFuture<Boolean> result : results) {
				assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
			}
			clients.forEach(ZmqRequester::close);
		}
	}

	@Test
	void aTimedOutRequestDoesNotDelayTheNextAndItsLateReplyIsCounted() throws Exception {
		CountDownLatch releaseSlow = new CountDownLatch(1);
		try (ZmqServer server = this.engine.server(
				ZmqSocketSpec.builder("sometimes-slow", SocketType.REP).bind("tcp://127.0.0.1:*").build(), (request) -> {
					if (request.body().frameAsString(0).equals("slow")) {
						releaseSlow.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
					}
					return request.body();
				}, 2, ErrorReplyFactory.DEFAULT);
				ZmqRequester requester = client("impatient", server)) {
			assertThatExceptionOfType(ZmqRequestTimeoutException.class)
				.isThrownBy(() -> requester.request(ZmqMessage.of("slow"), Duration.ofMillis(100)))
				.withMessageContaining("No reply on socket 'impatient' within 100 ms")
				.satisfies((ex) -> assertThat(ex.getTimeout()).isEqualTo(Duration.ofMillis(100)));
			// The server still works on the slow one: the next request is served by the second worker at once.
			assertThat(requester.request(ZmqMessage.of("fast"), WAIT)).isEqualTo(ZmqMessage.of("fast"));
			releaseSlow.countDown();
			await().atMost(WAIT).until(() -> requester.stats().lateReplies() == 1);
			assertThat(requester.request(ZmqMessage.of("after"), WAIT)).isEqualTo(ZmqMessage.of("after"));
		}
	}

	@Test
	void aHandlerFailureAnswersWithTheErrorReplyAndTheServerKeepsServing() {
		try (ZmqServer server = this.engine.server(
				ZmqSocketSpec.builder("fails-on-boom", SocketType.REP).bind("tcp://127.0.0.1:*").build(), (request) -> {
					if (request.body().frameAsString(0).equals("boom")) {
						throw new IllegalArgumentException("cannot handle boom");
					}
					return null;
				});
				ZmqRequester requester = client("boom-client", server)) {
			assertThat(requester.request(ZmqMessage.of("boom"), WAIT))
				.isEqualTo(ZmqMessage.of("ERROR: IllegalArgumentException: cannot handle boom"));
			assertThat(requester.request(ZmqMessage.of("fine"), WAIT)).isEqualTo(ZmqMessage.of(new byte[0]));
			assertThat(server.stats().handlerErrors()).isEqualTo(1);
		}
	}

	@Test
	void aRepServerDropsAMalformedRequestAndLosesNoReply() throws Exception {
		try (ZmqServer server = echoServer("strict-rep", SocketType.REP, 1);
				ZmqRequester requester = client("well-behaved", server);
				ZmqSocket rogue = this.engine.open(ZmqSocketSpec.builder("rogue", SocketType.DEALER)
					.connect("tcp://127.0.0.1:" + server.boundPort())
					.build())) {
			CompletableFuture<ZmqMessage> inFlight = requester.requestAsync(ZmqMessage.of("before"), WAIT);
			// No empty delimiter: a REP socket cannot route a reply to this.
			rogue.send(ZmqMessage.of("no delimiter"));
			rogue.close();
			assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo(ZmqMessage.of("echo before"));
			assertThat(requester.request(ZmqMessage.of("after"), WAIT)).isEqualTo(ZmqMessage.of("echo after"));
			await().atMost(WAIT).until(() -> server.stats().malformed() == 1);
		}
	}

	@Test
	void aRequesterWorksAgainstARawRouterPeerThatEchoesTheEnvelope() throws Exception {
		// The wire format a libzmq REP socket sees: [request id][empty][body].
		ZmqSocket[] router = new ZmqSocket[1];
		router[0] = this.engine.open(ZmqSocketSpec.builder("raw-router", SocketType.ROUTER).bind("tcp://127.0.0.1:*").build(),
				(message) -> {
					assertThat(message.size()).isEqualTo(4);
					assertThat(message.frame(1)).hasSize(8);
					assertThat(message.frame(2)).isEmpty();
					router[0].send(ZmqMessage.of("raw reply").withEnvelope(message.envelope()));
				});
		try (ZmqRequester requester = this.engine.requester(ZmqSocketSpec.builder("raw-client", SocketType.DEALER)
			.connect("tcp://127.0.0.1:" + router[0].boundPort())
			.build())) {
			assertThat(requester.request(ZmqMessage.of("hi"), WAIT)).isEqualTo(ZmqMessage.of("raw reply"));
		}
		finally {
			router[0].close();
		}
	}

	@Test
	void aReqRequesterIsLibzmqReqOnTheWireSoARouterServerSeesTheRfcEnvelope() throws Exception {
		// A ROUTER server written for libzmq reads [identity][""][body] and answers [identity][""][reply].
		java.util.Queue<Integer> frameCounts = new java.util.concurrent.ConcurrentLinkedQueue<>();
		ZmqSocket[] router = new ZmqSocket[1];
		router[0] = this.engine.open(ZmqSocketSpec.builder("rfc-router", SocketType.ROUTER).bind("tcp://127.0.0.1:*").build(),
				(message) -> {
					frameCounts.add(message.size());
					if (message.size() == 3 && message.frame(1).length == 0) {
						router[0].send(ZmqMessage.of(message.frame(0), new byte[0],
								("re: " + message.frameAsString(2)).getBytes(StandardCharsets.UTF_8)));
					}
				});
		try (ZmqRequester requester = this.engine.requester(ZmqSocketSpec.builder("rfc-req", SocketType.REQ)
			.connect("tcp://127.0.0.1:" + router[0].boundPort())
			.build())) {
			for (int i = 0; i < 20; i++) {
				assertThat(requester.request(ZmqMessage.of("q" + i), WAIT)).isEqualTo(ZmqMessage.of("re: q" + i));
			}
			assertThat(frameCounts).hasSize(20).containsOnly(3);
		}
		finally {
			router[0].close();
		}
	}

	@Test
	void serverAnswersAPlainZmtpReqPeerByteForByte() throws Exception {
		try (ZmqServer server = echoServer("wire-rep", SocketType.REP, 1); Socket peer = new Socket("127.0.0.1", server.boundPort())) {
			peer.setSoTimeout((int) WAIT.toMillis());
			OutputStream out = peer.getOutputStream();
			InputStream in = peer.getInputStream();
			// ZMTP 3.0 greeting (NULL mechanism, as-server false) and READY with Socket-Type REQ.
			byte[] greeting = new byte[64];
			greeting[0] = (byte) 0xFF;
			greeting[9] = 0x7F;
			greeting[10] = 3;
			System.arraycopy("NULL".getBytes(), 0, greeting, 12, 4);
			out.write(greeting);
			out.flush();
			// Like libzmq, wait for the server's greeting before the READY command (JeroMQ 0.6.0 drops a peer
			// whose greeting and READY arrive in one segment).
			assertThat(in.readNBytes(64)).hasSize(64);
			byte[] ready = readyCommand("REQ");
			out.write(ready);
			// [empty delimiter (more)][body]
			out.write(new byte[] { 0x01, 0x00 });
			byte[] body = "hello".getBytes();
			out.write(new byte[] { 0x00, (byte) body.length });
			out.write(body);
			out.flush();
			int flags = in.read();
			int size = in.read();
			in.readNBytes(size);
			assertThat(flags).isEqualTo(0x04);
			// The reply: [empty (more)][echo hello]
			assertThat(in.readNBytes(2)).containsExactly(0x01, 0x00);
			assertThat(in.read()).isEqualTo(0x00);
			int length = in.read();
			assertThat(new String(in.readNBytes(length))).isEqualTo("echo hello");
		}
	}

	private static byte[] readyCommand(String socketType) {
		byte[] name = "READY".getBytes();
		byte[] key = "Socket-Type".getBytes();
		byte[] value = socketType.getBytes();
		int size = 1 + name.length + 1 + key.length + 4 + value.length;
		java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(2 + size);
		buffer.put((byte) 0x04).put((byte) size).put((byte) name.length).put(name).put((byte) key.length).put(key)
			.putInt(value.length).put(value);
		return buffer.array();
	}

}
