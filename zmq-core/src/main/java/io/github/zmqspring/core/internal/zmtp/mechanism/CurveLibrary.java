package io.github.zmqspring.core.internal.zmtp.mechanism;

import io.github.zmqspring.core.ZmqException;

/**
 * Whether CURVE's cryptography library (Bouncy Castle) is on the class path: zmq-core depends on it, so it is missing
 * only when an application excluded it, and then a CURVE socket fails when it opens, saying what to add, instead of
 * failing in a handshake on an I/O thread.
 */
final class CurveLibrary {

	/** The artifact CURVE needs. */
	static final String ARTIFACT = "org.bouncycastle:bcprov-jdk18on";

	private static final boolean PRESENT = isPresent();

	private CurveLibrary() {
	}

	private static boolean isPresent() {
		try {
			Class.forName("org.bouncycastle.math.ec.rfc7748.X25519", false, CurveLibrary.class.getClassLoader());
			Class.forName("org.bouncycastle.crypto.engines.XSalsa20Engine", false, CurveLibrary.class.getClassLoader());
			Class.forName("org.bouncycastle.crypto.macs.Poly1305", false, CurveLibrary.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

	static void require(String what) {
		if (!PRESENT) {
			throw new ZmqException(what + ": CURVE security needs Bouncy Castle on the class path, and it is missing. Add "
					+ ARTIFACT + " (1.78 or later; zmq-core declares it, so check for an exclusion of it in your build), "
					+ "or use PLAIN or no security.");
		}
	}

}
