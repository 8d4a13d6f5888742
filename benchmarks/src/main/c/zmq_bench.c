/*
 * libzmq side of the benchmarks' case 7: the same three measurements as the Java implementations, with libzmq on
 * both ends, in one process (one context, libzmq's default single I/O thread), over tcp loopback.
 *
 *   zmq_bench setup      count=N
 *       a bound PULL; N times: new PUSH, connect, send one 12-byte message, receive it at the PULL, close the PUSH;
 *       besides the whole connect → received latency, its two parts: socket + connect call, connect call → received
 *   zmq_bench throughput size=S warmup=W count=N [curve=1 [server_public=Z server_secret=Z client_public=Z
 *                        client_secret=Z]]
 *       a bound PULL (main thread) and a connected PUSH (its own thread) sending W + N messages of S bytes; the rate
 *       is N over the time between receiving message W and message W + N. With curve=1 the PULL is a CURVE server
 *       (its secret key) and the PUSH a CURVE client (its key pair and the server's public key), no ZAP handler; the
 *       keys are the Z85 ones given, or fresh ones from zmq_curve_keypair when none are. Then both sockets must report
 *       ZMQ_MECHANISM = ZMQ_CURVE and a monitor on the PULL must have seen ZMQ_EVENT_HANDSHAKE_SUCCEEDED (and no
 *       failed handshake), else the run is an error: a plaintext run would look like a fast CURVE one
 *   zmq_bench pubsub     size=S warmup=W count=N
 *       a bound SUB subscribed to everything (main thread) and a connected XPUB (its own thread) that waits for the
 *       SUB's subscription, then publishes W + N messages of S bytes; both high water marks unlimited, so nothing is
 *       dropped; the rate is N over the time between receiving message W and message W + N
 *   zmq_bench reqrep     size=S warmup=W count=N
 *       a bound REP echoing on its own thread, a connected REQ (main thread) doing W + N lock-step round trips; the
 *       last N are timed one by one
 *   zmq_bench router     count=N [seconds=S]
 *       case 9: a bound ROUTER answering every request [id][body] with [id][body]; prints "port port=P" at once, then
 *       "result case=router ..." once N requests were answered or S seconds (default 120) passed, with the resident
 *       memory (VmRSS) and threads before the first connection and then; then waits for a line on stdin (the
 *       clients close first) and exits. The clients are another process's (10,000 libzmq sockets here would need a
 *       descriptor each for their mailboxes besides their connections')
 *
 * The throughput receiver takes exactly the W + N messages sent and counts those that are not one frame of S bytes
 * (mismatched=).
 *
 * Prints one line on stdout: "result case=<case> key=value ..." (times in microseconds, rates per second), or
 * "error <message>" with exit status 1. Built by the benchmark (LibZmqHarness) with
 *   gcc -O2 -o zmq_bench zmq_bench.c -lzmq -lpthread
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

/* a set-up cycle whose message is not received within this bound counts as lost */
#define SETUP_TIMEOUT_MS 3000
/* no receive in the throughput and request/reply cases may take longer than this */
#define TIMEOUT_MS 10000

static void fail(const char *what) {
	printf("error %s: %s\n", what, zmq_strerror(zmq_errno()));
	fflush(stdout);
	exit(1);
}

static uint64_t now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

static long arg(int argc, char **argv, const char *name, long fallback) {
	size_t len = strlen(name);
	for (int i = 2; i < argc; i++) {
		if (strncmp(argv[i], name, len) == 0 && argv[i][len] == '=') {
			char *end;
			long value = strtol(argv[i] + len + 1, &end, 10);
			if (*end != '\0' || value < 0) {
				printf("error bad value '%s'\n", argv[i]);
				exit(1);
			}
			return value;
		}
	}
	return fallback;
}

/* the text after "name=", or NULL when the argument is absent (Z85 keys may contain '=', so only the first counts) */
static const char *text_arg(int argc, char **argv, const char *name) {
	size_t len = strlen(name);
	for (int i = 2; i < argc; i++) {
		if (strncmp(argv[i], name, len) == 0 && argv[i][len] == '=') {
			return argv[i] + len + 1;
		}
	}
	return NULL;
}

static int compare(const void *a, const void *b) {
	double x = *(const double *) a, y = *(const double *) b;
	return (x > y) - (x < y);
}

