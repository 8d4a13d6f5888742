package io.github.zmqspring.core.security;

import io.github.zmqspring.core.EngineImplementation;

/**
 * Every case of {@link SecurityTests} with CURVE and PLAIN on the engine's own ZMTP implementation, ZAP answered by
 * the authenticator directly.
 */
class ZmtpSecurityTests extends SecurityTests {

	@Override
	EngineImplementation securityImplementation() {
		return EngineImplementation.ZMTP;
	}

}
