package io.github.zmqspring.integration.dsl;

import java.util.function.Function;

import org.springframework.expression.Expression;
import org.springframework.integration.dsl.MessageHandlerSpec;
import org.springframework.integration.expression.FunctionExpression;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConverter;

import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.integration.ZmqOutboundChannelAdapter;
import io.github.zmqspring.support.ZmqMessageCodec;
import io.github.zmqspring.support.ZmqMessageMapper;

/**
 * Configures a {@link ZmqOutboundChannelAdapter}; start with {@link Zmq#outboundAdapter}. Not thread-safe.
 */
public class ZmqOutboundChannelAdapterSpec
		extends MessageHandlerSpec<ZmqOutboundChannelAdapterSpec, ZmqOutboundChannelAdapter> {

	/**
	 * Creates the spec and its adapter, on a spec taken as is.
	 * @param engine the engine
	 * @param spec the socket spec
	 */
	protected ZmqOutboundChannelAdapterSpec(ZmqEngine engine, ZmqSocketSpec spec) {
		this(new ZmqOutboundChannelAdapter(engine, spec));
	}

	/**
	 * Creates the spec of an adapter.
	 * @param adapter the adapter to configure
	 */
	protected ZmqOutboundChannelAdapterSpec(ZmqOutboundChannelAdapter adapter) {
		this.target = adapter;
	}

	/**
	 * Sets a fixed topic (PUB only).
	 * @param topic the topic
	 * @return this spec
	 */
	public ZmqOutboundChannelAdapterSpec topic(String topic) {
		this.target.setTopic(topic);
		return this;
	}

	/**
	 * Sets a SpEL expression evaluated against each message to get its topic (PUB only).
	 * @param expression the expression, e.g. {@code "headers['region']"}
	 * @return this spec
	 */
	public ZmqOutboundChannelAdapterSpec topicExpression(String expression) {
		return topicExpression(PARSER.parseExpression(expression));
	}

	/**
	 * Sets an expression evaluated against each message to get its topic (PUB only).
	 * @param expression the expression
	 * @return this spec
	 */
	public ZmqOutboundChannelAdapterSpec topicExpression(Expression expression) {
		this.target.setTopicExpression(expression);
		return this;
	}

	/**
	 * Sets a function of each message giving its topic (PUB only).
	 * @param topicFunction the function
	 * @return this spec
	 */
	public ZmqOutboundChannelAdapterSpec topicFunction(Function<Message<?>, ?> topicFunction) {
		return topicExpression(new FunctionExpression<>(topicFunction));
	}

	/**
	 * Sets the codec between frames and messages (default: the application context's {@code ZmqMessageCodec}, the
	 * one the template and the listeners use).
	 * @param messageCodec the codec
	 * @return this spec
	 * @see ZmqOutboundChannelAdapter#setMessageCodec(ZmqMessageCodec)
	 */
	public ZmqOutboundChannelAdapterSpec messageCodec(ZmqMessageCodec messageCodec) {
		this.target.setMessageCodec(messageCodec);
		return this;
	}

	/**
	 * Replaces the codec's payload converter.
	 * @param messageConverter the converter
	 * @return this spec
	 */
	public ZmqOutboundChannelAdapterSpec messageConverter(MessageConverter messageConverter) {
		this.target.setMessageConverter(messageConverter);
		return this;
	}

	/**
	 * Replaces the codec's frame mapper.
	 * @param messageMapper the mapper
	 * @return this spec
	 */
	public ZmqOutboundChannelAdapterSpec messageMapper(ZmqMessageMapper messageMapper) {
		this.target.setMessageMapper(messageMapper);
		return this;
	}

}
