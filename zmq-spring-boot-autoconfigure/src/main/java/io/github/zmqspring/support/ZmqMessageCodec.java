package io.github.zmqspring.support;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequest;

/**
 * The one conversion between ZeroMQ frames and Spring messages, used on every path: {@code ZmqTemplate} sends,
 * requests and their replies; {@code @ZmqListener} containers on every socket type, their replies and
 * {@code @SendTo} forwards; the Spring Integration adapters and gateways. One bean of this type (auto-configured as a
 * {@link DefaultZmqMessageCodec} over the {@link ZmqMessageMapper} and {@link ZmqMessageConverter} beans) serves
 * them all, so an application's own codec, mapper or converter applies everywhere.
 * <ul>
 * <li>Inbound, frames become a message with a {@code byte[]} payload (the data frame) and {@link ZmqHeaders}
 * describing the rest, built once, in {@link ZmqMessageHeaders} (no generated id or timestamp);
 * {@link #fromMessage(Message, Class)} then converts the payload to the type asked for. Listener method arguments
 * are converted by Spring's argument resolvers with {@link #getMessageConverter()}.</li>
 * <li>Outbound, a payload ({@code byte[]}, {@code String}, a {@link ZmqMessage}, or any object a converter
 * serializes) and framing headers ({@link ZmqHeaders#TOPIC}, {@link ZmqHeaders#ROUTING_ID},
 * {@link ZmqHeaders#ENVELOPE}) become the frames to send.</li>
 * </ul>
 * Implementations must be thread-safe.
 */
public interface ZmqMessageCodec {

	/**
	 * Maps frames received on a socket to a message.
	 * @param frames the received frames
	 * @param socketName the socket's name
	 * @param socketType the socket's type
	 * @param subscriptions the socket's subscriptions (SUB), used to name the topic of a single-frame message
	 * @return the message, with a {@code byte[]} payload
	 */
	Message<byte[]> toMessage(ZmqMessage frames, String socketName, SocketType socketType,
			List<byte[]> subscriptions);

	/**
	 * Maps a request served by a REP or ROUTER server to a message: the body's data frame as payload, the routing id
	 * and envelope as headers.
	 * @param request the request (its envelope already taken off by the engine)
	 * @param socketType the server socket's type
	 * @return the message, with a {@code byte[]} payload
	 */
	Message<byte[]> toMessage(ZmqRequest request, SocketType socketType);

	/**
	 * Converts the payload of a mapped message to the given type: {@code byte[]} (or any type the payload already
	 * is) as is, {@link ZmqMessage} gives all received frames ({@link ZmqHeaders#FRAMES}), anything else through the
	 * {@linkplain #getMessageConverter() converter}.
	 * @param <T> the target type
	 * @param message a message from {@link #toMessage}
	 * @param targetType the type
	 * @return the payload, never {@code null}
	 * @throws MessageConversionException when the payload cannot be converted; the message names the socket (from
	 * {@link ZmqHeaders#SOCKET}) and the type
	 */
	<T> T fromMessage(Message<?> message, Class<T> targetType);

	/**
	 * Converts a payload and its headers to the frames to send on a socket.
	 * @param payload a {@code byte[]}, {@code String}, {@link ZmqMessage}, {@link Message} (its payload and headers),
	 * or an object the converter serializes
	 * @param headers framing headers ({@link ZmqHeaders}) and conversion hints ({@code contentType}), or
	 * {@code null}; the others travel only in the {@linkplain ZmqHeaderFrame header frame} of a socket that enables
	 * it ({@link DefaultZmqMessageCodec})
	 * @param socketName the socket's name, named in errors
	 * @param socketType the type of the socket the frames go out on
	 * @return the frames
	 * @throws MessageConversionException when no converter turns the payload into bytes
	 * @throws IllegalArgumentException when the headers cannot frame the payload for that socket (a ROUTER send
	 * without a routing id, for example)
	 */
	ZmqMessage toFrames(Object payload, @Nullable Map<String, ?> headers, String socketName, SocketType socketType);

	/**
	 * Converts a message to the frames to send: {@link #toFrames(Object, Map, String, SocketType)} with its payload
	 * and headers.
	 * @param message the message
	 * @param socketName the socket's name
	 * @param socketType the socket's type
	 * @return the frames
	 */
	default ZmqMessage toFrames(Message<?> message, String socketName, SocketType socketType) {
		return toFrames(message.getPayload(), message.getHeaders(), socketName, socketType);
	}

	/**
	 * The converter between {@code byte[]} payloads and objects; listener method arguments resolve with it.
	 * @return the converter
	 */
	MessageConverter getMessageConverter();

}
