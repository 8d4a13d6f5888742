package io.github.zmqspring.integration.dsl;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.dsl.MessagingGatewaySpec;
import org.springframework.messaging.converter.MessageConverter;

import io.github.zmqspring.core.ErrorReplyFactory;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.integration.ZmqInboundGateway;
import io.github.zmqspring.support.ZmqMessageCodec;

/**
 * Configures a {@link ZmqInboundGateway}; start with {@link Zmq#inboundGateway}. Not thread-safe.
 */
public class ZmqInboundGatewaySpec extends MessagingGatewaySpec<ZmqInboundGatewaySpec, ZmqInboundGateway> {

	/**
	 * Creates the spec and its gateway, on a spec taken as is.
	 * @param engine the engine
	 * @param spec the socket spec
	 */
	protected ZmqInboundGatewaySpec(ZmqEngine engine, ZmqSocketSpec spec) {
		this(new ZmqInboundGateway(engine, spec));
	}

	/**
	 * Creates the spec of a gateway.
	 * @param gateway the gateway to configure
	 */
	protected ZmqInboundGatewaySpec(ZmqInboundGateway gateway) {
		super(gateway);
	}

	/**
	 * Sets the payload type of the request messages (default {@code byte[]}).
	 * @param payloadType the type, or {@code null}
	 * @return this spec
	 */
	public ZmqInboundGatewaySpec payloadType(@Nullable Class<?> payloadType) {
		this.target.setPayloadType(payloadType);
		return this;
	}

	/**
	 * Sets the codec between frames and messages (default: the application context's {@code ZmqMessageCodec}, the
	 * one the template and the listeners use).
	 * @param messageCodec the codec
	 * @return this spec
	 * @see ZmqInboundGateway#setMessageCodec(ZmqMessageCodec)
	 */
	public ZmqInboundGatewaySpec messageCodec(ZmqMessageCodec messageCodec) {
		this.target.setMessageCodec(messageCodec);
		return this;
	}

	/**
	 * Replaces the codec's payload converter.
	 * @param messageConverter the converter
	 * @return this spec
	 */
	public ZmqInboundGatewaySpec messageConverter(MessageConverter messageConverter) {
		this.target.setMessageConverter(messageConverter);
		return this;
	}

	/**
	 * Sets how many requests are served at once (default 1).
	 * @param concurrency at least 1
	 * @return this spec
	 */
	public ZmqInboundGatewaySpec concurrency(int concurrency) {
		this.target.setConcurrency(concurrency);
		return this;
	}

	/**
	 * Sets the answer sent when the flow fails (default {@link ErrorReplyFactory#DEFAULT}).
	 * @param errorReplyFactory the factory
	 * @return this spec
	 */
	public ZmqInboundGatewaySpec errorReplyFactory(ErrorReplyFactory errorReplyFactory) {
		this.target.setErrorReplyFactory(errorReplyFactory);
		return this;
	}

}
