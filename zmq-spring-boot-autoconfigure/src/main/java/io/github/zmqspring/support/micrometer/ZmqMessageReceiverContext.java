package io.github.zmqspring.support.micrometer;

import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.support.ZmqHeaders;

/**
 * The context of a {@code zmq.listener} observation: one delivery to a listener, with its reply when it has one. Its
 * carrier is the received message's header map, so a tracer continues the trace whose {@code traceparent} came in
 * the header frame.
 */
public class ZmqMessageReceiverContext extends ReceiverContext<Map<String, Object>> {

	private final Message<?> message;

	private final String listenerId;

	private final String socketName;

	private final @Nullable SocketType socketType;

	/**
	 * Creates a context.
	 * @param message the received message, with the {@link ZmqHeaders} the codec set
	 * @param listenerId the listener's id
	 */
	public ZmqMessageReceiverContext(Message<?> message, String listenerId) {
		super((carrier, key) -> {
			Object value = carrier.get(key);
			return (value != null) ? value.toString() : null;
		}, Kind.CONSUMER);
		setCarrier(message.getHeaders());
		this.message = message;
		this.listenerId = listenerId;
		this.socketName = String.valueOf(message.getHeaders().get(ZmqHeaders.SOCKET));
		this.socketType = (message.getHeaders().get(ZmqHeaders.SOCKET_TYPE) instanceof SocketType type) ? type : null;
		setRemoteServiceName("zeromq");
	}

	/**
	 * The received message.
	 * @return the message
	 */
	public Message<?> getMessage() {
		return this.message;
	}

	/**
	 * The listener's id.
	 * @return the id
	 */
	public String getListenerId() {
		return this.listenerId;
	}

	/**
	 * The socket the message came from (the destination).
	 * @return the socket name
	 */
	public String getSocketName() {
		return this.socketName;
	}

	/**
	 * The type of that socket.
	 * @return the type, or {@code null} when the message does not say
	 */
	public @Nullable SocketType getSocketType() {
		return this.socketType;
	}

	/**
	 * The topic of a SUB message.
	 * @return the topic, or {@code null}
	 */
	public @Nullable String getTopic() {
		return (this.message.getHeaders().get(ZmqHeaders.TOPIC) instanceof String topic) ? topic : null;
	}

}
