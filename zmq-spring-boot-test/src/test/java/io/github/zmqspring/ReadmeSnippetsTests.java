package io.github.zmqspring;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code ```java} block of the README compiles against the test module's test class path (the starter's
 * dependencies, this test module, Spring Integration, the actuator, Jackson, the engine), so that an example cannot drift from the API.
 * <p>
 * A block is compiled as it stands when it declares a top-level type (a compilation unit). Otherwise it is a fragment,
 * and an HTML comment right above the block (invisible on GitHub) says how to wrap it:
 * <ul>
 * <li>{@code <!-- snippet: members -->}: the block is the body of a class (fields, {@code @Bean} methods);</li>
 * <li>{@code <!-- snippet: statements -->}: the block is the body of a method that may throw;</li>
 * <li>{@code <!-- snippet: unit -->}: the block is a compilation unit (the default), written only to give it
 * context.</li>
 * </ul>
 * Lines after the kind, up to {@code -->}, are context the fragment assumes and the README leaves out: {@code import}
 * lines join the block's imports, anything else becomes a member of the wrapping class (a compilation unit: a
 * top-level declaration), such as {@code ZmqOperations template;} or {@code record Order(int id, String item) {}}.
 * Imports the block uses are written in the block itself. A method body written {@code { ... }} is elided: it compiles
 * as one that throws. A block without a comment that declares no type fails the test.
 */
class ReadmeSnippetsTests {

	private static final Pattern MARKER = Pattern.compile("<!--\\s*snippet:\\s*(members|statements|unit)\\b(.*?)-->",
			Pattern.DOTALL);

	private static final Pattern TOP_LEVEL_TYPE = Pattern.compile(
			"^(public |abstract |final |sealed |non-sealed )*(class|record|interface|enum|@interface) (\\w+)",
			Pattern.MULTILINE);

	private static final Pattern ELIDED_BODY = Pattern.compile("\\{ \\.\\.\\. }");

	@Test
	void everyJavaBlockOfTheReadmeCompiles(@TempDir Path classes) throws IOException {
		List<Snippet> snippets = snippets(readme());
		assertThat(snippets).as("java blocks in the README").hasSizeGreaterThan(10);
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
				StandardCharsets.UTF_8)) {
			List<String> options = List.of("-proc:none", "-Xlint:none", "-d", classes.toString(), "-classpath",
					System.getProperty("java.class.path"));
			boolean compiled = compiler
				.getTask(null, files, diagnostics, options, null, snippets.stream().map(Snippet::source).toList())
				.call();
			List<String> errors = diagnostics.getDiagnostics()
				.stream()
				.filter((diagnostic) -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
				.map((diagnostic) -> describe(diagnostic, snippets))
				.toList();
			assertThat(errors).as("compilation errors in README snippets").isEmpty();
			assertThat(compiled).isTrue();
		}
	}

	private static Path readme() {
		for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
			Path candidate = directory.resolve("README.md");
			if (Files.isRegularFile(candidate) && Files.isDirectory(directory.resolve("zmq-spring-boot-autoconfigure"))) {
				return candidate;
			}
		}
		throw new IllegalStateException("README.md of the project not found above " + Path.of("").toAbsolutePath());
	}

	static List<Snippet> snippets(Path readme) throws IOException {
		List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
		List<Snippet> snippets = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			if (!lines.get(i).strip().equals("```java")) {
				continue;
			}
			int start = i + 1;
			int end = start;
			while (!lines.get(end).strip().equals("```")) {
				end++;
			}
			String marker = markerAbove(lines, i);
			snippets.add(Snippet.of(snippets.size() + 1, start + 1, lines.subList(start, end), marker));
			i = end;
		}
		return snippets;
	}

	/** The snippet comment ending on the line above the fence, or {@code null}. */
	private static String markerAbove(List<String> lines, int fence) {
		if (fence == 0 || !lines.get(fence - 1).strip().endsWith("-->")) {
			return null;
		}
		int first = fence - 1;
		while (first > 0 && !lines.get(first).contains("<!--")) {
			first--;
		}
		return String.join("\n", lines.subList(first, fence));
	}

	private static String describe(Diagnostic<? extends JavaFileObject> diagnostic, List<Snippet> snippets) {
		for (Snippet snippet : snippets) {
			if (snippet.source() == diagnostic.getSource()) {
				long line = diagnostic.getLineNumber() - snippet.firstBlockLine() + snippet.readmeLine();
				return "README.md:" + line + " (java block " + snippet.index() + "): "
						+ diagnostic.getMessage(Locale.ROOT);
			}
		}
		return diagnostic.toString();
	}

	/**
	 * One block as a compilation unit.
	 * @param index the block's number in the README, from 1
	 * @param readmeLine the README line of the block's first line after its imports
	 * @param firstBlockLine the unit's line holding that line
	 * @param source the unit
	 */
	record Snippet(int index, int readmeLine, int firstBlockLine, JavaFileObject source) {

		static Snippet of(int index, int readmeLine, List<String> block, String marker) {
			List<String> imports = new ArrayList<>();
			List<String> context = new ArrayList<>();
			String kind = null;
			if (marker != null) {
				Matcher matcher = MARKER.matcher(marker);
				if (!matcher.find()) {
					throw new IllegalStateException("README.md:" + readmeLine + ": the comment above the block is not "
							+ "<!-- snippet: members|statements|unit [context] -->: " + marker);
				}
				kind = matcher.group(1).equals("unit") ? null : matcher.group(1);
				for (String line : matcher.group(2).split("\n")) {
					if (line.strip().startsWith("import ")) {
						imports.add(line.strip());
					}
					else if (!line.isBlank()) {
						context.add(line);
					}
				}
			}
			int body = 0;
			while (body < block.size() && (block.get(body).startsWith("import ") || block.get(body).isBlank())) {
				if (!block.get(body).isBlank()) {
					imports.add(block.get(body));
				}
				body++;
			}
			List<String> code = block.subList(body, block.size()).stream()
				.map((line) -> ELIDED_BODY.matcher(line).replaceAll("{ throw new UnsupportedOperationException(); }"))
				.toList();
			String text = String.join("\n", code);
			Matcher type = TOP_LEVEL_TYPE.matcher(text);
			if (kind == null && !type.find()) {
				throw new IllegalStateException("README.md:" + readmeLine + ": java block " + index + " declares no "
						+ "type; put <!-- snippet: members --> or <!-- snippet: statements --> above it");
			}
			String packageName = "readme.block" + index;
			List<String> unit = new ArrayList<>();
			unit.add("package " + packageName + ";");
			unit.addAll(imports);
			String typeName;
			if (kind == null) {
				Matcher publicType = Pattern.compile("^public (final |abstract )*(class|record|interface|enum) (\\w+)",
						Pattern.MULTILINE).matcher(text);
				typeName = publicType.find() ? publicType.group(3) : "Snippet";
				unit.addAll(context);
			}
			else {
				typeName = "Snippet";
				unit.add("class Snippet {");
				unit.addAll(context);
				if (kind.equals("statements")) {
					unit.add("void snippet() throws Exception {");
				}
			}
			int firstBlockLine = unit.size() + 1;
			unit.addAll(code);
			if ("statements".equals(kind)) {
				unit.add("}");
			}
			if (kind != null) {
				unit.add("}");
			}
			String source = String.join("\n", unit) + "\n";
			URI uri = URI.create("string:///" + packageName.replace('.', '/') + "/" + typeName + ".java");
			return new Snippet(index, readmeLine + body, firstBlockLine, new SimpleJavaFileObject(uri,
					JavaFileObject.Kind.SOURCE) {

				@Override
				public CharSequence getCharContent(boolean ignoreEncodingErrors) {
					return source;
				}

			});
		}

	}

}
