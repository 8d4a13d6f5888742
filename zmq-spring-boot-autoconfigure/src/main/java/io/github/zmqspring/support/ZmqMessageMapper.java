package io.github.zmqspring.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequest;

/**
 * Maps between ZeroMQ frames and Spring messages with a {@code byte[]} payload. Payload conversion (String, JSON, ...)
 * is not its job: Spring's {@code MessageConverter}s do that on the {@code byte[]} payload.
 * <p>
 * The default, {@link DefaultZmqMessageMapper}, keeps the wire exactly as libzmq/pyzmq peers expect it: the payload
 * travels as itself, the topic as frame 0 of a PUB message, the routing id and envelope as ROUTER frames.
 * <p>
 * A mapper is used through the {@link ZmqMessageCodec}, on every path: template sends, requests and their replies,
 * every listener socket type, {@code @SendTo}, the Spring Integration adapters and gateways. Received messages should
 * carry {@link ZmqMessageHeaders} (no generated id or timestamp). Implementations must be thread-safe.
 */
public interface ZmqMessageMapper {

	/**
	 * Maps received frames to a message whose payload is the frame(s) holding the data and whose headers describe the
	 * rest (see {@link ZmqHeaders}).
	 * @param frames the received frames
	 * @param socketName the socket's name
	 * @param socketType the socket's type
	 * @param subscriptions the socket's subscriptions (SUB), used to name the topic of a single-frame message
	 * @return the message
	 */
	Message<byte[]> toMessage(ZmqMessage frames, String socketName, SocketType socketType, List<byte[]> subscriptions);

	/**
	 * Maps a message with a {@code byte[]} payload to the frames to send.
	 * @param message the message
	 * @param socketType the type of the socket it goes out on
	 * @return the frames
	 */
	ZmqMessage fromMessage(Message<byte[]> message, SocketType socketType);

	/**
	 * Maps a request served by a REP or ROUTER server (the engine has taken the routing envelope off) to a message.
	 * The default maps the body as a REP socket receives it ({@link #toMessage(ZmqMessage, String, SocketType, List)}
	 * with {@code REP}) and adds the {@link ZmqHeaders#ROUTING_ID routing id}, the {@link ZmqHeaders#ENVELOPE
	 * envelope} and the socket's real type.
	 * @param request the request
	 * @param socketType the server socket's type (REP or ROUTER)
	 * @return the message, its payload the data frame of the body
	 */
	default Message<byte[]> toMessage(ZmqRequest request, SocketType socketType) {
		Message<byte[]> body = toMessage(request.body(), request.socketName(), SocketType.REP, List.of());
		Map<String, Object> headers = new HashMap<>(body.getHeaders());
		headers.put(ZmqHeaders.SOCKET_TYPE, socketType);
		headers.put(ZmqHeaders.ROUTING_ID, request.routingId());
		headers.put(ZmqHeaders.ENVELOPE, request.envelope());
		return MessageBuilder.createMessage(body.getPayload(), new ZmqMessageHeaders(headers));
	}

	/**
	 * Maps a payload that already is frames (a {@link ZmqMessage} the application built) to the frames to send. The
	 * default sends them untouched: whoever builds the frames chooses them, topic and routing frames included.
	 * @param frames the frames
	 * @param headers the message's headers
	 * @param socketType the type of the socket it goes out on
	 * @return the frames to send
	 */
	default ZmqMessage fromFrames(ZmqMessage frames, MessageHeaders headers, SocketType socketType) {
		return frames;
	}

}
