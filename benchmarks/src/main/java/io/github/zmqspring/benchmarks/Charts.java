package io.github.zmqspring.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The two charts of a run, drawn with JFreeChart into PNG images, one panel per group of comparable figures, two
 * panels a row, the run's header line on top:
 * <ul>
 * <li>throughput: the median of every {@code msgs/s}, {@code requests/s} and {@code cycles/s} row, one panel per case
 * and metric; a panel of several benchmarks (case 1: PUSH→PULL, PUB→SUB and sizes) groups one bar per implementation
 * under each benchmark, a panel of one benchmark has one bar per implementation;</li>
 * <li>latency: p50 and p99 (medians over the rounds) per implementation, one panel per benchmark that has both
 * (request/reply, idle → first message, fresh connections, case 7's set-up and REQ/REP).</li>
 * </ul>
 * A value axis is logarithmic when a panel's figures span more than {@value #LOG_SPAN}×. Rows without samples (libzmq skipped) and infinite figures (lost messages) are
 * left out. Headless: nothing is shown on a screen.
 */
final class Charts {

	/** Above this ratio of a panel's largest to smallest figure its value axis is logarithmic. */
	static final double LOG_SPAN = 30;

	private static final int PANEL_WIDTH = 900;

	private static final int PANEL_HEIGHT = 540;

	private static final int HEADING_HEIGHT = 90;

	/** Tableau 10: distinguishable, and readable for most colour-blind readers. */
	private static final Color[] PALETTE = { new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759),
			new Color(0x76B7B2), new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
			new Color(0x9C755F), new Color(0xBAB0AC) };

	private static final Pattern CASE = Pattern.compile("^(\\d+)([a-z]?)\\. (.*)$");

	private static final Pattern RATE = Pattern.compile("^(delivered )?(msgs|requests|cycles)/s$");

	private static final Pattern PERCENTILE = Pattern.compile("^(p50|p99) (µs|ms)( \\(.*\\))?$");

	private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);

	private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

	private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

	private static final Font VALUE = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

	private Charts() {
	}

	/**
	 * Draws the throughput chart.
	 * @param report the results
	 * @param header the run's header line
	 * @param file the PNG to write
	 * @throws IOException when the file cannot be written
	 */
	static void throughput(Report report, String header, Path file) throws IOException {
		Map<String, List<Report.Row>> panels = new LinkedHashMap<>();
		for (Report.Row row : report.rows()) {
			Matcher benchmark = CASE.matcher(row.benchmark);
			if (benchmark.matches() && RATE.matcher(row.metric).matches() && !row.samples.isEmpty()) {
				panels.computeIfAbsent(benchmark.group(1) + " " + row.metric, (key) -> new ArrayList<>()).add(row);
			}
		}
		List<JFreeChart> charts = new ArrayList<>();
		for (List<Report.Row> rows : panels.values()) {
			Colours colours = new Colours();
			Map<String, List<Report.Row>> byBenchmark = new LinkedHashMap<>();
			rows.forEach((row) -> byBenchmark.computeIfAbsent(row.benchmark, (key) -> new ArrayList<>()).add(row));
			String metric = rows.get(0).metric;
			DefaultCategoryDataset data = new DefaultCategoryDataset();
			JFreeChart chart;
			if (byBenchmark.size() == 1) {
				// one benchmark: one bar per implementation, named on the axis
				rows.forEach((row) -> data.addValue(row.median(), metric, row.implementation));
				chart = chart(rows.get(0).benchmark, data, PlotOrientation.HORIZONTAL, metric, colours::of, false);
			}
			else {
				// several benchmarks of a case: one group of bars (one per implementation) under each
				rows.forEach((row) -> data.addValue(row.median(), row.implementation, label(row.benchmark)));
				Matcher first = CASE.matcher(rows.get(0).benchmark);
				int number = first.matches() ? Integer.parseInt(first.group(1)) : 0;
				String title = (number > 0) ? number + ". " + Benchmarks.title(number) : rows.get(0).benchmark;
				chart = chart(title, data, PlotOrientation.VERTICAL, metric, colours::of, true);
			}
			charts.add(chart);
		}
		write(charts, "Throughput (median over the rounds; higher is better)", header,
				"No case with a throughput figure ran", file);
	}

	/**
	 * Draws the latency chart.
	 * @param report the results
	 * @param header the run's header line
	 * @param file the PNG to write
	 * @throws IOException when the file cannot be written
	 */
	static void latency(Report report, String header, Path file) throws IOException {
		Map<String, List<Report.Row>> panels = new LinkedHashMap<>();
		for (Report.Row row : report.rows()) {
			if (PERCENTILE.matcher(row.metric).matches() && !row.samples.isEmpty()) {
				panels.computeIfAbsent(row.benchmark, (key) -> new ArrayList<>()).add(row);
			}
		}
		Colours colours = new Colours();
		List<JFreeChart> charts = new ArrayList<>();
		panels.forEach((benchmark, rows) -> {
			DefaultCategoryDataset data = new DefaultCategoryDataset();
			boolean infinite = false;
			String unit = "";
			for (Report.Row row : rows) {
				Matcher metric = PERCENTILE.matcher(row.metric);
				metric.matches();
				unit = metric.group(2);
				double value = row.median();
				if (Double.isInfinite(value)) {
					infinite = true;
				}
				else {
					data.addValue(value, metric.group(1), row.implementation);
				}
			}
			boolean both = data.getRowIndex("p50") >= 0 && data.getRowIndex("p99") >= 0;
			if (both) {
				JFreeChart chart = chart(benchmark, data, PlotOrientation.HORIZONTAL, "latency, " + unit,
						colours::of, true);
				if (infinite) {
					chart.addSubtitle(new TextTitle("a p99 of ∞ (a message lost) is not drawn", LABEL));
				}
				charts.add(chart);
			}
		});
		write(charts, "Latency: p50 and p99 (median over the rounds; lower is better)", header,
				"No case with p50 and p99 figures ran", file);
	}

	/** A panel: bars of the dataset, coloured by series (with a legend) or, without a legend, by category. */
	private static JFreeChart chart(String title, DefaultCategoryDataset data, PlotOrientation orientation,
			String metric, Function<String, Paint> colour, boolean legend) {
		double min = Double.MAX_VALUE;
		double max = 0;
		for (int row = 0; row < data.getRowCount(); row++) {
			for (int column = 0; column < data.getColumnCount(); column++) {
				Number value = data.getValue(row, column);
				if (value != null && value.doubleValue() > 0) {
					min = Math.min(min, value.doubleValue());
					max = Math.max(max, value.doubleValue());
				}
			}
		}
		boolean log = max > 0 && max / min > LOG_SPAN;
		BarRenderer renderer = legend ? new BarRenderer() : new BarRenderer() {

			private static final long serialVersionUID = 1L;

			@Override
			public Paint getItemPaint(int row, int column) {
				return colour.apply((String) data.getColumnKey(column));
			}

		};
		ValueAxis values;
		if (log) {
			LogAxis axis = new LogAxis(metric + " (log scale)");
			double lower = Math.pow(10, Math.floor(Math.log10(min)));
			// room for the value labels past the longest bar
			double upper = Math.pow(10, Math.ceil(Math.log10(max * 3)));
			axis.setRange(lower, upper);
			// a tick per decade (the unit is in log space), nine minor ticks between
			axis.setTickUnit(new NumberTickUnit(1));
			axis.setMinorTickCount(9);
			axis.setMinorTickMarksVisible(true);
			renderer.setBase(lower);
			values = axis;
		}
		else {
			NumberAxis axis = new NumberAxis(metric);
			axis.setAutoRangeIncludesZero(true);
			axis.setUpperMargin(0.18);
			values = axis;
		}
		values.setLabelFont(LABEL);
		values.setTickLabelFont(TICK);
		if (values instanceof LogAxis logAxis) {
			logAxis.setNumberFormatOverride(new Compact());
		}
		else {
			((NumberAxis) values).setNumberFormatOverride(new Compact());
		}
		CategoryAxis categories = new CategoryAxis();
		categories.setTickLabelFont(TICK);
		categories.setMaximumCategoryLabelLines(3);
		categories.setMaximumCategoryLabelWidthRatio(0.42f);
		categories.setCategoryMargin(0.25);
		renderer.setBarPainter(new StandardBarPainter());
		renderer.setShadowVisible(false);
		renderer.setItemMargin(0.04);
		renderer.setMaximumBarWidth(0.12);
		renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new Compact()));
		renderer.setDefaultItemLabelsVisible(true);
		renderer.setDefaultItemLabelFont(VALUE);
		renderer.setDefaultPositiveItemLabelPosition((orientation == PlotOrientation.HORIZONTAL)
				? new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT)
				: new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.CENTER_LEFT, TextAnchor.CENTER_LEFT,
						-Math.PI / 2));
		for (int row = 0; legend && row < data.getRowCount(); row++) {
			renderer.setSeriesPaint(row, colour.apply((String) data.getRowKey(row)));
		}
		CategoryPlot plot = new CategoryPlot(data, categories, values, renderer);
		plot.setOrientation(orientation);
		// the value axis under the bars, also when they are horizontal
		plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
		plot.setBackgroundPaint(Color.WHITE);
		plot.setOutlineVisible(false);
		plot.setRangeGridlinePaint(new Color(0xCCCCCC));
		plot.setRangeGridlineStroke(new BasicStroke(1f));
		plot.setRangeMinorGridlinesVisible(log);
		plot.setRangeMinorGridlinePaint(new Color(0xEEEEEE));
		plot.setRangeMinorGridlineStroke(new BasicStroke(1f));
		JFreeChart chart = new JFreeChart(title, TITLE, plot, legend);
		chart.setBackgroundPaint(Color.WHITE);
		chart.setPadding(new RectangleInsets(4, 4, 4, 28));
		chart.setAntiAlias(true);
		chart.setTextAntiAlias(true);
		if (legend) {
			LegendTitle legendTitle = chart.getLegend();
			legendTitle.setPosition(RectangleEdge.BOTTOM);
			legendTitle.setItemFont(LABEL);
		}
		return chart;
	}

	/** Lays the panels out two a row under a heading and writes the PNG. */
	private static void write(List<JFreeChart> charts, String heading, String header, String empty, Path file)
			throws IOException {
		List<JFreeChart> panels = new ArrayList<>(charts);
		if (panels.isEmpty()) {
			CategoryPlot plot = new CategoryPlot(new DefaultCategoryDataset(), new CategoryAxis(), new NumberAxis(),
					new BarRenderer());
			plot.setNoDataMessage(empty);
			plot.setNoDataMessageFont(TITLE);
			plot.getDomainAxis().setVisible(false);
			plot.getRangeAxis().setVisible(false);
			plot.setRangeGridlinesVisible(false);
			plot.setOutlineVisible(false);
			JFreeChart chart = new JFreeChart(null, TITLE, plot, false);
			chart.setBackgroundPaint(Color.WHITE);
			panels.add(chart);
		}
		int columns = (panels.size() == 1) ? 1 : 2;
		int rows = (panels.size() + columns - 1) / columns;
		int width = columns * PANEL_WIDTH;
		BufferedImage image = new BufferedImage(width, HEADING_HEIGHT + rows * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setPaint(Color.WHITE);
			g.fillRect(0, 0, image.getWidth(), image.getHeight());
			draw(g, new TextTitle(heading, new Font(Font.SANS_SERIF, Font.BOLD, 20)), 0, 10, width, 30);
			draw(g, new TextTitle(header, LABEL), 40, 44, width - 80, HEADING_HEIGHT - 44);
			for (int i = 0; i < panels.size(); i++) {
				int x = (i % columns) * PANEL_WIDTH;
				int y = HEADING_HEIGHT + (i / columns) * PANEL_HEIGHT;
				panels.get(i).draw(g, new Rectangle2D.Double(x + 8, y + 8, PANEL_WIDTH - 16, PANEL_HEIGHT - 16));
			}
		}
		finally {
			g.dispose();
		}
		if (!ImageIO.write(image, "png", file.toFile())) {
			throw new IOException("no PNG writer for " + file);
		}
	}

	/** A title laid out (and wrapped) within the width, then drawn. */
	private static void draw(Graphics2D g, TextTitle title, double x, double y, double width, double height) {
		title.arrange(g, new RectangleConstraint(new Range(0, width), new Range(0, height)));
		title.draw(g, new Rectangle2D.Double(x, y, width, height));
	}

	/** The benchmark without its case number: {@code 1. PUSH→PULL 100 B} → {@code PUSH→PULL 100 B}. */
	static String label(String benchmark) {
		Matcher matcher = CASE.matcher(benchmark);
		return matcher.matches() ? matcher.group(3) : benchmark;
	}

	/** One colour per key, in order of first use. */
	private static final class Colours {

		private final Map<String, Color> colours = new LinkedHashMap<>();

		Color of(String key) {
			return this.colours.computeIfAbsent(key, (k) -> PALETTE[this.colours.size() % PALETTE.length]);
		}

	}

	/** Three significant digits with k / M: 1.47 M, 115 k, 85.4, 0.611. */
	static final class Compact extends NumberFormat {

		private static final long serialVersionUID = 1L;

		@Override
		public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
			return toAppendTo.append(compact(number));
		}

		@Override
		public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
			return toAppendTo.append(compact(number));
		}

		@Override
		public Number parse(String source, ParsePosition parsePosition) {
			throw new UnsupportedOperationException("format only");
		}

		static String compact(double value) {
			if (Double.isNaN(value) || Double.isInfinite(value)) {
				return Report.format(value);
			}
			double abs = Math.abs(value);
			String suffix = (abs >= 1e6) ? " M" : (abs >= 1e4) ? " k" : "";
			double scaled = (abs >= 1e6) ? value / 1e6 : (abs >= 1e4) ? value / 1e3 : value;
			if (scaled == 0) {
				return "0";
			}
			return new BigDecimal(scaled).round(new MathContext(3)).stripTrailingZeros().toPlainString() + suffix;
		}

	}

}
