package io.github.zmqspring.support;

/**
 * Whether the messages of one socket carry the {@linkplain ZmqHeaderFrame header frame}, and its limits.
 *
 * @param enabled whether messages sent carry the header frame and messages received are read for one
 * @param maxSize the largest header frame in bytes, magic and version included, written or read (at least
 * {@value ZmqHeaderFrame#PREFIX_LENGTH})
 * @param maxEntries the most entries one header frame may carry (at least 0)
 */
public record ZmqHeaderFrameSettings(boolean enabled, int maxSize, int maxEntries) {

	/** The default {@link #maxSize()}: 8 KiB. */
	public static final int DEFAULT_MAX_SIZE = 8 * 1024;

	/** The default {@link #maxEntries()}: 64. */
	public static final int DEFAULT_MAX_ENTRIES = 64;

	/** No header frame: the wire carries the payload frames only, as plain libzmq peers expect. */
	public static final ZmqHeaderFrameSettings DISABLED = new ZmqHeaderFrameSettings(false, DEFAULT_MAX_SIZE,
			DEFAULT_MAX_ENTRIES);

	/** The header frame with the default limits. */
	public static final ZmqHeaderFrameSettings ENABLED = new ZmqHeaderFrameSettings(true, DEFAULT_MAX_SIZE,
			DEFAULT_MAX_ENTRIES);

	/**
	 * Checks the limits.
	 * @param enabled whether the header frame is on
	 * @param maxSize the largest frame in bytes
	 * @param maxEntries the most entries
	 */
	public ZmqHeaderFrameSettings {
		if (maxSize < ZmqHeaderFrame.PREFIX_LENGTH) {
			throw new IllegalArgumentException("headers.max-size '" + maxSize + "' must be at least "
					+ ZmqHeaderFrame.PREFIX_LENGTH + " bytes (the magic and the version)");
		}
		if (maxEntries < 0) {
			throw new IllegalArgumentException("headers.max-entries '" + maxEntries + "' must not be negative");
		}
	}

}