/* nearest-rank percentile of sorted values, as the Java side's Report.percentile */
static double percentile(const double *sorted, long n, double p) {
	if (n == 0) {
		return 0;
	}
	long index = (long) ((p / 100.0) * n + 0.999999999) - 1;
	if (index < 0) {
		index = 0;
	}
	if (index >= n) {
		index = n - 1;
	}
	return sorted[index];
}

static void *socket_or_fail(void *context, int type) {
	void *socket = zmq_socket(context, type);
	if (socket == NULL) {
		fail("zmq_socket");
	}
	return socket;
}

static void set_int(void *socket, int option, int value) {
	if (zmq_setsockopt(socket, option, &value, sizeof value) != 0) {
		fail("zmq_setsockopt");
	}
}

/* binds to a random loopback port and writes the endpoint (tcp://127.0.0.1:port) */
static void bind_random(void *socket, char *endpoint, size_t size) {
	if (zmq_bind(socket, "tcp://127.0.0.1:*") != 0) {
		fail("zmq_bind");
	}
	if (zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, endpoint, &size) != 0) {
		fail("zmq_getsockopt(ZMQ_LAST_ENDPOINT)");
	}
}

static int setup(int argc, char **argv) {
	long count = arg(argc, argv, "count", 1000);
	void *context = zmq_ctx_new();
	void *pull = socket_or_fail(context, ZMQ_PULL);
	set_int(pull, ZMQ_LINGER, 0);
	set_int(pull, ZMQ_RCVTIMEO, SETUP_TIMEOUT_MS);
	char endpoint[256];
	bind_random(pull, endpoint, sizeof endpoint);
	size_t slots = (size_t) (count > 0 ? count : 1);
	double *micros = malloc(sizeof(double) * slots);
	double *opens = malloc(sizeof(double) * slots);
	double *deliveries = malloc(sizeof(double) * slots);
	long delivered = 0;
	long lost = 0;
	uint64_t begin = now_ns();
	for (long i = 0; i < count; i++) {
		unsigned char message[12];
		uint64_t start = now_ns();
		memcpy(message, &start, 8);
		uint32_t index = (uint32_t) i;
		memcpy(message + 8, &index, 4);
		void *push = socket_or_fail(context, ZMQ_PUSH);
		set_int(push, ZMQ_LINGER, 0);
		if (zmq_connect(push, endpoint) != 0) {
			fail("zmq_connect");
		}
		uint64_t connected = now_ns();
		if (zmq_send(push, message, sizeof message, 0) != (int) sizeof message) {
			fail("zmq_send");
		}
		for (;;) {
			unsigned char received[16];
			int size = zmq_recv(pull, received, sizeof received, 0);
			if (size < 0) {
				if (zmq_errno() == EAGAIN) {
					lost++;
					break;
				}
				fail("zmq_recv");
			}
			uint32_t got;
			memcpy(&got, received + 8, 4);
			if (size == (int) sizeof message && got == index) {
				uint64_t end = now_ns();
				opens[delivered] = (double) (connected - start) / 1000.0;
				deliveries[delivered] = (double) (end - connected) / 1000.0;
				micros[delivered++] = (double) (end - start) / 1000.0;
				break;
			}
			/* a late message of a lost cycle: skip it */
		}
		zmq_close(push);
	}
	double seconds = (double) (now_ns() - begin) / 1e9;
	qsort(micros, (size_t) delivered, sizeof(double), compare);
	qsort(opens, (size_t) delivered, sizeof(double), compare);
	qsort(deliveries, (size_t) delivered, sizeof(double), compare);
	printf("result case=setup cycles=%ld delivered=%ld lost=%ld seconds=%.6f rate=%.1f p50_us=%.1f p99_us=%.1f "
			"max_us=%.1f open_p50_us=%.1f deliver_p50_us=%.1f\n", count, delivered, lost, seconds,
			(double) count / seconds, percentile(micros, delivered, 50), percentile(micros, delivered, 99),
			percentile(micros, delivered, 100), percentile(opens, delivered, 50), percentile(deliveries, delivered, 50));
	free(micros);
	free(opens);
	free(deliveries);
	zmq_close(pull);
	zmq_ctx_term(context);
	return 0;
}

/* CURVE keys in Z85 (40 characters and the terminator), as zmq_curve_keypair writes them */
struct curve {
	int enabled;
	char server_public[41];
	char server_secret[41];
	char client_public[41];
	char client_secret[41];
};

