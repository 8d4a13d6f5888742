package io.github.zmqspring.integration.dsl;

import java.time.Duration;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.dsl.MessageHandlerSpec;
import org.springframework.messaging.converter.MessageConverter;

import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.integration.ZmqOutboundGateway;
import io.github.zmqspring.support.ZmqMessageCodec;

/**
 * Configures a {@link ZmqOutboundGateway}; start with {@link Zmq#outboundGateway}. Not thread-safe.
 */
public class ZmqOutboundGatewaySpec extends MessageHandlerSpec<ZmqOutboundGatewaySpec, ZmqOutboundGateway> {

	/**
	 * Creates the spec and its gateway, on a spec taken as is.
	 * @param engine the engine
	 * @param spec the socket spec
	 */
	protected ZmqOutboundGatewaySpec(ZmqEngine engine, ZmqSocketSpec spec) {
		this(new ZmqOutboundGateway(engine, spec));
	}

	/**
	 * Creates the spec of a gateway.
	 * @param gateway the gateway to configure
	 */
	protected ZmqOutboundGatewaySpec(ZmqOutboundGateway gateway) {
		this.target = gateway;
	}

	/**
	 * Sets how long each request waits for its reply (default 5 s).
	 * @param requestTimeout a positive duration
	 * @return this spec
	 */
	public ZmqOutboundGatewaySpec requestTimeout(Duration requestTimeout) {
		this.target.setRequestTimeout(requestTimeout);
		return this;
	}

	/**
	 * Sets the reply payload type (default {@code byte[]}).
	 * @param replyPayloadType the type, or {@code null}
	 * @return this spec
	 */
	public ZmqOutboundGatewaySpec replyPayloadType(@Nullable Class<?> replyPayloadType) {
		this.target.setReplyPayloadType(replyPayloadType);
		return this;
	}

	/**
	 * Sets the codec between frames and messages (default: the application context's {@code ZmqMessageCodec}, the
	 * one the template and the listeners use).
	 * @param messageCodec the codec
	 * @return this spec
	 * @see ZmqOutboundGateway#setMessageCodec(ZmqMessageCodec)
	 */
	public ZmqOutboundGatewaySpec messageCodec(ZmqMessageCodec messageCodec) {
		this.target.setMessageCodec(messageCodec);
		return this;
	}

	/**
	 * Replaces the codec's payload converter.
	 * @param messageConverter the converter
	 * @return this spec
	 */
	public ZmqOutboundGatewaySpec messageConverter(MessageConverter messageConverter) {
		this.target.setMessageConverter(messageConverter);
		return this;
	}

	/**
	 * Makes the calling thread not wait for the reply (default {@code false}).
	 * @param async the flag
	 * @return this spec
	 */
	public ZmqOutboundGatewaySpec async(boolean async) {
		this.target.setAsync(async);
		return this;
	}

	/**
	 * Sets where async replies are produced.
	 * @param replyExecutor the executor
	 * @return this spec
	 */
	public ZmqOutboundGatewaySpec replyExecutor(Executor replyExecutor) {
		this.target.setReplyExecutor(replyExecutor);
		return this;
	}

	/**
	 * Sets whether a missing reply is an error (default {@code false}; the requester itself never returns without a
	 * reply or an exception).
	 * @param requiresReply the flag
	 * @return this spec
	 */
	public ZmqOutboundGatewaySpec requiresReply(boolean requiresReply) {
		this.target.setRequiresReply(requiresReply);
		return this;
	}

}
