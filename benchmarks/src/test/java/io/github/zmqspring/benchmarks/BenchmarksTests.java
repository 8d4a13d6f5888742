package io.github.zmqspring.benchmarks;

import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Smoke test of the benchmarks in quick mode: a couple of cases run end to end and produce their rows. No
 * thresholds: figures on a shared 2-core machine prove nothing; that the benchmark runs does.
 */
class BenchmarksTests {

	@Nested
	class QuickMode {

		@Test
		void requestReplyAndConnectionSetUpProduceEveryRowWithSamples() throws Exception {
			Report report = Benchmarks.run(Settings.quick(Set.of(3, 5)));

			assertThat(report.rows()).extracting((row) -> row.benchmark)
				.contains("3. request/reply latency (lock-step, 100 B)", "3. request/reply rate (100 B)",
						"5. fresh connection → first message delivered");
			assertThat(report.rows()).filteredOn((row) -> row.benchmark.startsWith("3."))
				.hasSize(6 + 1 + 8)
				.allSatisfy((row) -> assertThat(row.samples).hasSize(1));
			assertThat(report.rows()).filteredOn((row) -> row.benchmark.startsWith("5.")).hasSize(12);
			String table = report.toMarkdown();
			assertThat(table).startsWith("| Benchmark | Implementation | Metric |")
				.contains("| ZmqTemplate.request → @ZmqListener REP | p50 µs |")
				.contains("| engine open(spec) per connection | not delivered within 3 s |");
		}

	}

	@Nested
	class Arguments {

		@Test
		void quickAndCaseSelectionAreParsed() {
			Settings settings = Benchmarks.settings(new String[] { "quick cases=1,4" });

			assertThat(settings.quick()).isTrue();
			assertThat(settings.cases()).containsExactlyInAnyOrder(1, 4);
		}

		@Test
		void defaultIsTheFullRunOfEveryCase() {
			Settings settings = Benchmarks.settings(new String[0]);

			assertThat(settings.quick()).isFalse();
			assertThat(settings.cases()).isEqualTo(Settings.ALL);
		}

		@Test
		void unknownArgumentIsRejectedWithTheExpectedForm() {
			assertThatIllegalArgumentException().isThrownBy(() -> Benchmarks.settings(new String[] { "fast" }))
				.withMessageContaining("'fast'")
				.withMessageContaining("quick");
		}

	}

}