static void z85_arg(int argc, char **argv, const char *name, char *key) {
	const char *value = text_arg(argc, argv, name);
	if (value == NULL || strlen(value) != 40) {
		printf("error %s: expected a 40-character Z85 key\n", name);
		exit(1);
	}
	memcpy(key, value, 41);
}

/* curve=1: the keys given on the command line, or all four fresh when none is */
static void curve_args(int argc, char **argv, struct curve *curve) {
	memset(curve, 0, sizeof *curve);
	curve->enabled = arg(argc, argv, "curve", 0) != 0;
	if (!curve->enabled) {
		return;
	}
	if (!zmq_has("curve")) {
		printf("error this libzmq has no CURVE support\n");
		exit(1);
	}
	if (text_arg(argc, argv, "server_public") == NULL) {
		if (zmq_curve_keypair(curve->server_public, curve->server_secret) != 0
				|| zmq_curve_keypair(curve->client_public, curve->client_secret) != 0) {
			fail("zmq_curve_keypair");
		}
		return;
	}
	z85_arg(argc, argv, "server_public", curve->server_public);
	z85_arg(argc, argv, "server_secret", curve->server_secret);
	z85_arg(argc, argv, "client_public", curve->client_public);
	z85_arg(argc, argv, "client_secret", curve->client_secret);
}

static void set_key(void *socket, int option, const char *z85) {
	/* 41 octets: a Z85 string with its terminator, which libzmq decodes */
	if (zmq_setsockopt(socket, option, z85, 41) != 0) {
		fail("zmq_setsockopt(CURVE key)");
	}
}

static void require_curve(void *socket, const char *which) {
	int mechanism = -1;
	size_t size = sizeof mechanism;
	if (zmq_getsockopt(socket, ZMQ_MECHANISM, &mechanism, &size) != 0) {
		fail("zmq_getsockopt(ZMQ_MECHANISM)");
	}
	if (mechanism != ZMQ_CURVE) {
		printf("error the %s's ZMQ_MECHANISM is %d, not ZMQ_CURVE (%d)\n", which, mechanism, ZMQ_CURVE);
		exit(1);
	}
}

struct sender {
	void *context;
	char endpoint[256];
	long size;
	long messages;
	const struct curve *curve;
};

static void *send_all(void *argument) {
	struct sender *sender = argument;
	void *push = socket_or_fail(sender->context, ZMQ_PUSH);
	if (sender->curve->enabled) {
		set_key(push, ZMQ_CURVE_SERVERKEY, sender->curve->server_public);
		set_key(push, ZMQ_CURVE_PUBLICKEY, sender->curve->client_public);
		set_key(push, ZMQ_CURVE_SECRETKEY, sender->curve->client_secret);
		require_curve(push, "PUSH");
	}
	if (zmq_connect(push, sender->endpoint) != 0) {
		fail("zmq_connect");
	}
	char *payload = malloc((size_t) sender->size + 1);
	memset(payload, 'a', (size_t) sender->size + 1);
	for (long i = 0; i < sender->messages; i++) {
		if (zmq_send(push, payload, (size_t) sender->size, 0) < 0) {
			fail("zmq_send");
		}
	}
	free(payload);
	/* default linger: waits until the PULL took every message */
	zmq_close(push);
	return NULL;
}

/* the monitor's handshake events, read without waiting once the run is over */
static void count_handshakes(void *monitor, long *succeeded, long *failed) {
	for (;;) {
		zmq_msg_t event;
		zmq_msg_init(&event);
		if (zmq_msg_recv(&event, monitor, ZMQ_DONTWAIT) < 0) {
			zmq_msg_close(&event);
			return;
		}
		uint16_t type = 0;
		if (zmq_msg_size(&event) >= 2) {
			memcpy(&type, zmq_msg_data(&event), 2);
		}
		if (type == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
			(*succeeded)++;
		}
		else {
			(*failed)++;
		}
		/* the second frame, the endpoint */
		int more = zmq_msg_more(&event);
		zmq_msg_close(&event);
		if (more) {
			zmq_msg_t endpoint;
			zmq_msg_init(&endpoint);
			zmq_msg_recv(&endpoint, monitor, 0);
			zmq_msg_close(&endpoint);
		}
	}
}

