package io.github.zmqspring.core.internal.engine;

import io.github.zmqspring.core.internal.zmtp.mechanism.ZapReply;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZapRequest;

/**
 * Decides the ZAP requests (RFC 27) of the engine's PLAIN and CURVE servers: a callback, wire-invisible, with the
 * inputs and outputs of a handler on {@code inproc://zeromq.zap.01}. Called on an I/O thread while the handshake
 * waits, so it must decide from memory, quickly and without blocking (the engine's authenticator reads its keys and
 * users when it is built); it must not call user code.
 */
@FunctionalInterface
public interface ZapHandler {

	/**
	 * Decides one request.
	 * @param request the request
	 * @return the reply, whose request id is the request's
	 */
	ZapReply decide(ZapRequest request);

}
