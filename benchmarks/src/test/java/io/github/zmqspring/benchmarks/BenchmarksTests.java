package io.github.zmqspring.benchmarks;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Smoke test of the benchmarks in quick mode: a couple of cases run end to end and produce their rows and result files
 * (CSV, markdown, charts). No thresholds: figures on a shared 2-core machine prove nothing; that the benchmark runs
 * does.
 */
class BenchmarksTests {

	@Nested
	class QuickMode {

		@Test
		void requestReplyAndConnectionSetUpProduceEveryRowWithSamplesAndTheResultFiles(@TempDir Path directory)
				throws Exception {
			Report report = Benchmarks.run(Settings.quick(Set.of(3, 5)));

			assertThat(report.rows()).extracting((row) -> row.benchmark)
				.contains("3. request/reply latency (lock-step, 100 B)", "3. request/reply rate (100 B)",
						"5. fresh connection → first message delivered");
			// 6 latency rows, the lock-step rate, 8 caller rates, and libzmq's REQ/REP with the template against it
			boolean libzmq = LibZmqHarness.locate().harness() != null;
			assertThat(report.rows()).filteredOn((row) -> row.benchmark.startsWith("3."))
				.hasSize(6 + 1 + 8 + 4)
				.allSatisfy((row) -> assertThat(row.samples)
					.hasSize((libzmq || !(row.implementation.startsWith("libzmq") || row.metric.contains("same samples")))
							? 1 : 0));
			assertThat(report.rows()).filteredOn((row) -> row.benchmark.startsWith("5.")).hasSize(12);
			String table = report.toMarkdown();
			assertThat(table).startsWith("| Benchmark | Implementation | Metric |")
				.contains("| ZmqTemplate.request → @ZmqListener REP | p50 µs |")
				.contains("| engine open(spec) per connection | not delivered within 3 s |");

			List<Path> files = ResultFiles.write(directory.resolve("out"), "Run (test)", report);

			assertThat(files).extracting((file) -> file.getFileName().toString())
				.containsExactly("results.csv", "results.md", "throughput.png", "latency.png");
			List<String> lines = Files.readAllLines(files.get(0), StandardCharsets.UTF_8);
			assertThat(lines).first().isEqualTo("case,implementation,metric,median,min,max,rounds,ratio,vs");
			List<List<String>> records = lines.stream().skip(1).map(Results::fields).toList();
			assertThat(records).hasSize(report.rows().size()).allSatisfy((fields) -> assertThat(fields).hasSize(9));
			assertThat(records).extracting((fields) -> fields.get(0).substring(0, 2)).contains("3.", "5.");
			assertThat(Files.readString(files.get(1))).startsWith("Run (test)\n\n| Benchmark |");
			for (Path png : files.subList(2, 4)) {
				BufferedImage image = ImageIO.read(png.toFile());
				assertThat(image).as(png.toString()).isNotNull();
				assertThat(image.getWidth()).isGreaterThan(800);
			}
		}

	}

	@Nested
	class LikeForLike {

		@Test
		void engineAndJeroMqRowsHaveSamplesAndLibzmqRowsHaveThemOrANoteSaysWhyNot() throws Exception {
			Report report = Benchmarks.run(Settings.quick(Set.of(7)));

			List<Report.Row> rows = report.rows().stream().filter((row) -> row.benchmark.startsWith("7")).toList();
			// set-up: 6 metrics, PUSH→PULL 100 B: 1, REQ/REP: 3, PUB→SUB 100 B: 1; for each of the three implementations
			assertThat(rows).hasSize(3 * (6 + 1 + 3 + 1));
			for (String name : List.of(EngineContender.NAME, JeroMqContender.NAME)) {
				assertThat(rows).filteredOn((row) -> row.implementation.equals(name))
					.hasSize(11)
					.allSatisfy((row) -> assertThat(row.samples).hasSize(1));
				assertThat(rows).filteredOn((row) -> row.implementation.equals(name) && !row.metric.startsWith("lost"))
					.allSatisfy((row) -> assertThat(row.samples.get(1)).isPositive());
			}
			// every fresh connection of ours delivers its first message: a correctness promise, not a figure
			assertThat(rows).filteredOn((row) -> row.implementation.equals(EngineContender.NAME)
					&& row.metric.startsWith("lost"))
				.singleElement()
				.satisfies((row) -> assertThat(row.samples.get(1)).isZero());
			assertThat(rows).filteredOn((row) -> row.implementation.equals(EngineContender.NAME) && row.second != null)
				.hasSize(10)
				.allSatisfy((row) -> assertThat(row.ratios(row.second)).hasSize(1));
			LibZmqHarness.Availability libzmq = LibZmqHarness.locate();
			List<Report.Row> libzmqRows = rows.stream().filter((row) -> row.implementation.startsWith("libzmq")).toList();
			assertThat(libzmqRows).hasSize(11);
			if (libzmq.harness() != null) {
				assertThat(libzmqRows).allSatisfy((row) -> assertThat(row.samples).hasSize(1));
				assertThat(rows).filteredOn((row) -> row.implementation.equals(EngineContender.NAME) && row.baseline != null)
					.allSatisfy((row) -> assertThat(row.ratios()).hasSize(1));
			}
			else {
				System.out.println("libzmq rows skipped: " + libzmq.reason());
				assertThat(libzmqRows).allSatisfy((row) -> assertThat(row.samples).isEmpty());
				assertThat(report.notes()).anySatisfy((note) -> assertThat(note).contains("7. libzmq skipped")
					.contains(LibZmqHarness.INSTALL));
			}
			assertThat(report.toMarkdown()).contains("| ÷ libzmq (median, min–max) | ÷ raw JeroMQ (median, min–max) |")
				.contains("| " + EngineContender.NAME + " | cycles/s |")
				.contains("| 7d. PUB→SUB 100 B | " + EngineContender.NAME + " | msgs/s |");
		}

