package io.github.zmqspring.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Cases 7 and 8: like for like with libzmq. The same measurements with each implementation on both ends: libzmq
 * ({@code zmq_bench.c}, a child process), raw JeroMQ and our engine, interleaved in every round in an order rotated
 * each round, and each row compared within the round with libzmq and with raw JeroMQ. Case 7:
 * <ul>
 * <li>connection set-up: a bound PULL; fresh PUSH → connect → one message → received → close, {@code setupCycles}
 * times in a row (cycles/s, and percentiles from before the connect to the message received);</li>
 * <li>PUSH→PULL throughput at 100 B and 1 KiB (the PULL binds; counted after a warm-up of 10 %);</li>
 * <li>REQ/REP lock-step, 100 B echoed (requests/s and round-trip percentiles).</li>
 * </ul>
 * Case 8: PUSH→PULL throughput at 100 B and 1 KiB with CURVE (the PULL a CURVE server, the PUSH a CURVE client, the
 * same keys for every implementation, no authenticator anywhere), in msgs/s and payload MB/s, and the messages
 * received that were not one frame of the size sent (raw JeroMQ 0.6.0 hands some over still encrypted); every
 * measurement fails unless its implementation shows that the CURVE handshake took place.
 * Without a C compiler or libzmq's header the libzmq rows stay empty, a note says why, and the other rows still run.
 */
final class LikeForLikeCase {

	static final String SETUP = "7a. connection set-up: connect → first message → close";

	static final String STREAM = "7b. PUSH→PULL";

	static final String REQ_REP = "7c. REQ/REP lock-step 100 B";

	static final String PUB_SUB = "7d. PUB→SUB";

	static final String CURVE = "8. CURVE PUSH→PULL";

	/** The metric of case 8's correctness row. */
	static final String MANGLED = "msgs received not as sent";

	/** The message sizes of case 8, whatever the mode. */
	static final int[] CURVE_SIZES = { 100, 1024 };

	private static final int REQUEST_SIZE = 100;

	private final Settings settings;

	private final Report report;

	LikeForLikeCase(Settings settings, Report report) {
		this.settings = settings;
		this.report = report;
	}

	/** The rows of one measurement, by metric, for one implementation. */
	private record Rows(Report.Row rate, Report.@Nullable Row p50, Report.@Nullable Row p99,
			Report.@Nullable Row open, Report.@Nullable Row deliver, Report.@Nullable Row lost,
			Report.@Nullable Row megabytes, Report.@Nullable Row mangled) {
	}

	/** What a measurement reports besides its rate. */
	private enum Kind {

		/** Latency percentiles and the set-up's parts and losses. */
		SETUP,
		/** The rate alone. */
		STREAM,
		/** Case 8: the rate, the payload bandwidth and the messages received not as sent. */
		CURVE_STREAM,
		/** Latency percentiles. */
		REQ_REP

	}

	/** The implementations of a case, libzmq first when its harness runs, and libzmq's row name. */
	private record Lineup(List<Contender> contenders, String libzmqName) {
	}

	private Lineup lineup(int number) {
		LibZmqHarness.Availability libzmq = LibZmqHarness.locate();
		List<Contender> contenders = new ArrayList<>();
		String libzmqName;
		if (libzmq.harness() != null) {
			contenders.add(libzmq.harness());
			libzmqName = libzmq.harness().name();
		}
		else {
			libzmqName = "libzmq (C): skipped";
			String why = number + ". libzmq skipped: " + libzmq.reason().replace('\n', ' ');
			Benchmarks.progress("  " + why);
			this.report.note(why);
		}
		contenders.add(new JeroMqContender());
		contenders.add(new EngineContender());
		return new Lineup(contenders, libzmqName);
	}

