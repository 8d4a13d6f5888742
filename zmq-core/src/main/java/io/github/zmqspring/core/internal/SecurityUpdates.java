package io.github.zmqspring.core.internal;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.ZmqSecurity;

/**
 * The rule of {@code ManagedSocket.updateSecurity}: new keys or credentials, never another mechanism, side or ZAP
 * domain, and only on a socket that has security.
 */
final class SecurityUpdates {

	private SecurityUpdates() {
	}

	/**
	 * Checks that an update may replace the current settings.
	 * @param socket the socket's name, for the message
	 * @param current the settings in use, or {@code null} for the NULL mechanism
	 * @param update the new settings
	 * @throws IllegalArgumentException naming the socket when they differ, or the socket has no security
	 */
	static void check(String socket, @Nullable ZmqSecurity current, ZmqSecurity update) {
		Objects.requireNonNull(update, "'security' must not be null");
		if (current == null) {
			throw new IllegalArgumentException("socket '" + socket + "' has no security (NULL mechanism): its "
					+ "security cannot be updated, only set in its spec before it opens");
		}
		if (current.mechanism() != update.mechanism()) {
			throw new IllegalArgumentException("socket '" + socket + "' is a " + current.mechanism() + " socket: an "
					+ "update must keep that mechanism and side, not switch to " + update.mechanism());
		}
		if (!Objects.equals(current.zapDomain(), update.zapDomain())) {
			throw new IllegalArgumentException("socket '" + socket + "': an update must keep the ZAP domain '"
					+ current.zapDomain() + "', not '" + update.zapDomain() + "'");
		}
	}

}
