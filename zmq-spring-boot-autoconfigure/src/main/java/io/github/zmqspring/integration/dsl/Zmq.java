package io.github.zmqspring.integration.dsl;

import java.util.function.Consumer;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.integration.ZmqInboundChannelAdapter;
import io.github.zmqspring.integration.ZmqInboundGateway;
import io.github.zmqspring.integration.ZmqOutboundChannelAdapter;
import io.github.zmqspring.integration.ZmqOutboundGateway;

/**
 * The Java DSL entry point for ZeroMQ in Spring Integration flows:
 * <pre class="code">
 * IntegrationFlow.from(Zmq.inboundAdapter(engine, "weather-in", SocketType.SUB,
 *         (socket) -&gt; socket.connect("tcp://localhost:5556").subscribe("10001")).payloadType(String.class))
 *     .handle(Zmq.outboundAdapter(engine, "weather-out", SocketType.PUB, (socket) -&gt; socket.bind("tcp://*:5557"))
 *         .topicExpression("headers['zmq_topic']"))
 *     .get();
 * </pre>
 * Each method takes either a socket name, type and configurer, or a {@link ZmqSocketSpec} (or its builder). Declared
 * by name, type and configurer, the socket takes the application's socket defaults when its component is initialized
 * in an application context: {@code zmq.defaults.*} (security included), then the configurer, then the
 * {@code ZmqSocketSpecCustomizer}s, as {@code @ZmqListener} sockets and {@code zmq.integration.*} adapters do. A
 * {@code ZmqSocketSpec} is taken as is, with the engine's defaults. Either way the spec is built at once, so that an
 * invalid one fails where the flow is declared. The adapters and gateways convert with the application context's
 * {@code ZmqMessageCodec} (the template's and the listeners', with Boot's {@code JsonMapper}) unless their spec sets
 * another.
 */
public final class Zmq {

	private Zmq() {
	}

	/**
	 * An inbound channel adapter (SUB, PULL, PAIR, DEALER, ROUTER), for {@code IntegrationFlow.from(..)}.
	 * @param engine the engine
	 * @param spec the socket spec
	 * @return the spec builder
	 */
	public static ZmqInboundChannelAdapterSpec inboundAdapter(ZmqEngine engine, ZmqSocketSpec spec) {
		return new ZmqInboundChannelAdapterSpec(engine, spec);
	}

	/**
	 * An inbound channel adapter from a socket spec builder.
	 * @param engine the engine
	 * @param spec the socket spec builder
	 * @return the spec builder
	 */
	public static ZmqInboundChannelAdapterSpec inboundAdapter(ZmqEngine engine, ZmqSocketSpec.Builder spec) {
		return inboundAdapter(engine, spec.build());
	}

	/**
	 * An inbound channel adapter whose socket takes the application's socket defaults ({@code zmq.defaults.*}, security included).
	 * @param engine the engine
	 * @param name the socket name
	 * @param type SUB, PULL, PAIR, DEALER or ROUTER
	 * @param socket sets what is specific to this socket: endpoints, topics, option overrides
	 * @return the spec builder
	 */
	public static ZmqInboundChannelAdapterSpec inboundAdapter(ZmqEngine engine, String name, SocketType type,
			Consumer<ZmqSocketSpec.Builder> socket) {
		return new ZmqInboundChannelAdapterSpec(new ZmqInboundChannelAdapter(engine, name, type, socket));
	}

	/**
	 * An outbound channel adapter (PUB, PUSH, PAIR, DEALER, ROUTER), for {@code .handle(..)}.
	 * @param engine the engine
	 * @param spec the socket spec
	 * @return the spec builder
	 */
	public static ZmqOutboundChannelAdapterSpec outboundAdapter(ZmqEngine engine, ZmqSocketSpec spec) {
		return new ZmqOutboundChannelAdapterSpec(engine, spec);
	}

	/**
	 * An outbound channel adapter from a socket spec builder.
	 * @param engine the engine
	 * @param spec the socket spec builder
	 * @return the spec builder
	 */
	public static ZmqOutboundChannelAdapterSpec outboundAdapter(ZmqEngine engine, ZmqSocketSpec.Builder spec) {
		return outboundAdapter(engine, spec.build());
	}

	/**
	 * An outbound channel adapter whose socket takes the application's socket defaults ({@code zmq.defaults.*}, security included).
	 * @param engine the engine
	 * @param name the socket name
	 * @param type PUB, PUSH, PAIR, DEALER or ROUTER
	 * @param socket sets what is specific to this socket: endpoints, topics, option overrides
	 * @return the spec builder
	 */
	public static ZmqOutboundChannelAdapterSpec outboundAdapter(ZmqEngine engine, String name, SocketType type,
			Consumer<ZmqSocketSpec.Builder> socket) {
		return new ZmqOutboundChannelAdapterSpec(new ZmqOutboundChannelAdapter(engine, name, type, socket));
	}

	/**
	 * An inbound gateway (REP, ROUTER), for {@code IntegrationFlow.from(..)}: the flow's reply is the answer.
	 * @param engine the engine
	 * @param spec the socket spec
	 * @return the spec builder
	 */
	public static ZmqInboundGatewaySpec inboundGateway(ZmqEngine engine, ZmqSocketSpec spec) {
		return new ZmqInboundGatewaySpec(engine, spec);
	}

	/**
	 * An inbound gateway from a socket spec builder.
	 * @param engine the engine
	 * @param spec the socket spec builder
	 * @return the spec builder
	 */
	public static ZmqInboundGatewaySpec inboundGateway(ZmqEngine engine, ZmqSocketSpec.Builder spec) {
		return inboundGateway(engine, spec.build());
	}

	/**
	 * An inbound gateway whose socket takes the application's socket defaults ({@code zmq.defaults.*}, security included).
	 * @param engine the engine
	 * @param name the socket name
	 * @param type REP or ROUTER
	 * @param socket sets what is specific to this socket: endpoints, topics, option overrides
	 * @return the spec builder
	 */
	public static ZmqInboundGatewaySpec inboundGateway(ZmqEngine engine, String name, SocketType type,
			Consumer<ZmqSocketSpec.Builder> socket) {
		return new ZmqInboundGatewaySpec(new ZmqInboundGateway(engine, name, type, socket));
	}

	/**
	 * An outbound gateway (REQ, DEALER), for {@code .handle(..)}: the reply continues the flow.
	 * @param engine the engine
	 * @param spec the socket spec
	 * @return the spec builder
	 */
	public static ZmqOutboundGatewaySpec outboundGateway(ZmqEngine engine, ZmqSocketSpec spec) {
		return new ZmqOutboundGatewaySpec(engine, spec);
	}

	/**
	 * An outbound gateway from a socket spec builder.
	 * @param engine the engine
	 * @param spec the socket spec builder
	 * @return the spec builder
	 */
	public static ZmqOutboundGatewaySpec outboundGateway(ZmqEngine engine, ZmqSocketSpec.Builder spec) {
		return outboundGateway(engine, spec.build());
	}

	/**
	 * An outbound gateway whose socket takes the application's socket defaults ({@code zmq.defaults.*}, security included).
	 * @param engine the engine
	 * @param name the socket name
	 * @param type REQ or DEALER
	 * @param socket sets what is specific to this socket: endpoints, topics, option overrides
	 * @return the spec builder
	 */
	public static ZmqOutboundGatewaySpec outboundGateway(ZmqEngine engine, String name, SocketType type,
			Consumer<ZmqSocketSpec.Builder> socket) {
		return new ZmqOutboundGatewaySpec(new ZmqOutboundGateway(engine, name, type, socket));
	}

}