	/** Case 7: set-up, PUSH→PULL, REQ/REP and PUB→SUB without security. */
	void run() throws Exception {
		Lineup lineup = lineup(7);
		List<Contender> contenders = lineup.contenders();
		String libzmqName = lineup.libzmqName();
		int cycles = this.settings.setupCycles();
		int[] sizes = this.settings.sizes();
		String setup = SETUP + " (" + cycles + " cycles)";
		Map<String, Rows> setupRows = rows(setup, libzmqName, "cycles/s", Kind.SETUP);
		List<Map<String, Rows>> streamRows = new ArrayList<>();
		for (int size : sizes) {
			streamRows.add(rows(STREAM + " " + label(size), libzmqName, "msgs/s", Kind.STREAM));
		}
		Map<String, Rows> reqRepRows = rows(REQ_REP, libzmqName, "requests/s", Kind.REQ_REP);
		List<Map<String, Rows>> pubSubRows = new ArrayList<>();
		for (int size : sizes) {
			pubSubRows.add(rows(PUB_SUB + " " + label(size), libzmqName, "msgs/s", Kind.STREAM));
		}
		int requests = this.settings.latencyRequests();
		// the JIT's first pass, and the first connection's costs, are no one's figure
		for (Contender contender : contenders) {
			if (!(contender instanceof LibZmqHarness)) {
				Benchmarks.progress("  warming up " + contender.name());
				contender.setup(Math.min(100, cycles));
				contender.throughput(100, 1000, Math.min(20_000, this.settings.streamed()), null);
				contender.requestReply(REQUEST_SIZE, 100, Math.min(500, requests));
				contender.publish(100, 1000, Math.min(20_000, this.settings.streamed()));
			}
		}
		for (int round = 1; round <= this.settings.rounds(); round++) {
			Benchmarks.progress("  case 7, round " + round + " of " + this.settings.rounds());
			for (Contender contender : rotated(contenders, round)) {
				record(setupRows.get(contender.name()), round, contender.setup(cycles));
			}
			for (int i = 0; i < sizes.length; i++) {
				int size = sizes[i];
				int count = (size >= 1024) ? this.settings.streamed() * 3 / 10 : this.settings.streamed();
				for (Contender contender : rotated(contenders, round)) {
					Contender.Sample sample = contender.throughput(size, Math.max(1, count / 10), count, null);
					if (sample.mangled() > 0) {
						throw new IllegalStateException(contender.name() + ": " + sample.mangled() + " of the "
								+ (Math.max(1, count / 10) + count) + " messages of " + size + " B received not as sent");
					}
					record(streamRows.get(i).get(contender.name()), round, sample);
				}
			}
			for (Contender contender : rotated(contenders, round)) {
				record(reqRepRows.get(contender.name()), round,
						contender.requestReply(REQUEST_SIZE, Math.max(1, requests / 5), requests));
			}
			for (int i = 0; i < sizes.length; i++) {
				int size = sizes[i];
				int count = (size >= 1024) ? this.settings.streamed() * 3 / 10 : this.settings.streamed();
				for (Contender contender : rotated(contenders, round)) {
					Contender.Sample sample = contender.publish(size, Math.max(1, count / 10), count);
					if (sample.mangled() > 0) {
						throw new IllegalStateException(contender.name() + ": " + sample.mangled() + " of the "
								+ (Math.max(1, count / 10) + count) + " published messages of " + size
								+ " B received not as sent");
					}
					record(pubSubRows.get(i).get(contender.name()), round, sample);
				}
			}
		}
	}

	/**
	 * Case 8: PUSH→PULL with CURVE at 100 B and 1 KiB, {@code curveStreamed} timed messages of 100 B (30 % of it at
	 * 1 KiB) after a warm-up of 10 %, with keys generated for the run and shared by every implementation.
	 */
	void curve() throws Exception {
		Lineup lineup = lineup(8);
		Contender.Curve curve = Contender.Curve.generate();
		List<Map<String, Rows>> curveRows = new ArrayList<>();
		for (int size : CURVE_SIZES) {
			curveRows.add(rows(CURVE + " " + label(size), lineup.libzmqName(), "msgs/s", Kind.CURVE_STREAM));
		}
		for (Contender contender : lineup.contenders()) {
			if (!(contender instanceof LibZmqHarness)) {
				Benchmarks.progress("  warming up " + contender.name() + " (CURVE)");
				for (int size : CURVE_SIZES) {
					contender.throughput(size, 1000, Math.min(20_000, curveCount(size)), curve);
				}
			}
		}
		for (int round = 1; round <= this.settings.rounds(); round++) {
			Benchmarks.progress("  case 8, round " + round + " of " + this.settings.rounds());
			for (int i = 0; i < CURVE_SIZES.length; i++) {
				int size = CURVE_SIZES[i];
				int count = curveCount(size);
				for (Contender contender : rotated(lineup.contenders(), round)) {
					Contender.Sample sample = contender.throughput(size, Math.max(1, count / 10), count, curve);
					Rows rows = curveRows.get(i).get(contender.name());
					record(rows, round, sample);
					rows.megabytes().add(round, sample.rate() * size / 1e6);
					rows.mangled().add(round, sample.mangled());
				}
			}
		}
	}

