package io.github.zmqspring.support;

import java.util.List;

import org.springframework.messaging.Message;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;

/**
 * Maps between ZeroMQ frames and Spring messages with a {@code byte[]} payload. Payload conversion (String, JSON, ...)
 * is not its job: Spring's {@code MessageConverter}s do that on the {@code byte[]} payload.
 * <p>
 * The default, {@link DefaultZmqMessageMapper}, keeps the wire exactly as libzmq/pyzmq peers expect it: the payload
 * travels as itself, the topic as frame 0 of a PUB message, the routing id and envelope as ROUTER frames.
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

}