static int throughput(int argc, char **argv) {
	struct sender sender;
	struct curve curve;
	curve_args(argc, argv, &curve);
	sender.curve = &curve;
	sender.size = arg(argc, argv, "size", 100);
	long warmup = arg(argc, argv, "warmup", 10000);
	long count = arg(argc, argv, "count", 100000);
	sender.messages = warmup + count;
	sender.context = zmq_ctx_new();
	void *pull = socket_or_fail(sender.context, ZMQ_PULL);
	set_int(pull, ZMQ_RCVTIMEO, TIMEOUT_MS);
	void *monitor = NULL;
	if (curve.enabled) {
		set_int(pull, ZMQ_CURVE_SERVER, 1);
		set_key(pull, ZMQ_CURVE_SECRETKEY, curve.server_secret);
		require_curve(pull, "PULL");
		/* attached before the bind, so that no handshake can go unseen */
		if (zmq_socket_monitor(pull, "inproc://bench-curve-monitor", ZMQ_EVENT_HANDSHAKE_SUCCEEDED
				| ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
				| ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) != 0) {
			fail("zmq_socket_monitor");
		}
		monitor = socket_or_fail(sender.context, ZMQ_PAIR);
		if (zmq_connect(monitor, "inproc://bench-curve-monitor") != 0) {
			fail("zmq_connect(monitor)");
		}
	}
	bind_random(pull, sender.endpoint, sizeof sender.endpoint);
	pthread_t thread;
	if (pthread_create(&thread, NULL, send_all, &sender) != 0) {
		printf("error pthread_create\n");
		return 1;
	}
	zmq_msg_t message;
	zmq_msg_init(&message);
	uint64_t start = 0;
	long mismatched = 0;
	for (long i = 0; i < sender.messages; i++) {
		if (i == warmup) {
			start = now_ns();
		}
		if (zmq_msg_recv(&message, pull, 0) < 0) {
			fail("zmq_msg_recv");
		}
		if ((long) zmq_msg_size(&message) != sender.size || zmq_msg_more(&message)) {
			mismatched++;
		}
	}
	double seconds = (double) (now_ns() - start) / 1e9;
	zmq_msg_close(&message);
	pthread_join(thread, NULL);
	const char *mechanism = "NULL";
	long handshakes = 0;
	if (curve.enabled) {
		long failed = 0;
		count_handshakes(monitor, &handshakes, &failed);
		if (handshakes < 1 || failed > 0) {
			printf("error CURVE: the PULL's monitor saw %ld successful and %ld failed handshakes\n", handshakes, failed);
			return 1;
		}
		mechanism = "CURVE";
		zmq_socket_monitor(pull, NULL, 0);
		zmq_close(monitor);
	}
	printf("result case=throughput size=%ld messages=%ld received=%ld mismatched=%ld seconds=%.6f rate=%.1f "
			"mechanism=%s handshakes=%ld\n", sender.size, count, sender.messages, mismatched, seconds,
			(double) count / seconds, mechanism, handshakes);
	zmq_close(pull);
	zmq_ctx_term(sender.context);
	return 0;
}

static void *publish_all(void *argument) {
	struct sender *sender = argument;
	void *xpub = socket_or_fail(sender->context, ZMQ_XPUB);
	set_int(xpub, ZMQ_SNDHWM, 0);
	set_int(xpub, ZMQ_RCVTIMEO, TIMEOUT_MS);
	if (zmq_connect(xpub, sender->endpoint) != 0) {
		fail("zmq_connect");
	}
	/* the SUB's subscription: publishing before it arrived would lose the first messages */
	char subscription[16];
	if (zmq_recv(xpub, subscription, sizeof subscription, 0) < 1 || subscription[0] != 1) {
		fail("zmq_recv(subscription)");
	}
	char *payload = malloc((size_t) sender->size + 1);
	memset(payload, 'a', (size_t) sender->size + 1);
	for (long i = 0; i < sender->messages; i++) {
		if (zmq_send(xpub, payload, (size_t) sender->size, 0) < 0) {
			fail("zmq_send");
		}
	}
	free(payload);
	zmq_close(xpub);
	return NULL;
}