	private int curveCount(int size) {
		return (size >= 1024) ? this.settings.curveStreamed() * 3 / 10 : this.settings.curveStreamed();
	}

	private static String label(int size) {
		return (size >= 1024) ? (size / 1024) + " KiB" : size + " B";
	}

	/** Rows for libzmq (the first baseline), raw JeroMQ (the second) and the engine, keyed by implementation name. */
	private Map<String, Rows> rows(String benchmark, String libzmqName, String rateMetric, Kind kind) {
		boolean latency = kind == Kind.SETUP || kind == Kind.REQ_REP;
		boolean setup = kind == Kind.SETUP;
		Map<String, Rows> rows = new LinkedHashMap<>();
		Rows base = null;
		Rows jeromq = null;
		for (String name : List.of(libzmqName, JeroMqContender.NAME, EngineContender.NAME)) {
			Rows first = base;
			Rows second = jeromq;
			Report.Row rate = this.report.compared(benchmark, name, rateMetric, (first != null) ? first.rate() : null,
					(second != null) ? second.rate() : null, false);
			Report.Row megabytes = (kind == Kind.CURVE_STREAM) ? this.report.compared(benchmark, name,
					"MB/s (payload, 10⁶ B)", (first != null) ? first.megabytes() : null,
					(second != null) ? second.megabytes() : null, false) : null;
			Report.Row mangled = (kind == Kind.CURVE_STREAM) ? this.report.compared(benchmark, name,
					MANGLED, null, null, true) : null;
			Report.Row p50 = latency ? this.report.compared(benchmark, name, "p50 µs", (first != null) ? first.p50() : null,
					(second != null) ? second.p50() : null, true) : null;
			Report.Row p99 = latency ? this.report.compared(benchmark, name, "p99 µs", (first != null) ? first.p99() : null,
					(second != null) ? second.p99() : null, true) : null;
			Report.Row open = setup ? this.report.compared(benchmark, name, "p50 µs of it: socket + connect call",
					(first != null) ? first.open() : null, (second != null) ? second.open() : null, true) : null;
			Report.Row deliver = setup ? this.report.compared(benchmark, name, "p50 µs of it: connect call → received",
					(first != null) ? first.deliver() : null, (second != null) ? second.deliver() : null, true) : null;
			Report.Row lostRow = setup ? this.report.compared(benchmark, name, "lost cycles (no message within 3 s)", null,
					null, true) : null;
			Rows current = new Rows(rate, p50, p99, open, deliver, lostRow, megabytes, mangled);
			rows.put(name, current);
			if (base == null) {
				base = current;
			}
			else if (jeromq == null) {
				jeromq = current;
			}
		}
		return rows;
	}

	private static void record(Rows rows, int round, Contender.Sample sample) {
		rows.rate().add(round, sample.rate());
		if (rows.p50() != null) {
			rows.p50().add(round, sample.p50());
		}
		if (rows.p99() != null) {
			rows.p99().add(round, sample.p99());
		}
		if (rows.open() != null) {
			rows.open().add(round, sample.openP50());
		}
		if (rows.deliver() != null) {
			rows.deliver().add(round, sample.deliverP50());
		}
		if (rows.lost() != null) {
			rows.lost().add(round, sample.lost());
		}
	}

	private static List<Contender> rotated(List<Contender> contenders, int round) {
		List<Contender> order = new ArrayList<>();
		for (int i = 0; i < contenders.size(); i++) {
			order.add(contenders.get((i + round - 1) % contenders.size()));
		}
		return order;
	}

}
