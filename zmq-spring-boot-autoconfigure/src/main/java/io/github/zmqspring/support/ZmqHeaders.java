package io.github.zmqspring.support;

/**
 * Names of the Spring message headers that carry ZeroMQ framing. Inbound, the {@link ZmqMessageMapper} sets them
 * from the received frames; outbound, it reads {@link #TOPIC}, {@link #ROUTING_ID} and {@link #ENVELOPE} to build the
 * frames. None of them travels on the wire as a header: they describe frames (the optional
 * {@linkplain ZmqHeaderFrame header frame} carries the other headers).
 */
public final class ZmqHeaders {

	/** Prefix of every header name. */
	public static final String PREFIX = "zmq_";

	/** The name of the socket the message was received on ({@code String}). */
	public static final String SOCKET = PREFIX + "socket";

	/** The type of that socket ({@link io.github.zmqspring.core.SocketType}). */
	public static final String SOCKET_TYPE = PREFIX + "socketType";

	/**
	 * The topic ({@code String}, UTF-8). Inbound on SUB: frame 0 of a multipart {@code [topic][payload]} message, or
	 * the subscription prefix that matched a single-frame message. Outbound on PUB/XPUB: sent as frame 0 before the
	 * payload.
	 */
	public static final String TOPIC = PREFIX + "topic";

	/** The topic as raw bytes ({@code byte[]}), for binary topics. Outbound it wins over {@link #TOPIC}. */
	public static final String TOPIC_BYTES = PREFIX + "topicBytes";

	/**
	 * The routing id ({@code byte[]}). Inbound on ROUTER: the peer that sent the message. Outbound on ROUTER and
	 * STREAM: the peer to send to.
	 */
	public static final String ROUTING_ID = PREFIX + "routingId";

	/**
	 * The routing envelope ({@code List<byte[]>}): frames before the empty delimiter. Outbound on ROUTER it is sent as
	 * {@code [envelope...][empty]} before the payload, which is what a REQ peer (or a REP behind a broker) expects.
	 */
	public static final String ENVELOPE = PREFIX + "envelope";

	/**
	 * All received frames, untouched ({@link io.github.zmqspring.core.ZmqMessage}), except the
	 * {@linkplain ZmqHeaderFrame header frame}, whose entries are headers of their own.
	 */
	public static final String FRAMES = PREFIX + "frames";

	/**
	 * Set instead of the received headers when a socket that reads {@linkplain ZmqHeaderFrame header frames} got a
	 * malformed one ({@link ZmqHeaderFrameException}): a {@code @ZmqListener} fails with it before its method runs (its
	 * error handler gets it, and it counts as a conversion error); an inbound adapter sends it to its error channel; a
	 * template reply fails with it. A custom {@code ZmqMessageListener} should check it with
	 * {@link DefaultZmqMessageCodec#failIfMalformed(org.springframework.messaging.Message)}.
	 */
	public static final String HEADER_FRAME_ERROR = PREFIX + "headerFrameError";

	private ZmqHeaders() {
	}

}
