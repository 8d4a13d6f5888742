package io.github.zmqspring.benchmarks;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The results of one run: rows of samples (one per round, or one for a whole-run figure), each optionally compared
 * with a baseline row of the same case. Ratios are computed within each round (sample / baseline sample of the same
 * round) and summarised by their median, so that drift between rounds on a noisy machine cancels out. Rows compared
 * with two baselines at once (case 7: libzmq and raw JeroMQ) go into a second table. Not thread-safe: the benchmark
 * thread alone records.
 */
final class Report {

	/** One line of the table. */
	static final class Row {

		final String benchmark;

		final String implementation;

		final String metric;

		final @Nullable Row baseline;

		/** The second baseline, for the rows of the second table. */
		final @Nullable Row second;

		final boolean lowerIsBetter;

		final Map<Integer, Double> samples = new LinkedHashMap<>();

		Row(String benchmark, String implementation, String metric, @Nullable Row baseline, @Nullable Row second,
				boolean lowerIsBetter) {
			this.benchmark = benchmark;
			this.implementation = implementation;
			this.metric = metric;
			this.baseline = baseline;
			this.second = second;
			this.lowerIsBetter = lowerIsBetter;
		}

		/**
		 * Records the sample of a round.
		 * @param round the round (0 for a whole-run figure)
		 * @param value the value
		 * @return this row
		 */
		Row add(int round, double value) {
			this.samples.put(round, value);
			return this;
		}

		double[] values() {
			return this.samples.values().stream().mapToDouble(Double::doubleValue).toArray();
		}

		double median() {
			return Report.median(values());
		}

		/** @return the smallest sample, NaN without samples */
		double min() {
			return Arrays.stream(values()).min().orElse(Double.NaN);
		}

		/** @return the largest sample, NaN without samples */
		double max() {
			return Arrays.stream(values()).max().orElse(Double.NaN);
		}

		double[] ratios() {
			return ratios(this.baseline);
		}

		/**
		 * The in-round ratios to a baseline: this round's sample ÷ the baseline's sample of the same round.
		 * @param baseline the baseline, or null
		 * @return one ratio per round that both have (none without a baseline)
		 */
		double[] ratios(@Nullable Row baseline) {
			if (baseline == null) {
				return new double[0];
			}
			List<Double> ratios = new ArrayList<>();
			this.samples.forEach((round, value) -> {
				Double base = baseline.samples.get(round);
				if (base != null && base != 0) {
					ratios.add(value / base);
				}
			});
			return ratios.stream().mapToDouble(Double::doubleValue).toArray();
		}

	}

	private final List<Row> rows = new ArrayList<>();

	private final List<Row> compared = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	Row row(String benchmark, String implementation, String metric) {
		return row(benchmark, implementation, metric, null, false);
	}

	Row row(String benchmark, String implementation, String metric, @Nullable Row baseline, boolean lowerIsBetter) {
		Row row = new Row(benchmark, implementation, metric, baseline, null, lowerIsBetter);
		this.rows.add(row);
		return row;
	}

	/**
	 * A row of the second table, compared with two baselines.
	 * @param benchmark the benchmark
	 * @param implementation the implementation
	 * @param metric the metric
	 * @param first the first baseline (libzmq), or null for a baseline row
	 * @param second the second baseline (raw JeroMQ), or null
	 * @param lowerIsBetter whether a lower figure is better (latencies)
	 * @return the row
	 */
	Row compared(String benchmark, String implementation, String metric, @Nullable Row first, @Nullable Row second,
			boolean lowerIsBetter) {
		Row row = new Row(benchmark, implementation, metric, first, second, lowerIsBetter);
		this.compared.add(row);
		return row;
	}

	void note(String note) {
		this.notes.add(note);
	}

	/** @return every row, the second table's after the first's */
	List<Row> rows() {
		List<Row> all = new ArrayList<>(this.rows);
		all.addAll(this.compared);
		return all;
	}

	List<String> notes() {
		return this.notes;
	}

	/**
	 * The markdown table: median, min and max of the samples, and the median (min–max) of the in-round ratios to the
	 * baseline row.
	 * @return the table, notes after it
	 */
	String toMarkdown() {
		StringBuilder out = new StringBuilder();
		if (!this.rows.isEmpty()) {
			out.append("| Benchmark | Implementation | Metric | Median | Min | Max | Rounds | Ratio (median, min–max) | vs |\n");
			out.append("|---|---|---|---:|---:|---:|---:|---:|---|\n");
			for (Row row : this.rows) {
				cells(out, row);
				double[] ratios = row.ratios();
				if (ratios.length > 0) {
					out.append(ratioCell(ratios)).append(" | ").append(row.baseline.implementation);
				}
				else {
					out.append(" | ");
				}
				out.append(" |\n");
			}
		}
		if (!this.compared.isEmpty()) {
			if (!this.rows.isEmpty()) {
				out.append('\n');
			}
			out.append("| Benchmark | Implementation | Metric | Median | Min | Max | Rounds | ÷ libzmq (median, min–max) "
					+ "| ÷ raw JeroMQ (median, min–max) |\n");
			out.append("|---|---|---|---:|---:|---:|---:|---:|---:|\n");
			for (Row row : this.compared) {
				cells(out, row);
				out.append(ratioCell(row.ratios(row.baseline))).append(" | ").append(ratioCell(row.ratios(row.second)))
					.append(" |\n");
			}
		}
		for (String note : this.notes) {
			out.append("\n- ").append(note);
		}
		if (!this.notes.isEmpty()) {
			out.append('\n');
		}
		return out.toString();
	}