static int pubsub(int argc, char **argv) {
	struct sender sender;
	struct curve none;
	memset(&none, 0, sizeof none);
	sender.curve = &none;
	sender.size = arg(argc, argv, "size", 100);
	long warmup = arg(argc, argv, "warmup", 10000);
	long count = arg(argc, argv, "count", 100000);
	sender.messages = warmup + count;
	sender.context = zmq_ctx_new();
	void *sub = socket_or_fail(sender.context, ZMQ_SUB);
	set_int(sub, ZMQ_RCVHWM, 0);
	set_int(sub, ZMQ_RCVTIMEO, TIMEOUT_MS);
	if (zmq_setsockopt(sub, ZMQ_SUBSCRIBE, "", 0) != 0) {
		fail("zmq_setsockopt(ZMQ_SUBSCRIBE)");
	}
	bind_random(sub, sender.endpoint, sizeof sender.endpoint);
	pthread_t thread;
	if (pthread_create(&thread, NULL, publish_all, &sender) != 0) {
		printf("error pthread_create\n");
		return 1;
	}
	zmq_msg_t message;
	zmq_msg_init(&message);
	uint64_t start = 0;
	long mismatched = 0;
	for (long i = 0; i < sender.messages; i++) {
		if (i == warmup) {
			start = now_ns();
		}
		if (zmq_msg_recv(&message, sub, 0) < 0) {
			fail("zmq_msg_recv");
		}
		if ((long) zmq_msg_size(&message) != sender.size || zmq_msg_more(&message)) {
			mismatched++;
		}
	}
	double seconds = (double) (now_ns() - start) / 1e9;
	zmq_msg_close(&message);
	pthread_join(thread, NULL);
	printf("result case=pubsub size=%ld messages=%ld received=%ld mismatched=%ld seconds=%.6f rate=%.1f\n",
			sender.size, count, sender.messages, mismatched, seconds, (double) count / seconds);
	zmq_close(sub);
	zmq_ctx_term(sender.context);
	return 0;
}

struct replier {
	void *rep;
	long requests;
};

static void *echo(void *argument) {
	struct replier *replier = argument;
	zmq_msg_t message;
	zmq_msg_init(&message);
	for (long i = 0; i < replier->requests; i++) {
		if (zmq_msg_recv(&message, replier->rep, 0) < 0) {
			fail("zmq_msg_recv (REP)");
		}
		if (zmq_msg_send(&message, replier->rep, 0) < 0) {
			fail("zmq_msg_send (REP)");
		}
	}
	zmq_msg_close(&message);
	return NULL;
}

static int reqrep(int argc, char **argv) {
	long size = arg(argc, argv, "size", 100);
	long warmup = arg(argc, argv, "warmup", 1000);
	long count = arg(argc, argv, "count", 10000);
	void *context = zmq_ctx_new();
	struct replier replier = { socket_or_fail(context, ZMQ_REP), warmup + count };
	set_int(replier.rep, ZMQ_RCVTIMEO, TIMEOUT_MS);
	char endpoint[256];
	bind_random(replier.rep, endpoint, sizeof endpoint);
	pthread_t thread;
	if (pthread_create(&thread, NULL, echo, &replier) != 0) {
		printf("error pthread_create\n");
		return 1;
	}
	void *req = socket_or_fail(context, ZMQ_REQ);
	set_int(req, ZMQ_RCVTIMEO, TIMEOUT_MS);
	if (zmq_connect(req, endpoint) != 0) {
		fail("zmq_connect");
	}
	char *request = malloc((size_t) size + 1);
	char *reply = malloc((size_t) size + 1);
	memset(request, 'a', (size_t) size + 1);
	double *micros = malloc(sizeof(double) * (size_t) (count > 0 ? count : 1));
	uint64_t begin = 0;
	for (long i = 0; i < warmup + count; i++) {
		if (i == warmup) {
			begin = now_ns();
		}
		uint64_t start = now_ns();
		if (zmq_send(req, request, (size_t) size, 0) < 0) {
			fail("zmq_send (REQ)");
		}
		int got = zmq_recv(req, reply, (size_t) size + 1, 0);
		if (got < 0) {
			fail("zmq_recv (REQ)");
		}
		if (got != (int) size) {
			printf("error reply of %d bytes, expected %ld\n", got, size);
			return 1;
		}
		if (i >= warmup) {
			micros[i - warmup] = (double) (now_ns() - start) / 1000.0;
		}
	}
	double seconds = (double) (now_ns() - begin) / 1e9;
	pthread_join(thread, NULL);
	qsort(micros, (size_t) count, sizeof(double), compare);
	printf("result case=reqrep size=%ld requests=%ld seconds=%.6f rate=%.1f p50_us=%.1f p99_us=%.1f\n", size, count,
			seconds, (double) count / seconds, percentile(micros, count, 50), percentile(micros, count, 99));
	free(micros);
	free(request);
	free(reply);
	zmq_close(req);
	zmq_close(replier.rep);
	zmq_ctx_term(context);
	return 0;
}

