package io.github.zmqspring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.SocketType;

/**
 * One socket of the configuration: a named socket ({@code zmq.sockets.<name>}) or the socket of a
 * {@code zmq.integration.*} entry. It holds what only a socket has (type, endpoints, topics, routing id) and composes
 * the {@linkplain ZmqSocketOptions socket options}, whose keys are bound beside its own
 * ({@code zmq.sockets.tasks.send-hwm}, not {@code ...tasks.options.send-hwm}) by {@link ZmqSocketOptionsBindHandler}.
 * Options left unset fall back to {@code zmq.defaults.*}.
 */
public class ZmqSocketProperties {

	/**
	 * Socket type (PUB, SUB, PUSH, PULL, REQ, REP, DEALER, ROUTER, PAIR, XPUB, XSUB, STREAM); required.
	 */
	private @Nullable SocketType type;

	/**
	 * Endpoints to bind, such as tcp://*:5556, tcp://127.0.0.1:* (random port) or inproc://name.
	 */
	private List<String> bind = new ArrayList<>();

	/**
	 * Endpoints to connect to, such as tcp://localhost:5556.
	 */
	private List<String> connect = new ArrayList<>();

	/**
	 * Subscriptions of a SUB or XSUB socket: prefixes of the first frame; an empty string receives everything.
	 */
	private List<String> topics = new ArrayList<>();

	/**
	 * Routing id (ZMQ_ROUTING_ID, UTF-8) that peers' ROUTER sockets see; unset lets the peer generate one.
	 */
	private @Nullable String routingId;

	private final ZmqSocketOptions options = new ZmqSocketOptions();

	public @Nullable SocketType getType() {
		return this.type;
	}

	public void setType(@Nullable SocketType type) {
		this.type = type;
	}

	public List<String> getBind() {
		return this.bind;
	}

	public void setBind(List<String> bind) {
		this.bind = bind;
	}

	public List<String> getConnect() {
		return this.connect;
	}

	public void setConnect(List<String> connect) {
		this.connect = connect;
	}

	public List<String> getTopics() {
		return this.topics;
	}

	public void setTopics(List<String> topics) {
		this.topics = topics;
	}

	public @Nullable String getRoutingId() {
		return this.routingId;
	}

	public void setRoutingId(@Nullable String routingId) {
		this.routingId = routingId;
	}

	/**
	 * The socket's own options, bound from the keys beside {@code type} and {@code bind}; not a nested group.
	 * @return the options
	 */
	public ZmqSocketOptions options() {
		return this.options;
	}

}
