package io.github.zmqspring.benchmarks;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.ZmqKeyPair;

/**
 * One implementation in cases 7 and 8, on both ends of every measurement (libzmq to libzmq, JeroMQ to JeroMQ, engine
 * to engine), over tcp loopback with each implementation's defaults. Each call opens what it needs (a context or an
 * engine) before it starts the clock and closes it after.
 */
interface Contender {

	/** @return the name in the table */
	String name();

	/**
	 * Connection set-up: a bound PULL; {@code cycles} times a new PUSH connects, sends one message, the PULL receives
	 * it, the PUSH closes. A cycle whose message is not received within 3 s is lost.
	 * @param cycles the number of cycles
	 * @return cycles/s over the whole run (lost cycles included), percentiles of connect → first message received
	 * @throws Exception when the implementation fails
	 */
	Sample setup(int cycles) throws Exception;

	/**
	 * PUSH→PULL throughput: the PULL binds, the PUSH (its own thread) connects and sends {@code warmUp + count}
	 * messages; the rate is {@code count} over the time between the PULL receiving message {@code warmUp} and the
	 * last one. The PULL takes exactly the {@code warmUp + count} messages sent and counts those that are not one
	 * frame of {@code size} bytes ({@link Sample#mangled()}).
	 * <p>
	 * With {@code curve}, the PULL is a CURVE server (the server's key pair) and the PUSH a CURVE client (the
	 * client's key pair and the server's public key), with no authenticator on either side, and the call fails unless
	 * the implementation shows that the CURVE handshake took place (a plaintext run would pass for a fast CURVE one).
	 * @param size the payload size in bytes
	 * @param warmUp messages received before the clock starts
	 * @param count messages timed
	 * @param curve the keys for CURVE, or {@code null} for the NULL mechanism
	 * @return the received messages per second
	 * @throws Exception when the implementation fails
	 */
	Sample throughput(int size, int warmUp, int count, @Nullable Curve curve) throws Exception;

	/**
	 * PUB→SUB throughput: the SUB binds and subscribes to everything, an XPUB (its own thread) connects, waits for the
	 * SUB's subscription and publishes {@code warmUp + count} messages; both high water marks are unlimited, so no
	 * message is dropped, and the rate is {@code count} over the time between the SUB receiving message
	 * {@code warmUp} and the last one. The SUB counts messages that are not one frame of {@code size} bytes.
	 * @param size the payload size in bytes
	 * @param warmUp messages received before the clock starts
	 * @param count messages timed
	 * @return the received messages per second
	 * @throws Exception when the implementation fails
	 */
	Sample publish(int size, int warmUp, int count) throws Exception;

	/**
	 * REQ/REP lock-step: a bound REP echoing on its own thread, a connected REQ sending {@code warmUp + count}
	 * requests one after the other; the last {@code count} are timed one by one.
	 * @param size the request size in bytes
	 * @param warmUp untimed requests
	 * @param count timed requests
	 * @return requests/s and round-trip percentiles
	 * @throws Exception when the implementation fails
	 */
	Sample requestReply(int size, int warmUp, int count) throws Exception;

	/**
	 * The CURVE keys of one run, the same for every implementation: the PULL (server) holds {@code server}, the PUSH
	 * (client) holds {@code client} and the server's public key. Generated per run, never stored.
	 * @param server the server's key pair
	 * @param client the client's key pair
	 */
	record Curve(ZmqKeyPair server, ZmqKeyPair client) {

		static Curve generate() {
			return new Curve(ZmqKeyPair.generate(), ZmqKeyPair.generate());
		}

	}

	/**
	 * What one measurement gave.
	 * @param rate cycles, messages or requests per second
	 * @param p50 median latency in µs ({@code NaN} when not measured)
	 * @param p99 99th percentile latency in µs ({@code NaN} when not measured)
	 * @param lost set-up cycles whose message never came (0 elsewhere)
	 * @param openP50 set-up: median µs of the socket's creation and connect call (the connecting side's own cost)
	 * @param deliverP50 set-up: median µs from the connect call's return to the message received (TCP connect,
	 * accept, handshake, delivery)
	 * @param mangled PUSH→PULL: messages received that were not one frame of the size sent (0 elsewhere)
	 */
	record Sample(double rate, double p50, double p99, long lost, double openP50, double deliverP50, long mangled) {

		Sample(double rate, double p50, double p99, long lost, double openP50, double deliverP50) {
			this(rate, p50, p99, lost, openP50, deliverP50, 0);
		}

		Sample(double rate, double p50, double p99, long lost) {
			this(rate, p50, p99, lost, Double.NaN, Double.NaN);
		}

		static Sample rate(double rate) {
			return new Sample(rate, Double.NaN, Double.NaN, 0);
		}

		static Sample stream(double rate, long mangled) {
			return new Sample(rate, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, mangled);
		}

		/**
		 * A set-up sample.
		 * @param rate cycles/s
		 * @param opened per delivered cycle, ns from the start to the connect call's return
		 * @param received per delivered cycle, ns from the start to the message received
		 * @param delivered how many cycles delivered
		 * @param lost how many did not
		 * @return the sample
		 */
		static Sample setup(double rate, long[] opened, long[] received, int delivered, long lost) {
			long[] delivering = new long[delivered];
			for (int i = 0; i < delivered; i++) {
				delivering[i] = received[i] - opened[i];
			}
			Sample whole = of(rate, received, delivered, lost);
			return new Sample(rate, whole.p50(), whole.p99(), lost, of(rate, opened, delivered, 0).p50(),
					of(rate, delivering, delivered, 0).p50());
		}

		/**
		 * From latencies in nanoseconds (sorted in place).
		 * @param rate the rate
		 * @param nanos the delivered cycles' or requests' latencies; only the first {@code delivered} count
		 * @param delivered how many of them were measured
		 * @param lost cycles that never delivered
		 * @return the sample
		 */
		static Sample of(double rate, long[] nanos, int delivered, long lost) {
			double[] micros = new double[delivered];
			for (int i = 0; i < delivered; i++) {
				micros[i] = nanos[i] / 1000.0;
			}
			return new Sample(rate, Report.percentile(micros, 50), Report.percentile(micros, 99), lost);
		}

	}

}