/* a "Name:   value" field of /proc/self/status (VmRSS in KiB, Threads), or -1 */
static long proc_status(const char *name) {
	FILE *status = fopen("/proc/self/status", "r");
	if (status == NULL) {
		return -1;
	}
	char line[256];
	long value = -1;
	size_t len = strlen(name);
	while (fgets(line, sizeof line, status) != NULL) {
		if (strncmp(line, name, len) == 0 && line[len] == ':') {
			value = strtol(line + len + 1, NULL, 10);
			break;
		}
	}
	fclose(status);
	return value;
}

static int router(int argc, char **argv) {
	long count = arg(argc, argv, "count", 10000);
	long seconds = arg(argc, argv, "seconds", 120);
	void *context = zmq_ctx_new();
	void *router = socket_or_fail(context, ZMQ_ROUTER);
	set_int(router, ZMQ_RCVTIMEO, 200);
	char endpoint[256];
	bind_random(router, endpoint, sizeof endpoint);
	long rss_before = proc_status("VmRSS");
	long threads_before = proc_status("Threads");
	printf("port port=%s\n", strrchr(endpoint, ':') + 1);
	uint64_t deadline = now_ns() + (uint64_t) seconds * 1000000000u;
	long answered = 0;
	long malformed = 0;
	zmq_msg_t id;
	zmq_msg_t body;
	zmq_msg_init(&id);
	zmq_msg_init(&body);
	while (answered < count && now_ns() < deadline) {
		if (zmq_msg_recv(&id, router, 0) < 0) {
			if (zmq_errno() == EAGAIN) {
				continue;
			}
			fail("zmq_msg_recv (ROUTER)");
		}
		if (!zmq_msg_more(&id) || zmq_msg_recv(&body, router, 0) < 0 || zmq_msg_more(&body)) {
			/* not [id][body]: skip the rest of the message */
			malformed++;
			while (zmq_msg_more(&body) && zmq_msg_recv(&body, router, 0) >= 0) {
			}
			continue;
		}
		if (zmq_msg_send(&id, router, ZMQ_SNDMORE) < 0 || zmq_msg_send(&body, router, 0) < 0) {
			fail("zmq_msg_send (ROUTER)");
		}
		answered++;
	}
	printf("result case=router answered=%ld malformed=%ld rss_kib_before=%ld rss_kib=%ld threads_before=%ld threads=%ld\n",
			answered, malformed, rss_before, proc_status("VmRSS"), threads_before, proc_status("Threads"));
	char line[16];
	if (fgets(line, sizeof line, stdin) == NULL) {
		/* stdin closed: the parent is gone or done; exit all the same */
	}
	zmq_msg_close(&id);
	zmq_msg_close(&body);
	set_int(router, ZMQ_LINGER, 0);
	zmq_close(router);
	zmq_ctx_term(context);
	return 0;
}

int main(int argc, char **argv) {
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && strcmp(argv[1], "version") == 0) {
		int major, minor, patch;
		zmq_version(&major, &minor, &patch);
		printf("result case=version version=%d.%d.%d\n", major, minor, patch);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "setup") == 0) {
		return setup(argc, argv);
	}
	if (argc >= 2 && strcmp(argv[1], "throughput") == 0) {
		return throughput(argc, argv);
	}
	if (argc >= 2 && strcmp(argv[1], "pubsub") == 0) {
		return pubsub(argc, argv);
	}
	if (argc >= 2 && strcmp(argv[1], "reqrep") == 0) {
		return reqrep(argc, argv);
	}
	if (argc >= 2 && strcmp(argv[1], "router") == 0) {
		return router(argc, argv);
	}
	printf("error usage: zmq_bench version | setup count=N | throughput size=S warmup=W count=N [curve=1"
			" [server_public=Z server_secret=Z client_public=Z client_secret=Z]] | pubsub size=S warmup=W count=N"
			" | reqrep size=S warmup=W count=N | router count=N [seconds=S]\n");
	return 1;
}
