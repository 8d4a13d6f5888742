package io.github.zmqspring.benchmarks;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The files a run leaves in its result directory: {@value #CSV} ({@link Report#toCsv()}), {@value #MARKDOWN} (the run's
 * header line and the tables, as printed), {@value #THROUGHPUT} and {@value #LATENCY} ({@link Charts}). Existing files
 * of those names are replaced; the directory is created when missing.
 */
final class ResultFiles {

	static final String CSV = "results.csv";

	static final String MARKDOWN = "results.md";

	static final String THROUGHPUT = "throughput.png";

	static final String LATENCY = "latency.png";

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH-mm-ss'Z'");

	private ResultFiles() {
	}

	/**
	 * Writes every result file.
	 * @param directory the directory (created when missing)
	 * @param header the run's header line (date, mode, machine, load)
	 * @param report the results
	 * @return the files written, absolute, in the order above
	 * @throws IOException when a file cannot be written
	 */
	static List<Path> write(Path directory, String header, Report report) throws IOException {
		Path dir = directory.toAbsolutePath().normalize();
		Files.createDirectories(dir);
		Path csv = Files.writeString(dir.resolve(CSV), report.toCsv(), StandardCharsets.UTF_8);
		Path markdown = Files.writeString(dir.resolve(MARKDOWN), header + "\n\n" + report.toMarkdown(),
				StandardCharsets.UTF_8);
		Path throughput = dir.resolve(THROUGHPUT);
		Charts.throughput(report, header, throughput);
		Path latency = dir.resolve(LATENCY);
		Charts.latency(report, header, latency);
		return List.of(csv, markdown, throughput, latency);
	}

	/** @return {@code target/results/<UTC timestamp>} of the benchmarks module */
	static Path defaultDirectory() {
		return directory("target/results/" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)));
	}

	/**
	 * The directory an {@code out=} argument names: an absolute path as it is, a relative one against the benchmarks
	 * module (where {@code target/} is), since {@code benchmarks/run} and Maven may start the JVM elsewhere.
	 * @param path the argument's value
	 * @return the directory
	 */
	static Path directory(String path) {
		Path given = Path.of(path);
		return given.isAbsolute() ? given : module().resolve(given).normalize();
	}

	/** @return the benchmarks module: the parent of {@code target/classes}, or the working directory elsewhere */
	private static Path module() {
		try {
			Path classes = Path.of(ResultFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			Path target = classes.getParent();
			if (Files.isDirectory(classes) && target != null && target.getFileName().toString().equals("target")
					&& target.getParent() != null) {
				return target.getParent();
			}
		}
		catch (URISyntaxException | RuntimeException ex) {
			// not run from the module's classes: fall back to the working directory
		}
		return Path.of("").toAbsolutePath();
	}

}
