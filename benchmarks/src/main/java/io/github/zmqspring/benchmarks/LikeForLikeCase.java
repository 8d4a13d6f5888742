package io.github.zmqspring.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Case 7: like for like with libzmq. The same three measurements with each implementation on both ends: libzmq
 * ({@code zmq_bench.c}, a child process), raw JeroMQ and our engine, interleaved
 * in every round in an order rotated each round, and each row compared within the round with libzmq and with raw
 * JeroMQ:
 * <ul>
 * <li>connection set-up: a bound PULL; fresh PUSH → connect → one message → received → close, {@code setupCycles}
 * times in a row (cycles/s, and percentiles from before the connect to the message received);</li>
 * <li>PUSH→PULL throughput at 100 B and 1 KiB (the PULL binds; counted after a warm-up of 10 %);</li>
 * <li>REQ/REP lock-step, 100 B echoed (requests/s and round-trip percentiles).</li>
 * </ul>
 * Without a C compiler or libzmq's header the libzmq rows stay empty, a note says why, and the other rows still run.
 */
final class LikeForLikeCase {

	static final String SETUP = "7a. connection set-up: connect → first message → close";

	static final String STREAM = "7b. PUSH→PULL";

	static final String REQ_REP = "7c. REQ/REP lock-step 100 B";

	private static final int REQUEST_SIZE = 100;

	private final Settings settings;

	private final Report report;

	LikeForLikeCase(Settings settings, Report report) {
		this.settings = settings;
		this.report = report;
	}

	/** The rows of one measurement, by metric, for one implementation. */
	private record Rows(Report.Row rate, Report.@Nullable Row p50, Report.@Nullable Row p99,
			Report.@Nullable Row open, Report.@Nullable Row deliver, Report.@Nullable Row lost) {
	}

	void run() throws Exception {
		LibZmqHarness.Availability libzmq = LibZmqHarness.locate();
		List<Contender> contenders = new ArrayList<>();
		String libzmqName;
		if (libzmq.harness() != null) {
			contenders.add(libzmq.harness());
			libzmqName = libzmq.harness().name();
		}
		else {
			libzmqName = "libzmq (C): skipped";
			String why = "7. libzmq skipped: " + libzmq.reason().replace('\n', ' ');
			Benchmarks.progress("  " + why);
			this.report.note(why);
		}
		contenders.add(new JeroMqContender());
		contenders.add(new EngineContender());
		int cycles = this.settings.setupCycles();
		int[] sizes = this.settings.sizes();
		String setup = SETUP + " (" + cycles + " cycles)";
		Map<String, Rows> setupRows = rows(setup, libzmqName, "cycles/s", true, true);
		List<Map<String, Rows>> streamRows = new ArrayList<>();
		for (int size : sizes) {
			streamRows.add(rows(STREAM + " " + ((size >= 1024) ? (size / 1024) + " KiB" : size + " B"), libzmqName,
					"msgs/s", false, false));
		}
		Map<String, Rows> reqRepRows = rows(REQ_REP, libzmqName, "requests/s", true, false);
		int requests = this.settings.latencyRequests();
		// the JIT's first pass, and the first connection's costs, are no one's figure
		for (Contender contender : contenders) {
			if (!(contender instanceof LibZmqHarness)) {
				Benchmarks.progress("  warming up " + contender.name());
				contender.setup(Math.min(100, cycles));
				contender.throughput(100, 1000, Math.min(20_000, this.settings.streamed()));
				contender.requestReply(REQUEST_SIZE, 100, Math.min(500, requests));
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
					record(streamRows.get(i).get(contender.name()), round,
							contender.throughput(size, Math.max(1, count / 10), count));
				}
			}
			for (Contender contender : rotated(contenders, round)) {
				record(reqRepRows.get(contender.name()), round,
						contender.requestReply(REQUEST_SIZE, Math.max(1, requests / 5), requests));
			}
		}
	}

	/** Rows for libzmq (the first baseline), raw JeroMQ (the second) and the engine, keyed by implementation name. */
	private Map<String, Rows> rows(String benchmark, String libzmqName, String rateMetric, boolean latency,
			boolean setup) {
		Map<String, Rows> rows = new LinkedHashMap<>();
		Rows base = null;
		Rows jeromq = null;
		for (String name : List.of(libzmqName, JeroMqContender.NAME, EngineContender.NAME)) {
			Rows first = base;
			Rows second = jeromq;
			Report.Row rate = this.report.compared(benchmark, name, rateMetric, (first != null) ? first.rate() : null,
					(second != null) ? second.rate() : null, false);
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
			Rows current = new Rows(rate, p50, p99, open, deliver, lostRow);
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
