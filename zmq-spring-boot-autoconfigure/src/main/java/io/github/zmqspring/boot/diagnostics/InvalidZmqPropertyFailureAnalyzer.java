package io.github.zmqspring.boot.diagnostics;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

import io.github.zmqspring.boot.autoconfigure.InvalidZmqPropertyException;

/**
 * Reports an {@link InvalidZmqPropertyException} as Spring Boot reports an invalid configuration property: the
 * property, its value and where it is set (file and line when Boot knows them), the reason, and the action.
 */
class InvalidZmqPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidZmqPropertyException> {

	private final ZmqPropertyLookup properties;

	InvalidZmqPropertyFailureAnalyzer(@Nullable Environment environment) {
		this.properties = new ZmqPropertyLookup(environment);
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidZmqPropertyException cause) {
		String property = cause.getProperty();
		String problem = problem(cause);
		ZmqPropertyLookup.Setting setting = this.properties.find(property, problem);
		StringBuilder description = new StringBuilder();
		if (setting != null && setting.name().equals(property) || setting != null && isElement(setting, property)) {
			description.append("Invalid value '").append(setting.value()).append("' for configuration property '")
				.append(setting.name()).append("'").append(setting.originText()).append(".");
		}
		else {
			description.append("Invalid configuration property '").append(property).append("'");
			if (setting != null) {
				description.append(" (set with '").append(setting.name()).append("'").append(setting.originText())
					.append(")");
			}
			description.append(".");
		}
		description.append(String.format(" ZeroMQ cannot use it:%n%n    ")).append(problem);
		String where = (setting != null && setting.origin() != null) ? " in '" + setting.origin() + "'" : "";
		String action = "Update '" + property + "'" + where + " as the reason above says.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

	private static boolean isElement(ZmqPropertyLookup.Setting setting, String property) {
		return setting.name().startsWith(property + "[");
	}

	/** The message without its {@code "<property>: "} prefix. */
	private static String problem(InvalidZmqPropertyException cause) {
		String message = String.valueOf(cause.getMessage());
		String prefix = cause.getProperty() + ": ";
		return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
	}

}
