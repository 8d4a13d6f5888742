package io.github.zmqspring.support.micrometer;

import java.util.Map;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.SocketType;

/**
 * The context of a {@code zmq.template} observation: one send, or one request from send to reply. Its carrier is the
 * header map of the outgoing message: what a tracer propagates ({@code traceparent}, {@code tracestate}) is put there
 * and travels in the header frame when the socket enables it.
 */
public class ZmqMessageSenderContext extends SenderContext<Map<String, Object>> {

	/** The operation of a send. */
	public static final String SEND = "send";

	/** The operation of a request, observed from the send to the reply. */
	public static final String REQUEST = "request";

	private final String socketName;

	private final SocketType socketType;

	private final String operation;

	private final @Nullable String topic;

	/**
	 * Creates a context.
	 * @param headers the outgoing message's headers, mutable: the carrier
	 * @param socketName the socket sent on
	 * @param socketType its type
	 * @param operation {@link #SEND} or {@link #REQUEST}
	 * @param topic the PUB topic, or {@code null}
	 */
	public ZmqMessageSenderContext(Map<String, Object> headers, String socketName, SocketType socketType,
			String operation, @Nullable String topic) {
		super((carrier, key, value) -> {
			if (carrier != null) {
				carrier.put(key, value);
			}
		}, Kind.PRODUCER);
		setCarrier(headers);
		this.socketName = socketName;
		this.socketType = socketType;
		this.operation = operation;
		this.topic = topic;
		setRemoteServiceName("zeromq");
	}

	/**
	 * The socket sent on (the destination).
	 * @return the socket name
	 */
	public String getSocketName() {
		return this.socketName;
	}

	/**
	 * The type of that socket.
	 * @return the socket type
	 */
	public SocketType getSocketType() {
		return this.socketType;
	}

	/**
	 * What the template does.
	 * @return {@link #SEND} or {@link #REQUEST}
	 */
	public String getOperation() {
		return this.operation;
	}

	/**
	 * The topic a PUB/XPUB send publishes under.
	 * @return the topic, or {@code null}
	 */
	public @Nullable String getTopic() {
		return this.topic;
	}

}
