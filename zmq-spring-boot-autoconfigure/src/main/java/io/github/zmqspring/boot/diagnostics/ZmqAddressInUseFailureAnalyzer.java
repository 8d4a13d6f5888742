package io.github.zmqspring.boot.diagnostics;

import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;

import io.github.zmqspring.core.ZmqException;

/**
 * Reports a ZeroMQ bind to an address already in use: which socket (and listener), which endpoint, where the
 * endpoint is configured, which other socket of the application is configured on the same port, and the action.
 * Matches only the engine's own bind failure ({@code socket '<name>': cannot bind <endpoint>: ...} over a
 * {@link BindException}), so a web server's port in use is left to Spring Boot's own analyzer.
 */
class ZmqAddressInUseFailureAnalyzer implements FailureAnalyzer {

	private static final Pattern ENGINE_BIND = Pattern.compile("^socket '(.+?)': cannot bind (\\S+): ");

	private static final Pattern LISTENER = Pattern.compile("^listener '(.+?)': ");

	private final ZmqPropertyLookup properties;

	ZmqAddressInUseFailureAnalyzer(@Nullable Environment environment) {
		this.properties = new ZmqPropertyLookup(environment);
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		String listener = null;
		for (Throwable ex = failure; ex != null; ex = ex.getCause()) {
			String message = String.valueOf(ex.getMessage());
			Matcher listenerMatch = LISTENER.matcher(message);
			if (listener == null && listenerMatch.find()) {
				listener = listenerMatch.group(1);
			}
			Matcher bind = ENGINE_BIND.matcher(message);
			if (ex instanceof ZmqException && ex.getCause() instanceof BindException inUse
					&& String.valueOf(inUse.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("in use")
					&& bind.find()) {
				return analysis(bind.group(1), bind.group(2), listener, ex);
			}
		}
		return null;
	}

	private FailureAnalysis analysis(String socket, String endpoint, @Nullable String listener, Throwable cause) {
		String port = endpoint.substring(endpoint.lastIndexOf(':') + 1);
		String property = "zmq.sockets." + socket + ".bind";
		ZmqPropertyLookup.Setting setting = this.properties.find(property, endpoint);
		StringBuilder description = new StringBuilder("ZeroMQ socket '").append(socket).append("'");
		if (listener != null && !listener.equals(socket)) {
			description.append(" of @ZmqListener '").append(listener).append("'");
		}
		else if (listener != null) {
			description.append(" (a @ZmqListener)");
		}
		description.append(" could not bind ").append(endpoint).append(": the address is already in use.");
		if (setting != null) {
			description.append(String.format("%n%nThe endpoint is configured by '")).append(setting.name())
				.append("'").append(setting.originText()).append(".");
		}
		List<String> others = othersOnPort(socket, port);
		if (!others.isEmpty()) {
			description.append(String.format("%n%nOther sockets of this application are configured on port "))
				.append(port).append(": ").append(String.join(", ", others)).append(".");
		}
		String configure = (setting != null) ? "'" + setting.name() + "'"
				: (listener != null) ? "the bind of @ZmqListener '" + listener + "'" : "'" + property + "'";
		String action = "Identify and stop the process that is listening on port " + port + " (for example with 'ss "
				+ "-ltnp' or 'lsof -i :" + port + "'), make sure no other socket of this application binds " + endpoint
				+ ", or change " + configure + " to another port ('tcp://<host>:*' binds a free one; the actual port is "
				+ "logged at start-up and shown at /actuator/zmq).";
		return new FailureAnalysis(description.toString(), action, cause);
	}

	/** Other {@code zmq.sockets.<name>.bind} settings on the same port. */
	private List<String> othersOnPort(String socket, String port) {
		List<String> others = new ArrayList<>();
		for (ZmqPropertyLookup.Setting setting : this.properties.under("zmq.sockets")) {
			String name = setting.name();
			if (name.matches("zmq\\.sockets\\.[^.]+\\.bind(\\[\\d+])?") && !name.startsWith("zmq.sockets." + socket + ".")
					&& this.properties.resolve(setting.value()).matches(".*:" + Pattern.quote(port) + "(,.*)?")) {
				others.add("'" + name + "'" + setting.originText());
			}
		}
		return others;
	}

}
