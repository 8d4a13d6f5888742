package io.github.zmqspring.integration.dsl;

import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * The Java DSL entry point for ZeroMQ in Spring Integration flows:
 * <pre class="code">
 * IntegrationFlow.from(Zmq.inboundAdapter(engine, ZmqSocketSpec.builder("weather-in", SocketType.SUB)
 *         .connect("tcp://localhost:5556").subscribe("10001")).payloadType(String.class))
 *     .handle(Zmq.outboundAdapter(engine, ZmqSocketSpec.builder("weather-out", SocketType.PUB)
 *         .bind("tcp://*:5557")).topicExpression("headers['zmq_topic']"))
 *     .get();
 * </pre>
 * Each method takes a built {@link ZmqSocketSpec} or a {@link ZmqSocketSpec.Builder} (built at once, so an invalid
 * spec fails where the flow is declared). The adapters and gateways convert with the application context's
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

}
