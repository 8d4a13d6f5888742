package io.github.zmqspring.core.security;

import io.github.zmqspring.core.EngineImplementation;

/**
 * {@link CurveInteropTests} with CURVE on the engine's own ZMTP implementation.
 */
class ZmtpCurveInteropTests extends CurveInteropTests {

	@Override
	EngineImplementation securityImplementation() {
		return EngineImplementation.ZMTP;
	}

}
