package io.github.zmqspring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

import io.github.zmqspring.support.ZmqHeaderFrame;
import io.github.zmqspring.support.ZmqHeaderFrameSettings;

/**
 * The {@code headers} group of a socket's options: whether its messages carry the header frame (W3C trace context
 * and message headers in one frame before the payload, as the README's "Observation and tracing" lays it out) and
 * its limits. Off unless configured, so plain libzmq peers see the payload frames only. Each key left unset on a
 * socket falls back to {@code zmq.defaults.headers}, then to the built-in default.
 */
public class ZmqSocketHeaders {

	/**
	 * Whether messages sent carry the header frame and messages received are read for one (a message without it has
	 * no such headers); STREAM sockets never carry one.
	 */
	private @Nullable Boolean enabled;

	/**
	 * Largest header frame written or read, magic and version included; a larger one received fails that message.
	 */
	private @Nullable DataSize maxSize;

	/**
	 * Most entries one header frame may carry; a received frame with more fails that message.
	 */
	private @Nullable Integer maxEntries;

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable DataSize getMaxSize() {
		return this.maxSize;
	}

	public void setMaxSize(@Nullable DataSize maxSize) {
		this.maxSize = maxSize;
	}

	public @Nullable Integer getMaxEntries() {
		return this.maxEntries;
	}

	public void setMaxEntries(@Nullable Integer maxEntries) {
		this.maxEntries = maxEntries;
	}

	/** @return whether any key of the group is set */
	boolean isConfigured() {
		return this.enabled != null || this.maxSize != null || this.maxEntries != null;
	}

	/**
	 * The settings of a socket whose own group is this one, over the defaults' group.
	 * @param prefix the socket's property prefix ({@code zmq.sockets.tasks}), named in errors
	 * @param defaults {@code zmq.defaults.headers}
	 * @return the settings
	 * @throws InvalidZmqPropertyException naming the key whose value is invalid
	 */
	ZmqHeaderFrameSettings toSettings(String prefix, ZmqSocketHeaders defaults) {
		boolean on = first(this.enabled, defaults.enabled, false);
		DataSize size = first(this.maxSize, defaults.maxSize, DataSize.ofBytes(ZmqHeaderFrameSettings.DEFAULT_MAX_SIZE));
		int entries = first(this.maxEntries, defaults.maxEntries, ZmqHeaderFrameSettings.DEFAULT_MAX_ENTRIES);
		String owner = (this.maxSize != null) ? prefix : "zmq.defaults";
		if (size.toBytes() < ZmqHeaderFrame.PREFIX_LENGTH || size.toBytes() > Integer.MAX_VALUE) {
			throw new InvalidZmqPropertyException(owner + ".headers.max-size", "'" + size + "' must be between 4B "
					+ "(the magic and the version) and 2GB", null);
		}
		if (entries < 0) {
			throw new InvalidZmqPropertyException(((this.maxEntries != null) ? prefix : "zmq.defaults")
					+ ".headers.max-entries", "'" + entries + "' must not be negative", null);
		}
		return new ZmqHeaderFrameSettings(on, (int) size.toBytes(), entries);
	}

	private static <T> T first(@Nullable T own, @Nullable T fallback, T builtIn) {
		return (own != null) ? own : (fallback != null) ? fallback : builtIn;
	}

}