		@Test
		void curveRowsHaveSamplesAtBothSizesAndEveryMessageOfOursArrivesAsSent() throws Exception {
			// each contender throws unless its CURVE handshake is shown to have happened
			Report report = Benchmarks.run(Settings.quick(Set.of(8)));

			List<Report.Row> rows = report.rows().stream().filter((row) -> row.benchmark.startsWith("8.")).toList();
			// 100 B and 1 KiB; msgs/s, MB/s and messages not as sent; for each of the three implementations
			assertThat(rows).hasSize(2 * 3 * 3);
			assertThat(rows).extracting((row) -> row.benchmark)
				.containsOnly(LikeForLikeCase.CURVE + " 100 B", LikeForLikeCase.CURVE + " 1 KiB");
			for (String name : List.of(EngineContender.NAME, JeroMqContender.NAME)) {
				assertThat(rows).filteredOn((row) -> row.implementation.equals(name))
					.hasSize(6)
					.allSatisfy((row) -> assertThat(row.samples).hasSize(1));
				assertThat(rows).filteredOn((row) -> row.implementation.equals(name) && row.second != null
						|| row.implementation.equals(name) && row.metric.startsWith("msgs/s"))
					.allSatisfy((row) -> assertThat(row.samples.get(1)).isPositive());
			}
			// a correctness promise, not a figure: no message of ours arrives still encrypted or cut
			assertThat(rows).filteredOn((row) -> row.implementation.equals(EngineContender.NAME)
					&& row.metric.equals(LikeForLikeCase.MANGLED))
				.hasSize(2)
				.allSatisfy((row) -> assertThat(row.samples.get(1)).isZero());
			assertThat(rows).filteredOn((row) -> row.implementation.equals(EngineContender.NAME) && row.second != null)
				.hasSize(4)
				.allSatisfy((row) -> assertThat(row.ratios(row.second)).hasSize(1));
			List<Report.Row> libzmqRows = rows.stream().filter((row) -> row.implementation.startsWith("libzmq")).toList();
			assertThat(libzmqRows).hasSize(6);
			if (LibZmqHarness.locate().harness() != null) {
				assertThat(libzmqRows).allSatisfy((row) -> assertThat(row.samples).hasSize(1));
				assertThat(rows).filteredOn((row) -> row.implementation.equals(EngineContender.NAME) && row.baseline != null)
					.hasSize(4)
					.allSatisfy((row) -> assertThat(row.ratios()).hasSize(1));
			}
			else {
				assertThat(libzmqRows).allSatisfy((row) -> assertThat(row.samples).isEmpty());
				assertThat(report.notes()).anySatisfy((note) -> assertThat(note).contains("8. libzmq skipped"));
			}
		}

		@Test
		void withoutACompilerTheReasonNamesWhatToInstall(@TempDir Path directory) {
			LibZmqHarness.Availability libzmq = LibZmqHarness.locate(directory.resolve("no-such-cc").toString(),
					LibZmqHarness.source(), directory.resolve("zmq_bench"));

			assertThat(libzmq.harness()).isNull();
			assertThat(libzmq.reason()).contains("no C compiler").contains("apt-get install libzmq3-dev gcc");
		}

	}

	@Nested
	class Scale {

