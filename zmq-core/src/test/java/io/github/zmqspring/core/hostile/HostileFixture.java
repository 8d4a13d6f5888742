package io.github.zmqspring.core.hostile;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketStats;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One ZMTP engine with the three sockets hostile peers are aimed at: a REP server, a PULL receiver and a PUB with a
 * good SUB subscribed to it, plus a bystander REP server with its own client. {@link #assertServed(Target)} is what
 * every hostile case ends with: a fresh good raw peer and the long-lived good engine peer are both served by the
 * attacked socket within 5 s, nothing from an offender reached a handler, and the bystander still answers.
 * <p>
 * The attacked sockets have a 30 s handshake interval unless a test asks for another, so that a refusal is never
 * confused with an expiry.
 */
final class HostileFixture implements AutoCloseable {

	static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

	/** Used heap may grow at most this much across a flood once garbage is collected. */
	static final long HEAP_GROWTH_BOUND = 64L * 1024 * 1024;

	/** The sockets under attack, by the role they play. */
	enum Target {

		/**
		 * {@code engine.server(REP spec, handler)}; the offender claims to be a REQ. The server is a ROUTER on the
		 * wire (the design serves REP-style on a ROUTER the engine drives), so its READY says ROUTER.
		 */
		REP("REQ", "ROUTER"),
		/** {@code engine.open(PULL spec, handler)}; the offender claims to be a PUSH. */
		PULL("PUSH", "PULL"),
		/** {@code engine.open(PUB spec)} publishing to a good SUB; the offender claims to be a SUB. */
		PUB("SUB", "PUB");

		private final String peerType;

		private final String wireType;

		Target(String peerType, String wireType) {
			this.peerType = peerType;
			this.wireType = wireType;
		}

		/** The socket type the engine declares in its READY. */
		String wireType() {
			return this.wireType;
		}

		/** The socket type a compatible peer declares in its READY. */
		String peerType() {
			return this.peerType;
		}

	}

	final ZmqEngine engine;

	final Queue<SocketEvent> events = new ConcurrentLinkedQueue<>();

	/** Everything that reached the REP handler and the PULL handler (first frame, UTF-8). */
	final Queue<String> handled = new ConcurrentLinkedQueue<>();

	/** The frame count of every message the PULL handler got. */
	final Queue<Integer> pulledFrameCounts = new ConcurrentLinkedQueue<>();

	/** Threads for raw peers that read or write while the test thread waits (the common pool has one on 2 cores). */
	final ExecutorService executor = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "hostile-peer");
		thread.setDaemon(true);
		return thread;
	});

	/** Everything the good SUB received (first frame, UTF-8). */
	final Queue<String> subscribed = new ConcurrentLinkedQueue<>();

	final ZmqServer rep;

	final ZmqSocket pull;

	final ZmqSocket pub;

	private final ZmqSocket goodSub;

	private final ZmqRequester goodRequester;

	private final ZmqSocket goodPusher;

	private final ZmqServer bystander;

	private final ZmqRequester bystanderClient;

	private final AtomicInteger sequence = new AtomicInteger();

	private final Duration handshakeInterval;

	/** A fixture whose attacked sockets have a 30 s handshake interval. */
	HostileFixture(String name) {
		this(name, Duration.ofSeconds(30));
	}

	/** A fixture whose attacked sockets have the given handshake interval. */
	HostileFixture(String name, Duration handshakeInterval) {
		this.handshakeInterval = handshakeInterval;
		this.engine = ZmqEngine.builder()
			.name(name)
			.eventListener(this.events::add)
			.build();
		this.rep = this.engine.server(spec("rep", SocketType.REP), (request) -> {
			String body = request.body().frameAsString(0);
			this.handled.add(body);
			return ZmqMessage.of("echo " + body);
		});
		this.pull = this.engine.open(spec("pull", SocketType.PULL),
				(message) -> {
					this.pulledFrameCounts.add(message.size());
					this.handled.add(message.frameAsString(0));
				});
		this.pub = this.engine.open(spec("pub", SocketType.PUB));
		this.goodSub = this.engine.open(ZmqSocketSpec.builder("good-sub", SocketType.SUB)
			.connect(endpoint(this.pub))
			.subscribe("good")
			.build(), (message) -> this.subscribed.add(message.frameAsString(0)));
		this.goodRequester = this.engine.requester(ZmqSocketSpec.builder("good-req", SocketType.REQ)
			.connect(endpoint(this.rep))
			.build());
		this.goodPusher = this.engine.open(ZmqSocketSpec.builder("good-push", SocketType.PUSH)
			.connect(endpoint(this.pull))
			.build());
		this.bystander = this.engine.server(ZmqSocketSpec.builder("bystander", SocketType.REP)
			.bind("tcp://127.0.0.1:*")
			.build(), (request) -> ZmqMessage.of("echo " + request.body().frameAsString(0)));
		this.bystanderClient = this.engine.requester(ZmqSocketSpec.builder("bystander-client", SocketType.REQ)
			.connect(endpoint(this.bystander))
			.build());
	}

	private ZmqSocketSpec spec(String name, SocketType type) {
		return ZmqSocketSpec.builder(name, type).bind("tcp://127.0.0.1:*").handshakeInterval(this.handshakeInterval).build();
	}

	/** The socket's first bound endpoint, read back from the socket (never a fixed port). */
	static String endpoint(ManagedSocket socket) {
		List<String> bound = socket.boundEndpoints();
		assertThat(bound).as("bound endpoints of %s", socket.name()).isNotEmpty();
		return bound.get(0).replace("0.0.0.0", "127.0.0.1");
	}

	/**
	 * Starts a case: forgets what the handlers got so far, so that an offender let through by one case fails that case
	 * and not the next one.
	 */
	void startCase() {
		this.handled.clear();
		this.pulledFrameCounts.clear();
	}

	ManagedSocket socket(Target target) {
		return switch (target) {
			case REP -> this.rep;
			case PULL -> this.pull;
			case PUB -> this.pub;
		};
	}

	int port(Target target) {
		return socket(target).boundPort();
	}

	long count(Target target, ToLongFunction<SocketStats> counter) {
		return counter.applyAsLong(socket(target).stats());
	}

	/** Connects a raw peer to the target and completes a 3.1 NULL handshake as a compatible socket type. */
	RawPeer handshake(Target target) throws Exception {
		return RawPeer.handshake(port(target), target.peerType());
	}

	/**
	 * Asserts that the offender's connection was closed by the target within 5 s and that the target reported it with
	 * an event of the given type naming the offender's address.
	 */
	void assertDroppedAndReported(Target target, RawPeer offender, SocketEventType type) throws Exception {
		String address = offender.address();
		assertThat(offender.closedByServerWithin(FIVE_SECONDS)).as("%s closed the offender's connection", target).isTrue();
		awaitReported(target, type, address);
	}

	/** Waits up to 5 s for an event of that type from the target's socket naming that peer address. */
	void awaitReported(Target target, SocketEventType type, String address) {
		String name = socket(target).name();
		waitAtMost(FIVE_SECONDS)
			.alias(type + " from " + name + " for " + address)
			.until(() -> this.events.stream()
				.anyMatch((event) -> event.type() == type && event.socketName().equals(name)
						&& event.endpoint().equals(address)));
	}

	/** How many events of that type the target's socket reported for that peer address. */
	long reported(Target target, SocketEventType type, String address) {
		String name = socket(target).name();
		return this.events.stream()
			.filter((event) -> event.type() == type && event.socketName().equals(name) && event.endpoint().equals(address))
			.count();
	}

	/**
	 * A fresh good raw peer and the long-lived good engine peer are both served by the target within 5 s, nothing but
	 * good traffic ever reached a handler, and the bystander socket answers.
	 */
	void assertServed(Target target) throws Exception {
		String body = "good-" + this.sequence.incrementAndGet();
		switch (target) {
			case REP -> {
				assertThat(this.goodRequester.requestAsync(ZmqMessage.of(body), FIVE_SECONDS).get(5, TimeUnit.SECONDS))
					.isEqualTo(ZmqMessage.of("echo " + body));
				try (RawPeer fresh = handshake(target)) {
					fresh.write(ZmtpBytes.message("", body + "-raw"));
					assertThat(fresh.readTextMessage()).containsExactly("", "echo " + body + "-raw");
				}
			}
			case PULL -> {
				this.goodPusher.send(ZmqMessage.of(body));
				try (RawPeer fresh = handshake(target)) {
					fresh.write(ZmtpBytes.message(body + "-raw"));
					waitAtMost(FIVE_SECONDS).until(() -> this.handled.contains(body) && this.handled.contains(body + "-raw"));
				}
			}
			case PUB -> {
				waitAtMost(FIVE_SECONDS).pollInterval(Duration.ofMillis(20)).until(() -> {
					this.pub.send(ZmqMessage.of(body));
					return this.subscribed.contains(body);
				});
				try (RawPeer fresh = handshake(target)) {
					fresh.write(ZmtpBytes.subscribeCommand(ZmtpBytes.utf8("good")));
					assertThat(receiveWhilePublishing(fresh, body + "-raw")).containsExactly(body + "-raw");
				}
			}
		}
		List<String> foreign = this.handled.stream().filter((text) -> !text.startsWith("good-")).toList();
		// Removed so that one engine failure fails one case, not every case after it.
		this.handled.removeAll(foreign);
		assertThat(foreign).as("what reached the handlers from offenders").isEmpty();
		assertThat(this.bystanderClient.request(ZmqMessage.of("still there"), FIVE_SECONDS))
			.isEqualTo(ZmqMessage.of("echo still there"));
	}

	/**
	 * Publishes the payload on the PUB every 20 ms until the raw subscriber got a message (5 s at most).
	 * @return the first message the subscriber got
	 */
	List<String> receiveWhilePublishing(RawPeer subscriber, String payload) throws Exception {
		CompletableFuture<List<String>> received = CompletableFuture.supplyAsync(() -> {
			try {
				return subscriber.readTextMessage();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}, this.executor);
		waitAtMost(FIVE_SECONDS).pollInterval(Duration.ofMillis(20)).until(() -> {
			this.pub.send(ZmqMessage.of(payload));
			return received.isDone();
		});
		return received.get();
	}

	/**
	 * Awaitility with a deadline, checking at once and then every 10 ms (the defaults wait 100 ms before the first
	 * check, which hundreds of cases pay for nothing).
	 * @param atMost the deadline
	 */
	static ConditionFactory waitAtMost(Duration atMost) {
		return Awaitility.await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
	}

	/** Used heap after collecting garbage until it stops shrinking (at most a few rounds). */
	static long settledHeap() {
		long previous = Long.MAX_VALUE;
		long used = usedHeap();
		for (int round = 0; round < 5 && used < previous; round++) {
			System.gc();
			previous = used;
			used = usedHeap();
		}
		return used;
	}

	/**
	 * Asserts that used heap comes back within {@link #HEAP_GROWTH_BOUND} of the baseline, collecting garbage while
	 * waiting (10 s at most).
	 */
	static void assertHeapWithinBoundOf(long baseline) {
		waitAtMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.alias("used heap within " + (HEAP_GROWTH_BOUND >> 20) + " MiB of " + (baseline >> 20) + " MiB")
			.until(() -> {
				System.gc();
				return usedHeap() - baseline < HEAP_GROWTH_BOUND;
			});
	}

	static long usedHeap() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/** Closes the engine; fails when that takes longer than 10 s (no 30 s hang). */
	@Override
	public void close() {
		assertThat(CompletableFuture.runAsync(this.engine::close, this.executor)).succeedsWithin(Duration.ofSeconds(10));
		assertThat(this.engine.isClosed()).isTrue();
		this.executor.shutdownNow();
	}

}
