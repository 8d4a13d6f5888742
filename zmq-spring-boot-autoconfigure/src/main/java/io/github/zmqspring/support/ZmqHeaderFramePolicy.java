package io.github.zmqspring.support;

import java.util.Map;

import org.springframework.util.Assert;

/**
 * Which sockets carry the {@linkplain ZmqHeaderFrame header frame}, by socket name: the names of
 * {@code zmq.sockets.<name>}, of {@code zmq.integration.*} entries and of {@code @ZmqListener} ids (a listener's own
 * socket). The {@link DefaultZmqMessageCodec} asks it on every path (template, listeners, adapters), so the frame is
 * written and read in one place. Implementations are thread-safe and answer fast: they are asked once per message
 * (never when the policy is {@link #NONE}).
 */
@FunctionalInterface
public interface ZmqHeaderFramePolicy {

	/** No socket carries a header frame (the default). */
	ZmqHeaderFramePolicy NONE = (socketName) -> ZmqHeaderFrameSettings.DISABLED;

	/**
	 * The settings of one socket.
	 * @param socketName the socket's name
	 * @return its settings, never {@code null}
	 */
	ZmqHeaderFrameSettings settings(String socketName);

	/**
	 * A policy from per-socket settings and the settings of every other socket.
	 * @param defaults the settings of sockets not in {@code sockets}
	 * @param sockets settings by socket name
	 * @return the policy ({@link #NONE} when no socket enables the header frame)
	 */
	static ZmqHeaderFramePolicy of(ZmqHeaderFrameSettings defaults, Map<String, ZmqHeaderFrameSettings> sockets) {
		Assert.notNull(defaults, "'defaults' must not be null");
		Assert.notNull(sockets, "'sockets' must not be null");
		if (!defaults.enabled() && sockets.values().stream().noneMatch(ZmqHeaderFrameSettings::enabled)) {
			return NONE;
		}
		Map<String, ZmqHeaderFrameSettings> copy = Map.copyOf(sockets);
		return (socketName) -> copy.getOrDefault(socketName, defaults);
	}

}
