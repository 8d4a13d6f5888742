package io.github.zmqspring.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequest;

/**
 * The default {@link ZmqMessageMapper}, byte-compatible with libzmq/pyzmq peers:
 * <ul>
 * <li>SUB/XSUB: a single-frame message is the payload, its topic the longest subscription prefix that matches; a
 * multipart message is {@code [topic][payload]} (more frames: the payload is the last frame, all frames are in
 * {@link ZmqHeaders#FRAMES});</li>
 * <li>ROUTER: {@code [routing id](...)[empty][payload]}: routing id, envelope and payload (the last frame); a raw
 * DEALER peer's {@code [routing id][payload]} has a routing id and no envelope;</li>
 * <li>DEALER: {@code ([envelope...][empty])[payload]}: the payload is the last frame;</li>
 * <li>PULL, PAIR and the rest: the payload is the last frame (the only one, usually);</li>
 * <li>outbound PUB/XPUB: {@code [topic][payload]} when a topic header is set, else {@code [payload]};</li>
 * <li>outbound ROUTER/STREAM: {@code [envelope...][empty][payload]} when an envelope header is set, else
 * {@code [routing id][payload]};</li>
 * <li>outbound others: {@code [payload]};</li>
 * <li>a served REP/ROUTER request: the body's last frame, with routing id, envelope and body frames as headers;</li>
 * <li>a {@link ZmqMessage} payload: its frames, untouched.</li>
 * </ul>
 * Received messages carry {@link ZmqMessageHeaders}: no generated id or timestamp.
 * Thread-safe.
 */
public class DefaultZmqMessageMapper implements ZmqMessageMapper {

	private static final byte[] EMPTY = new byte[0];

	@Override
	public Message<byte[]> toMessage(ZmqMessage frames, String socketName, SocketType socketType,
			List<byte[]> subscriptions) {
		Map<String, Object> headers = new HashMap<>();
		headers.put(ZmqHeaders.SOCKET, socketName);
		headers.put(ZmqHeaders.SOCKET_TYPE, socketType);
		headers.put(ZmqHeaders.FRAMES, frames);
		byte[] payload = frames.last();
		switch (socketType) {
			case SUB, XSUB -> {
				byte[] topic = (frames.size() > 1) ? frames.first() : matchingPrefix(frames.first(), subscriptions);
				if (topic != null) {
					headers.put(ZmqHeaders.TOPIC_BYTES, topic);
					headers.put(ZmqHeaders.TOPIC, new String(topic, StandardCharsets.UTF_8));
				}
			}
			case ROUTER, STREAM -> {
				headers.put(ZmqHeaders.ROUTING_ID, frames.first());
				// Only a REQ-style peer ([id]...[empty][payload]) has an envelope; a raw DEALER peer ([id][payload])
				// is answered by routing id alone, so a reply keeps the shape the peer sent.
				List<byte[]> envelope = frames.envelope();
				if (!envelope.isEmpty()) {
					headers.put(ZmqHeaders.ENVELOPE, envelope);
				}
				if (frames.size() == 1) {
					payload = EMPTY;
				}
			}
			case DEALER -> {
				List<byte[]> envelope = frames.envelope();
				if (!envelope.isEmpty()) {
					headers.put(ZmqHeaders.ENVELOPE, envelope);
				}
			}
			default -> {
			}
		}
		return MessageBuilder.createMessage(payload, new ZmqMessageHeaders(headers));
	}

	/**
	 * Maps a served request in one pass: the body's last frame is the payload; the routing id, the envelope and the
	 * body frames are headers.
	 */
	@Override
	public Message<byte[]> toMessage(ZmqRequest request, SocketType socketType) {
		Map<String, Object> headers = new HashMap<>(8);
		headers.put(ZmqHeaders.SOCKET, request.socketName());
		headers.put(ZmqHeaders.SOCKET_TYPE, socketType);
		headers.put(ZmqHeaders.FRAMES, request.body());
		headers.put(ZmqHeaders.ROUTING_ID, request.routingId());
		headers.put(ZmqHeaders.ENVELOPE, request.envelope());
		return MessageBuilder.createMessage(request.body().last(), new ZmqMessageHeaders(headers));
	}

	@Override
	public ZmqMessage fromMessage(Message<byte[]> message, SocketType socketType) {
		MessageHeaders headers = message.getHeaders();
		byte[] payload = message.getPayload();
		switch (socketType) {
			case PUB, XPUB -> {
				byte[] topic = topic(headers);
				return (topic != null) ? ZmqMessage.of(topic, payload) : ZmqMessage.of(payload);
			}
			case ROUTER, STREAM -> {
				List<byte[]> envelope = envelope(headers.get(ZmqHeaders.ENVELOPE));
				if (envelope != null && !envelope.isEmpty() && socketType == SocketType.ROUTER) {
					return ZmqMessage.of(payload).withEnvelope(envelope);
				}
				byte[] routingId = bytes(headers.get(ZmqHeaders.ROUTING_ID));
				if (routingId == null) {
					throw new IllegalArgumentException("a message sent on a " + socketType + " socket needs the '"
							+ ZmqHeaders.ROUTING_ID + "' (or '" + ZmqHeaders.ENVELOPE + "') header naming the peer");
				}
				return ZmqMessage.of(routingId, payload);
			}
			default -> {
				return ZmqMessage.of(payload);
			}
		}
	}

	private static byte @Nullable [] topic(MessageHeaders headers) {
		byte[] raw = bytes(headers.get(ZmqHeaders.TOPIC_BYTES));
		if (raw != null) {
			return raw;
		}
		Object topic = headers.get(ZmqHeaders.TOPIC);
		return (topic != null) ? bytes(topic) : null;
	}

	private static byte @Nullable [] bytes(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		if (value instanceof byte[] bytes) {
			return bytes;
		}
		return value.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static @Nullable List<byte[]> envelope(@Nullable Object value) {
		if (value instanceof List<?> list) {
			List<byte[]> frames = new ArrayList<>(list.size());
			for (Object item : list) {
				frames.add(bytes(item));
			}
			return frames;
		}
		return null;
	}

	private static byte @Nullable [] matchingPrefix(byte[] frame, List<byte[]> subscriptions) {
		byte[] best = null;
		for (byte[] prefix : subscriptions) {
			if (prefix.length <= frame.length && Arrays.equals(frame, 0, prefix.length, prefix, 0, prefix.length)
					&& (best == null || prefix.length > best.length)) {
				best = prefix;
			}
		}
		return best;
	}

}