	/** The header of {@link #toCsv()}. */
	static final String CSV_HEADER = "case,implementation,metric,median,min,max,rounds,ratio,vs";

	/**
	 * The rows as CSV (RFC 4180: CRLF line ends, fields with a comma, a quote or a line break quoted, quotes doubled):
	 * one line per table row, in the tables' order, with {@link #CSV_HEADER}. Numbers are unformatted (plain decimal,
	 * {@code .} as the separator); median, min and max are empty without samples. {@code ratio} is the median in-round
	 * ratio to the baseline named in {@code vs}, both empty when there is none; a row of the second table (case 7 and 8)
	 * carries its ratio to the first baseline (libzmq), or to the second (raw JeroMQ) when the first has no samples.
	 * @return the CSV text, header first
	 */
	String toCsv() {
		StringBuilder out = new StringBuilder(CSV_HEADER).append("\r\n");
		for (Row row : rows()) {
			Row baseline = row.baseline;
			double[] ratios = row.ratios(baseline);
			if (ratios.length == 0 && row.second != null) {
				baseline = row.second;
				ratios = row.ratios(baseline);
			}
			boolean ratio = ratios.length > 0;
			List<String> fields = List.of(row.benchmark, row.implementation, row.metric, number(row.median()),
					number(row.min()), number(row.max()), String.valueOf(row.samples.size()),
					ratio ? number(median(ratios)) : "", ratio ? baseline.implementation : "");
			for (int i = 0; i < fields.size(); i++) {
				out.append((i > 0) ? "," : "").append(csvField(fields.get(i)));
			}
			out.append("\r\n");
		}
		return out.toString();
	}

	/** A number as a script reads it: plain decimal, no grouping or units; empty for NaN, {@code Infinity} for ∞. */
	static String number(double value) {
		if (Double.isNaN(value)) {
			return "";
		}
		if (Double.isInfinite(value)) {
			return (value > 0) ? "Infinity" : "-Infinity";
		}
		return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
	}

	static String csvField(String value) {
		if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
			return value;
		}
		return '"' + value.replace("\"", "\"\"") + '"';
	}

	/** The cells up to the first ratio: benchmark, implementation, metric, median, min, max, rounds. */
	private static void cells(StringBuilder out, Row row) {
		out.append("| ").append(row.benchmark).append(" | ").append(row.implementation).append(" | ").append(row.metric)
			.append(" | ");
		if (row.samples.isEmpty()) {
			out.append("– | – | – | 0 | ");
			return;
		}
		out.append(format(row.median())).append(" | ").append(format(row.min())).append(" | ").append(format(row.max()))
			.append(" | ").append(row.samples.size()).append(" | ");
	}

	/** The median ratio, with its min–max when there is more than one; empty without ratios. */
	private static String ratioCell(double[] ratios) {
		if (ratios.length == 0) {
			return "";
		}
		String cell = ratio(median(ratios));
		if (ratios.length > 1) {
			double rmin = Arrays.stream(ratios).min().getAsDouble();
			double rmax = Arrays.stream(ratios).max().getAsDouble();
			cell += " (" + ratio(rmin) + "–" + ratio(rmax) + ")";
		}
		return cell;
	}

	static double median(double[] values) {
		if (values.length == 0) {
			return Double.NaN;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int mid = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	}

	static double percentile(double[] values, double p) {
		if (values.length == 0) {
			return Double.NaN;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	static String format(double value) {
		if (Double.isNaN(value)) {
			return "–";
		}
		double abs = Math.abs(value);
		if (abs >= 1_000_000) {
			return String.format(Locale.ROOT, "%.2f M", value / 1_000_000);
		}
		if (abs >= 10_000) {
			return String.format(Locale.ROOT, "%.1f k", value / 1_000);
		}
		if (abs >= 100 || value == Math.rint(value)) {
			return String.format(Locale.ROOT, "%.0f", value);
		}
		if (abs >= 1) {
			return String.format(Locale.ROOT, "%.2f", value);
		}
		return String.format(Locale.ROOT, "%.3f", value);
	}

	static String ratio(double value) {
		return (value >= 10) ? String.format(Locale.ROOT, "%.0f×", value)
				: String.format(Locale.ROOT, "%.2f×", value);
	}

}