		@Test
		void everyConnectionToTheRouterIsServedAndTheIdleReceiverRowsExist() throws Exception {
			Settings settings = Settings.quick(Set.of(9));
			int n = settings.scaleConnections();

			Report report = Benchmarks.run(settings);

			List<Report.Row> connections = report.rows()
				.stream()
				.filter((row) -> row.benchmark.startsWith(ScaleCase.CONNECTIONS))
				.toList();
			assertThat(connections).isNotEmpty().allSatisfy((row) -> assertThat(row.samples).hasSize(1));
			// correctness, not a figure: every client got its own request back, and the server handled each once
			assertThat(connections).filteredOn((row) -> row.metric.equals(ScaleCase.SERVED + " of " + n))
				.singleElement()
				.satisfies((row) -> assertThat(row.samples.get(0)).isEqualTo(n));
			assertThat(connections).filteredOn((row) -> row.metric.equals("requests handled"))
				.singleElement()
				.satisfies((row) -> assertThat(row.samples.get(0)).isEqualTo(n));
			assertThat(connections).filteredOn((row) -> row.metric.equals("replies not as sent"))
				.singleElement()
				.satisfies((row) -> assertThat(row.samples.get(0)).isZero());
			assertThat(connections).extracting((row) -> row.implementation + " | " + row.metric)
				.contains(ScaleCase.SERVER + " | retained heap KiB per connection",
						ScaleCase.SERVER + " | live threads with all connected",
						ScaleCase.CLIENTS + " | ms from the first connect to the last reply");
			List<Report.Row> idle = report.rows()
				.stream()
				.filter((row) -> row.benchmark.startsWith(ScaleCase.IDLE))
				.toList();
			assertThat(idle).extracting((row) -> row.implementation + " | " + row.metric)
				.containsExactlyInAnyOrder("engine open(spec, handler) | retained heap KiB per socket",
						"engine open(spec, handler) | threads per socket",
						"@ZmqListener container (byte[] method) | retained heap KiB per container",
						"@ZmqListener container (byte[] method) | threads per container",
						"raw JeroMQ socket (no thread of its own) | retained heap KiB per socket",
						"raw JeroMQ socket (no thread of its own) | threads per socket");
			assertThat(idle).allSatisfy((row) -> assertThat(row.samples).hasSize(1));
			assertThat(report.notes()).anySatisfy((note) -> assertThat(note).contains("served").contains(n + "/" + n));
			List<Report.Row> libzmq = report.rows()
				.stream()
				.filter((row) -> row.benchmark.startsWith(ScaleCase.LIBZMQ_CONNECTIONS))
				.toList();
			if (LibZmqHarness.locate().harness() != null) {
				assertThat(libzmq).filteredOn((row) -> row.metric.equals(ScaleCase.SERVED + " of " + n))
					.singleElement()
					.satisfies((row) -> assertThat(row.samples.get(0)).isEqualTo(n));
			}
			else {
				assertThat(libzmq).isEmpty();
				assertThat(report.notes()).anySatisfy((note) -> assertThat(note).contains("9. libzmq skipped"));
			}
		}

	}

	@Nested
	class Results {

		@Test
		void csvQuotesFieldsWithCommasOrQuotesAndLeavesNumbersUnformatted() {
			Report report = new Report();
			Report.Row base = report.row("9. a, b", "say \"x\"", "msgs/s").add(1, 1_500_000).add(2, 2_500_000.5);
			report.row("9. a, b", "other", "msgs/s", base, false).add(1, 750_000).add(2, 2_500_000.5);
			report.row("9. c", "none", "p50 µs");

			List<String> lines = report.toCsv().lines().toList();

			assertThat(report.toCsv()).contains("\r\n");
			assertThat(lines).containsExactly("case,implementation,metric,median,min,max,rounds,ratio,vs",
					"\"9. a, b\",\"say \"\"x\"\"\",msgs/s,2000000.25,1500000,2500000.5,2,,",
					"\"9. a, b\",other,msgs/s,1625000.25,750000,2500000.5,2,0.75,\"say \"\"x\"\"\"",
					"9. c,none,p50 µs,,,,0,,");
			assertThat(fields(lines.get(2))).containsExactly("9. a, b", "other", "msgs/s", "1625000.25", "750000",
					"2500000.5", "2", "0.75", "say \"x\"");
		}

		@Test
		void chartsOfARunWithoutTheirFiguresAreStillValidImages(@TempDir Path directory) throws Exception {
			Report report = new Report();
			report.row("6. memory", "raw", "threads per socket").add(0, 0);

			List<Path> files = ResultFiles.write(directory, "Run (test)", report);

			assertThat(ImageIO.read(files.get(2).toFile())).isNotNull();
			assertThat(ImageIO.read(files.get(3).toFile())).isNotNull();
		}

		/** The fields of one RFC 4180 record (no line breaks inside fields). */
		static List<String> fields(String record) {
			List<String> fields = new ArrayList<>();
			StringBuilder field = new StringBuilder();
			boolean quoted = false;
			for (int i = 0; i < record.length(); i++) {
				char c = record.charAt(i);
				if (quoted && c == '"' && i + 1 < record.length() && record.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = !quoted;
				}
				else if (c == ',' && !quoted) {
					fields.add(field.toString());
					field.setLength(0);
				}
				else {
					field.append(c);
				}
			}
			fields.add(field.toString());
			return fields;
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
		void outNamesTheResultDirectoryRelativeToTheBenchmarksModule(@TempDir Path directory) {
			Benchmarks.Options relative = Benchmarks.options(new String[] { "quick out=target/bench" });
			Benchmarks.Options absolute = Benchmarks.options(new String[] { "out=" + directory });

			assertThat(relative.out()).isAbsolute().endsWithRaw(Path.of("benchmarks", "target", "bench"));
			assertThat(absolute.out()).isEqualTo(directory);
			assertThat(Benchmarks.options(new String[0]).out().getParent())
				.isEqualTo(relative.out().resolveSibling("results"));
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
