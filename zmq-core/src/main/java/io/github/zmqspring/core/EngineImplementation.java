package io.github.zmqspring.core;

import java.util.Locale;

/**
 * The ZeroMQ implementation under a {@link ZmqEngine}'s sockets.
 */
public enum EngineImplementation {

	/**
	 * The engine's own pure-Java ZMTP 3.1 implementation: tcp, ipc (Unix domain sockets, interoperable with libzmq)
	 * and inproc, bounded against hostile peers, no runtime dependency. Sockets with a security mechanism (CURVE,
	 * PLAIN) run on JeroMQ unless the engine's security implementation is ZMTP too
	 * ({@link ZmqEngine.Builder#securityImplementation(EngineImplementation)}). The default.
	 */
	ZMTP,

	/**
	 * JeroMQ 0.6.0 under every socket (the round-1 engine). Its ipc transport is an emulation over loopback TCP.
	 */
	JEROMQ;

	/** The system property that chooses the default implementation ({@code zmtp} or {@code jeromq}). */
	public static final String PROPERTY = "zmq.engine.implementation";

	/**
	 * The system property that chooses the default implementation of CURVE and PLAIN sockets ({@code zmtp} or
	 * {@code jeromq}).
	 */
	public static final String SECURITY_PROPERTY = "zmq.engine.security-implementation";

	/**
	 * The implementation a builder uses when none is set: the {@value #PROPERTY} system property when present,
	 * else {@link #ZMTP}.
	 * @return the default implementation
	 */
	public static EngineImplementation defaultImplementation() {
		return fromProperty(PROPERTY, ZMTP);
	}

	/**
	 * The implementation of CURVE and PLAIN sockets a builder uses when none is set: the {@value #SECURITY_PROPERTY}
	 * system property when present, else {@link #ZMTP}.
	 * @return the default implementation of secured sockets
	 */
	public static EngineImplementation defaultSecurityImplementation() {
		return fromProperty(SECURITY_PROPERTY, ZMTP);
	}

	private static EngineImplementation fromProperty(String property, EngineImplementation fallback) {
		String value = System.getProperty(property);
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			return valueOf(value.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("System property " + property + ": '" + value
					+ "' is not an engine implementation (expected zmtp or jeromq)", ex);
		}
	}

}
