package io.github.zmqspring.config;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.Assert;

import io.github.zmqspring.core.SocketState;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.listener.ZmqOutboundSockets;

/**
 * The default {@link ZmqOutboundSockets}: opens each named socket on the engine on first use, keeps it open and shares
 * it, and closes every socket it opened when the bean is destroyed (after the listener containers stopped).
 * Thread-safe.
 */
public class DefaultZmqOutboundSockets implements ZmqOutboundSockets, DisposableBean {

	private final ZmqEngine engine;

	private final ZmqSocketSpecProvider specs;

	private final Map<String, ZmqSocket> sockets = new ConcurrentHashMap<>();

	/**
	 * Creates the sockets holder; nothing opens before {@link #getSocket(String)}.
	 * @param engine the engine
	 * @param specs the named sockets
	 */
	public DefaultZmqOutboundSockets(ZmqEngine engine, ZmqSocketSpecProvider specs) {
		Assert.notNull(engine, "'engine' must not be null");
		Assert.notNull(specs, "'specs' must not be null");
		this.engine = engine;
		this.specs = specs;
	}

	@Override
	public ZmqSocket getSocket(String name) {
		ZmqSocket socket = this.sockets.get(name);
		if (socket != null && isUsable(socket)) {
			return socket;
		}
		return this.sockets.compute(name,
				(key, existing) -> (existing != null && isUsable(existing)) ? existing : this.engine.open(spec(key)));
	}

	private static boolean isUsable(ZmqSocket socket) {
		SocketState state = socket.state();
		return state == SocketState.RUNNING || state == SocketState.STARTING;
	}

	private ZmqSocketSpec spec(String name) {
		ZmqSocketSpec spec = this.specs.getSocketSpec(name);
		if (spec == null) {
			throw new IllegalArgumentException("no socket named '" + name + "' to send to; define zmq.sockets." + name
					+ ".type and zmq.sockets." + name + ".bind or .connect");
		}
		if (!spec.type().canSend()) {
			throw new IllegalArgumentException("socket '" + name + "' (zmq.sockets." + name + ".type) is a "
					+ spec.type() + " socket, which cannot send; use PUSH, PUB, PAIR, DEALER or ROUTER");
		}
		return spec;
	}

	@Override
	public void destroy() {
		this.sockets.values().forEach(ZmqSocket::close);
		this.sockets.clear();
	}

}
