package io.github.zmqspring.support;

import java.util.HashMap;
import java.util.Map;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;

/**
 * Where the {@linkplain ZmqHeaderFrame header frame} sits among the frames, for the codec: right before the payload,
 * so after a PUB topic frame (prefix subscriptions still match the topic) and after a ROUTER's routing id and
 * envelope. A frame is a header frame only when it has the magic and at least one frame follows it.
 */
final class HeaderFrames {

	private HeaderFrames() {
	}

	/**
	 * The index of the header frame in frames received on a socket of the given type, or -1 when there is none.
	 */
	static int indexIn(ZmqMessage frames, SocketType type) {
		int size = frames.size();
		if (size < 2) {
			return -1;
		}
		switch (type) {
			case SUB, XSUB -> {
				// [topic][header][payload...] or, published without a topic, [header][payload...]
				return (size >= 3 && ZmqHeaderFrame.hasMagic(frames.frame(1))) ? 1 : candidate(frames, 0);
			}
			case ROUTER -> {
				// [id](...)[empty][header][payload] from REQ peers, [id][header][payload] from raw DEALER peers
				int delimiter = frames.delimiterIndex();
				int afterEnvelope = (delimiter > 0) ? candidate(frames, delimiter + 1) : -1;
				return (afterEnvelope >= 0) ? afterEnvelope : candidate(frames, 1);
			}
			case DEALER -> {
				// ([envelope...][empty])[header][payload]
				int delimiter = frames.delimiterIndex();
				int afterEnvelope = (delimiter >= 0) ? candidate(frames, delimiter + 1) : -1;
				return (afterEnvelope >= 0) ? afterEnvelope : candidate(frames, 0);
			}
			case STREAM -> {
				return -1;
			}
			default -> {
				return candidate(frames, 0);
			}
		}
	}

	private static int candidate(ZmqMessage frames, int index) {
		return (index + 1 < frames.size() && ZmqHeaderFrame.hasMagic(frames.frame(index))) ? index : -1;
	}

	/** The frames without the one at {@code index}. */
	static ZmqMessage without(ZmqMessage frames, int index) {
		byte[][] all = frames.toFrameArray();
		byte[][] rest = new byte[all.length - 1][];
		System.arraycopy(all, 0, rest, 0, index);
		System.arraycopy(all, index + 1, rest, index, all.length - index - 1);
		return ZmqMessage.of(rest);
	}

	/** The frames with the header frame right before the last (the payload). */
	static ZmqMessage beforePayload(ZmqMessage frames, byte[] header) {
		byte[][] all = frames.toFrameArray();
		byte[][] out = new byte[all.length + 1][];
		System.arraycopy(all, 0, out, 0, all.length - 1);
		out[all.length - 1] = header;
		out[all.length] = all[all.length - 1];
		return ZmqMessage.of(out);
	}

	/**
	 * The mapped message with the entries of the header frame added to its headers; a malformed frame adds the
	 * {@link ZmqHeaders#HEADER_FRAME_ERROR} header instead.
	 */
	static Message<byte[]> withReceived(Message<byte[]> mapped, byte[] header, ZmqHeaderFrameSettings settings,
			String socketName) {
		Map<String, Object> headers = new HashMap<>(mapped.getHeaders());
		try {
			headers.putAll(ZmqHeaderFrame.decode(header, settings, socketName));
		}
		catch (ZmqHeaderFrameException ex) {
			headers.put(ZmqHeaders.HEADER_FRAME_ERROR, ex);
		}
		return MessageBuilder.createMessage(mapped.getPayload(), new ZmqMessageHeaders(headers));
	}

	/**
	 * Throws the header-frame failure the codec recorded on a received message, if any.
	 * @param message a received message
	 * @throws ZmqHeaderFrameException when its header frame was malformed
	 */
	static void failIfMalformed(Message<?> message) {
		if (message.getHeaders().get(ZmqHeaders.HEADER_FRAME_ERROR) instanceof ZmqHeaderFrameException ex) {
			throw new ZmqHeaderFrameException(ex.getMessage());
		}
	}

}
