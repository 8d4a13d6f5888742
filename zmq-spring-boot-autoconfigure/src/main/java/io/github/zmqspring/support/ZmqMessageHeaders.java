package io.github.zmqspring.support;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.MessageHeaders;

/**
 * The headers of a message built from ZeroMQ frames: no generated {@link MessageHeaders#ID id} and no
 * {@link MessageHeaders#TIMESTAMP timestamp}, since ZeroMQ messages carry neither and generating them costs on every
 * message (spring-kafka's {@code KafkaMessageHeaders} does the same for records). Any {@code id} or
 * {@code timestamp} entry of the given map is dropped. Immutable, like every {@link MessageHeaders}.
 */
public final class ZmqMessageHeaders extends MessageHeaders {

	private static final long serialVersionUID = 1L;

	/** Headers without any entry. */
	public static final ZmqMessageHeaders EMPTY = new ZmqMessageHeaders(null);

	/**
	 * Creates headers holding a copy of the given entries, without id and timestamp.
	 * @param headers the entries, or {@code null} for none
	 */
	public ZmqMessageHeaders(@Nullable Map<String, ?> headers) {
		super(cast(headers), MessageHeaders.ID_VALUE_NONE, -1L);
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Map<String, Object> cast(@Nullable Map<String, ?> headers) {
		return (Map<String, Object>) headers;
	}

}
