package io.github.zmqspring.boot.diagnostics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import io.github.zmqspring.support.NoSuchZmqSocketException;

/**
 * Reports a {@link NoSuchZmqSocketException} at start-up: which name was asked for and by what, the declared sockets,
 * and the closest declared names ("did you mean").
 */
class NoSuchZmqSocketFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchZmqSocketException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NoSuchZmqSocketException cause) {
		String name = cause.getSocketName();
		List<String> declared = cause.getDeclaredNames();
		StringBuilder description = new StringBuilder("No ZeroMQ socket is named '").append(name).append("'.")
			.append(String.format("%n%n    ")).append(cause.getMessage()).append(String.format("%n%n"));
		if (declared.isEmpty()) {
			description.append("No socket is declared under zmq.sockets.");
		}
		else {
			description.append("The declared sockets (zmq.sockets.<name>) are: ").append(String.join(", ", declared))
				.append('.');
		}
		List<String> close = closest(name, declared);
		StringBuilder action = new StringBuilder();
		if (!close.isEmpty()) {
			action.append("Did you mean ").append(String.join(" or ", close.stream().map((c) -> "'" + c + "'").toList()))
				.append("? ");
		}
		action.append("Correct the socket name, or declare the socket: set zmq.sockets.").append(name)
			.append(".type and zmq.sockets.").append(name).append(".bind or .connect.");
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	/** The declared names within a small edit distance of the name, closest first. */
	static List<String> closest(String name, List<String> declared) {
		int limit = Math.max(2, name.length() / 3);
		List<String> close = new ArrayList<>();
		for (String candidate : declared) {
			if (distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT)) <= limit) {
				close.add(candidate);
			}
		}
		close.sort(Comparator.comparingInt((String candidate) -> distance(name, candidate)));
		return close.subList(0, Math.min(3, close.size()));
	}

	/** Levenshtein distance. */
	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
