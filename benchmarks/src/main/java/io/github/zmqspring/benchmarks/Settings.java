package io.github.zmqspring.benchmarks;

import java.time.Duration;
import java.util.Set;

/**
 * How long and how often each case runs.
 * @param quick whether this is the quick (smoke) mode
 * @param rounds interleaved rounds of the throughput and request/reply cases
 * @param warmUp warm-up of each throughput window (after the first delivered message)
 * @param window length of each throughput window
 * @param sizes payload sizes of case 1
 * @param latencyRequests lock-step requests per round for the latency percentiles
 * @param idleSamples idle-to-first-message samples per implementation (after one discarded)
 * @param connections fresh connections per implementation and round in case 5
 * @param connectionRounds rounds of case 5
 * @param memorySockets sockets / listeners opened to measure the memory per socket
 * @param setupCycles connect → first message → close cycles per implementation and round in case 7
 * @param streamed timed PUSH→PULL messages of 100 B per implementation and round in case 7 (30 % of it at 1 KiB)
 * @param curveStreamed timed CURVE PUSH→PULL messages of 100 B per implementation and round in case 8 (30 % of it at
 * 1 KiB)
 * @param scaleConnections TCP connections to one ROUTER in case 9 (clients in a child JVM)
 * @param scaleListeners idle engine PULL sockets and {@code @ZmqListener} containers (each) in case 9
 * @param cases the cases to run (1 to 9)
 */
record Settings(boolean quick, int rounds, Duration warmUp, Duration window, int[] sizes, int latencyRequests,
		int idleSamples, int connections, int connectionRounds, int memorySockets, int setupCycles, int streamed,
		int curveStreamed, int scaleConnections, int scaleListeners, Set<Integer> cases) {

	static final Set<Integer> ALL = Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9);

	static Settings full(Set<Integer> cases) {
		return new Settings(false, 5, Duration.ofMillis(400), Duration.ofMillis(1500), new int[] { 100, 1024 }, 5000,
				15, 100, 2, 100, 1000, 1_000_000, 300_000, 10_000, 1000, cases);
	}

	static Settings quick(Set<Integer> cases) {
		return new Settings(true, 1, Duration.ofMillis(50), Duration.ofMillis(150), new int[] { 100 }, 200, 1, 15, 1,
				10, 50, 20_000, 10_000, 1000, 100, cases);
	}

	boolean runs(int number) {
		return this.cases.contains(number);
	}

}
