package io.github.zmqspring.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequest;

/**
 * A message a peer received: its frames, with conversions for assertions ({@link #text()}, {@link #bytes()},
 * {@link #topic()}, {@link #json(Class)}), the routing envelope of a request and when it arrived.
 * <p>
 * For a request served by a {@link ReplierPeer} the frames are the request's body (after the empty delimiter) and
 * {@link #envelope()} holds the routing frames; for every other peer the frames are the whole message and the envelope
 * is empty. Immutable and thread-safe (the frame arrays must not be changed, as {@link ZmqMessage} says).
 */
public final class PeerMessage {

	private final ZmqMessage message;

	private final List<byte[]> envelope;

	private final Instant receivedAt;

	private PeerMessage(ZmqMessage message, List<byte[]> envelope, Instant receivedAt) {
		this.message = message;
		this.envelope = envelope;
		this.receivedAt = receivedAt;
	}

	/**
	 * Wraps a received message, stamped now.
	 * @param message the message
	 * @return the peer message, with an empty envelope
	 */
	public static PeerMessage of(ZmqMessage message) {
		Objects.requireNonNull(message, "'message' must not be null");
		return new PeerMessage(message, List.of(), Instant.now());
	}

	/**
	 * Wraps a request received by a server, stamped now.
	 * @param request the request
	 * @return the peer message: the request body, with its envelope
	 */
	static PeerMessage of(ZmqRequest request) {
		return new PeerMessage(request.body(), List.copyOf(request.envelope()), Instant.now());
	}

	/**
	 * The message itself (the body, for a request).
	 * @return the message
	 */
	public ZmqMessage message() {
		return this.message;
	}

	/**
	 * All frames (not copied: do not modify them).
	 * @return the frames, at least one
	 */
	public List<byte[]> frames() {
		return this.message.frames();
	}

	/**
	 * The number of frames.
	 * @return at least 1
	 */
	public int size() {
		return this.message.size();
	}

	/**
	 * The last frame decoded as UTF-8: the payload of a single-frame message and of a {@code [topic][payload]} one.
	 * @return the text
	 */
	public String text() {
		return this.message.frameAsString(this.message.size() - 1);
	}

	/**
	 * One frame decoded as UTF-8.
	 * @param index the frame index
	 * @return the text
	 */
	public String text(int index) {
		return this.message.frameAsString(index);
	}

	/**
	 * Every frame decoded as UTF-8, in order.
	 * @return the texts
	 */
	public List<String> texts() {
		List<String> texts = new ArrayList<>(this.message.size());
		for (byte[] frame : this.message.frames()) {
			texts.add(new String(frame, StandardCharsets.UTF_8));
		}
		return texts;
	}

	/**
	 * The last frame's bytes (not copied: do not modify them).
	 * @return the payload bytes
	 */
	public byte[] bytes() {
		return this.message.last();
	}

	/**
	 * The first frame decoded as UTF-8: the topic of a {@code [topic][payload]} PUB/SUB message (for a single-frame
	 * update such as {@code "10001 23 45"}, the whole update).
	 * @return the first frame as text
	 */
	public String topic() {
		return this.message.frameAsString(0);
	}

	/**
	 * The last frame read as JSON with a default Jackson {@code JsonMapper} (Jackson 3 must be on the class path; for
	 * another mapper use {@link JsonPayloads#using}).
	 * @param <T> the type
	 * @param type the type to read
	 * @return the value
	 * @throws IllegalArgumentException naming the type and the payload when it is not JSON of that type
	 */
	public <T> T json(Class<T> type) {
		return JsonPayloads.defaults().read(this, type);
	}

	/**
	 * The routing frames of a request served by a {@link ReplierPeer} (starting with the requester's routing id); empty
	 * for messages received by other peers.
	 * @return the envelope frames (not copied)
	 */
	public List<byte[]> envelope() {
		return this.envelope;
	}

	/**
	 * When the peer received the message (its handler ran).
	 * @return the instant
	 */
	public Instant receivedAt() {
		return this.receivedAt;
	}

	/**
	 * A readable dump of the frames, as {@link ZmqMessage#dump()}.
	 * @return the dump
	 */
	@Override
	public String toString() {
		return this.message.dump();
	}

}
