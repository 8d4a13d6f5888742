package io.github.zmqspring.integration.dsl;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.dsl.MessageProducerSpec;
import org.springframework.messaging.converter.MessageConverter;

import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.integration.ZmqInboundChannelAdapter;
import io.github.zmqspring.support.ZmqMessageCodec;
import io.github.zmqspring.support.ZmqMessageMapper;

/**
 * Configures a {@link ZmqInboundChannelAdapter}; start with {@link Zmq#inboundAdapter}. Not thread-safe.
 */
public class ZmqInboundChannelAdapterSpec
		extends MessageProducerSpec<ZmqInboundChannelAdapterSpec, ZmqInboundChannelAdapter> {

	/**
	 * Creates the spec and its adapter, on a spec taken as is.
	 * @param engine the engine
	 * @param spec the socket spec
	 */
	protected ZmqInboundChannelAdapterSpec(ZmqEngine engine, ZmqSocketSpec spec) {
		this(new ZmqInboundChannelAdapter(engine, spec));
	}

	/**
	 * Creates the spec of an adapter.
	 * @param adapter the adapter to configure
	 */
	protected ZmqInboundChannelAdapterSpec(ZmqInboundChannelAdapter adapter) {
		super(adapter);
	}

	/**
	 * Sets the payload type of the produced messages (default: {@code byte[]}).
	 * @param payloadType the type, or {@code null}
	 * @return this spec
	 * @see ZmqInboundChannelAdapter#setPayloadType(Class)
	 */
	public ZmqInboundChannelAdapterSpec payloadType(@Nullable Class<?> payloadType) {
		this.target.setPayloadType(payloadType);
		return this;
	}

	/**
	 * Sets the codec between frames and messages (default: the application context's {@code ZmqMessageCodec}, the
	 * one the template and the listeners use).
	 * @param messageCodec the codec
	 * @return this spec
	 * @see ZmqInboundChannelAdapter#setMessageCodec(ZmqMessageCodec)
	 */
	public ZmqInboundChannelAdapterSpec messageCodec(ZmqMessageCodec messageCodec) {
		this.target.setMessageCodec(messageCodec);
		return this;
	}

	/**
	 * Replaces the codec's payload converter.
	 * @param messageConverter the converter
	 * @return this spec
	 * @see ZmqInboundChannelAdapter#setMessageConverter(MessageConverter)
	 */
	public ZmqInboundChannelAdapterSpec messageConverter(MessageConverter messageConverter) {
		this.target.setMessageConverter(messageConverter);
		return this;
	}

	/**
	 * Replaces the codec's frame mapper.
	 * @param messageMapper the mapper
	 * @return this spec
	 * @see ZmqInboundChannelAdapter#setMessageMapper(ZmqMessageMapper)
	 */
	public ZmqInboundChannelAdapterSpec messageMapper(ZmqMessageMapper messageMapper) {
		this.target.setMessageMapper(messageMapper);
		return this;
	}

	/**
	 * Sets how many threads deliver messages (default 1, in order).
	 * @param concurrency at least 1
	 * @return this spec
	 */
	public ZmqInboundChannelAdapterSpec concurrency(int concurrency) {
		this.target.setConcurrency(concurrency);
		return this;
	}

}
