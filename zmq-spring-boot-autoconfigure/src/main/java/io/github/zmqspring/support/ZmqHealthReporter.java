package io.github.zmqspring.support;

import java.util.List;

/**
 * Contributes components to the {@code zmq} health contributor. Implement it on a bean and each of its components
 * becomes an entry of its own, {@code /actuator/health/zmq/<component name>} (a name already taken by a socket or a
 * listener gets {@code -2}, ...), DOWN when the component is unhealthy. Sockets and listener containers are reported
 * without one. Kept free of Spring Boot's health API so that it works without actuator. Implementations must be
 * thread-safe and fast (no I/O).
 */
@FunctionalInterface
public interface ZmqHealthReporter {

	/**
	 * The components' current health.
	 * @return one entry per component
	 */
	List<ZmqComponentHealth> health();

	/**
	 * A name for this reporter's components as a whole (default {@code components}); the health entries are named
	 * after the components themselves.
	 * @return the group name
	 */
	default String group() {
		return "components";
	}

}
