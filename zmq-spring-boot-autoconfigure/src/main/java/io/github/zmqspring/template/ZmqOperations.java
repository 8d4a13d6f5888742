package io.github.zmqspring.template;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.springframework.messaging.Message;

/**
 * Sends to, and requests on, named sockets ({@code zmq.sockets.<name>}).
 * <p>
 * Payloads become frames through the {@link io.github.zmqspring.support.ZmqMessageCodec} that the listeners and
 * adapters use too: {@code byte[]} and {@code String} (UTF-8) travel as themselves, other objects as JSON when
 * Jackson is present; a {@link io.github.zmqspring.core.ZmqMessage} is sent as its frames, untouched. Sends queue the message on the socket and return; at the socket's high water mark they block up to the
 * send timeout, then fail with {@link io.github.zmqspring.core.ZmqSendTimeoutException}. Requests go out on a REQ or
 * DEALER socket, many at once, and fail with {@link io.github.zmqspring.core.ZmqRequestTimeoutException} when no reply
 * arrives in time: they never return {@code null}. Rarer options (headers, routing id, explicit timeouts) are on
 * {@link #newMessage(String, Object)}. Implementations are thread-safe.
 */
public interface ZmqOperations {

	/**
	 * Sends a payload: {@code [payload]}, or the frames of a {@code ZmqMessage}.
	 * @param socket the socket name (PUSH, PUB, PAIR, DEALER, ROUTER with a routing id, XPUB, ...)
	 * @param payload the payload
	 */
	void send(String socket, Object payload);

	/**
	 * Publishes a payload under a topic: {@code [topic][payload]}, what pyzmq's {@code send_multipart} sends and a
	 * subscriber's prefix matching sees.
	 * @param socket a PUB or XPUB socket name
	 * @param topic the topic (UTF-8, frame 0)
	 * @param payload the payload
	 * @throws IllegalArgumentException when the socket is not PUB or XPUB
	 */
	void send(String socket, String topic, Object payload);

	/**
	 * Sends a Spring message: its payload is converted (honouring a {@code contentType} header) and the framing
	 * headers ({@link io.github.zmqspring.support.ZmqHeaders#TOPIC}, {@code ROUTING_ID}, {@code ENVELOPE}) shape the
	 * frames; the other headers travel only on a socket that enables the
	 * {@linkplain io.github.zmqspring.support.ZmqHeaderFrame header frame}.
	 * @param socket the socket name
	 * @param message the message
	 */
	void send(String socket, Message<?> message);

	/**
	 * Sends a request and waits, up to the default request timeout, for its reply.
	 * @param <T> the reply type
	 * @param socket a REQ or DEALER socket name
	 * @param payload the request payload
	 * @param replyType the reply type ({@code String}, {@code byte[]}, {@code ZmqMessage} for the raw frames, or a
	 * type the JSON converter reads)
	 * @return the converted reply, never {@code null}
	 * @throws io.github.zmqspring.core.ZmqRequestTimeoutException when no reply arrived in time
	 */
	<T> T request(String socket, Object payload, Class<T> replyType);

	/**
	 * Sends a request and waits for its reply.
	 * @param <T> the reply type
	 * @param socket a REQ or DEALER socket name
	 * @param payload the request payload
	 * @param replyType the reply type
	 * @param timeout how long to wait for the reply
	 * @return the converted reply, never {@code null}
	 * @throws io.github.zmqspring.core.ZmqRequestTimeoutException when no reply arrived in time
	 */
	<T> T request(String socket, Object payload, Class<T> replyType, Duration timeout);

	/**
	 * Sends a request without waiting: the future completes with the converted reply, or exceptionally with
	 * {@code ZmqRequestTimeoutException} after the default request timeout.
	 * @param <T> the reply type
	 * @param socket a REQ or DEALER socket name
	 * @param payload the request payload
	 * @param replyType the reply type
	 * @return the future reply
	 */
	<T> CompletableFuture<T> requestAsync(String socket, Object payload, Class<T> replyType);

	/**
	 * Sends a request without waiting.
	 * @param <T> the reply type
	 * @param socket a REQ or DEALER socket name
	 * @param payload the request payload
	 * @param replyType the reply type
	 * @param timeout how long to wait for the reply
	 * @return the future reply
	 */
	<T> CompletableFuture<T> requestAsync(String socket, Object payload, Class<T> replyType, Duration timeout);

	/**
	 * Starts a message with rarer options: {@code newMessage("router", reply).withRoutingId(peer).send()}.
	 * @param socket the socket name
	 * @param payload the payload
	 * @return a builder, to be used by one thread
	 */
	MessageBuilder newMessage(String socket, Object payload);

	/**
	 * Builds one send or request. Not thread-safe; use each builder once.
	 */
	interface MessageBuilder {

		/**
		 * Sets the topic (PUB/XPUB: sent as frame 0, also before the frames of a {@code ZmqMessage} payload). A send
		 * on another socket type and a request fail with {@link IllegalArgumentException}.
		 * @param topic the topic
		 * @return this builder
		 */
		MessageBuilder withTopic(String topic);

		/**
		 * Sets the routing id of the peer a ROUTER (or STREAM) socket sends to: sent as frame 0, also before the
		 * frames of a {@code ZmqMessage} payload. A send on another socket type and a request (which goes to
		 * whichever server is free) fail with {@link IllegalArgumentException}.
		 * @param routingId the peer's routing id
		 * @return this builder
		 */
		MessageBuilder withRoutingId(byte[] routingId);

		/**
		 * Adds a header for the codec's converter and frame mapper (for example {@code contentType}); headers travel
		 * on the wire only on a socket that enables the {@linkplain io.github.zmqspring.support.ZmqHeaderFrame header
		 * frame}.
		 * @param name the header name
		 * @param value the value
		 * @return this builder
		 */
		MessageBuilder withHeader(String name, Object value);

		/**
		 * Sets how long the send may block at the high water mark (default: the template's, else the socket's).
		 * @param timeout the timeout; zero fails at once
		 * @return this builder
		 */
		MessageBuilder withSendTimeout(Duration timeout);

		/**
		 * Sets how long a request waits for its reply (default: the template's request timeout).
		 * @param timeout the timeout
		 * @return this builder
		 */
		MessageBuilder withReplyTimeout(Duration timeout);

		/**
		 * Sends the message.
		 */
		void send();

		/**
		 * Sends the message as a request and waits for the reply.
		 * @param <T> the reply type
		 * @param replyType the reply type
		 * @return the converted reply, never {@code null}
		 */
		<T> T request(Class<T> replyType);

		/**
		 * Sends the message as a request without waiting.
		 * @param <T> the reply type
		 * @param replyType the reply type
		 * @return the future reply
		 */
		<T> CompletableFuture<T> requestAsync(Class<T> replyType);

	}

}
