package io.github.zmqspring.integration;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.common.LiteralExpression;
import org.springframework.integration.expression.ExpressionUtils;
import org.springframework.integration.handler.AbstractMessageHandler;
import org.springframework.integration.support.management.ManageableLifecycle;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.util.Assert;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.LifecycleResource;
import io.github.zmqspring.support.DefaultZmqMessageCodec;
import io.github.zmqspring.support.DefaultZmqMessageMapper;
import io.github.zmqspring.support.ZmqHeaders;
import io.github.zmqspring.support.ZmqLifecycle;
import io.github.zmqspring.support.ZmqMessageCodec;
import io.github.zmqspring.support.ZmqMessageMapper;

/**
 * An outbound channel adapter: sends each message on a PUB, PUSH, PAIR, DEALER or ROUTER socket.
 * <p>
 * The {@linkplain #setMessageCodec codec} (the template's and the listeners') turns each message into frames: the
 * payload travels as itself ({@code byte[]} as is, {@code String} as UTF-8, a {@link ZmqMessage} payload as its
 * frames, anything else through the codec's converter, JSON by default). On PUB the topic
 * comes from the {@linkplain #setTopicExpression topic expression} when set, else from the {@link ZmqHeaders#TOPIC}
 * header, and goes out as frame 0 ({@code [topic][payload]}); without a topic the message is one frame. On ROUTER the
 * peer comes from the {@link ZmqHeaders#ROUTING_ID} (or {@link ZmqHeaders#ENVELOPE}) header. The socket opens in
 * {@link #start()} (called by the consuming endpoint) and closes gracefully, delivering what is queued, in
 * {@link #stop()}; a message handled while stopped fails with {@link MessageDeliveryException}. Thread-safe.
 */
public class ZmqOutboundChannelAdapter extends AbstractMessageHandler implements ManageableLifecycle {

	/** The socket types this adapter sends on. */
	public static final List<SocketType> VALID_SOCKET_TYPES = List.of(SocketType.PUB, SocketType.PUSH, SocketType.PAIR,
			SocketType.DEALER, SocketType.ROUTER);

	private final ZmqEngine engine;

	private final DeclaredSocketSpec declared;

	private @Nullable ZmqMessageCodec messageCodec;

	private @Nullable ZmqMessageMapper messageMapper;

	private @Nullable MessageConverter messageConverter;

	private volatile @Nullable ZmqMessageCodec resolvedCodec;

	private @Nullable Expression topicExpression;

	private @Nullable EvaluationContext evaluationContext;

	private final LifecycleResource<ZmqSocket> socket;

	/**
	 * Creates an adapter on a spec taken as is: the application's {@code zmq.defaults.*} do not apply to it (declare the
	 * socket by name, type and configurer for them); nothing opens before {@link #start()}.
	 * @param engine the engine that owns the socket
	 * @param spec a PUB, PUSH, PAIR, DEALER or ROUTER spec with at least one bind or connect
	 * @throws IllegalArgumentException for another socket type or a spec without endpoints
	 */
	public ZmqOutboundChannelAdapter(ZmqEngine engine, ZmqSocketSpec spec) {
		this(engine, DeclaredSocketSpec.of(spec));
	}

	/**
	 * Creates an adapter whose socket takes the application's socket defaults; nothing opens before {@link #start()}.
	 * In an application context the socket is built, when the adapter is initialized, by the context's
	 * {@link io.github.zmqspring.support.ZmqSocketSpecFactory}: {@code zmq.defaults.*} (security included), then
	 * {@code socket}, then the spec customizers; outside one, from the engine's defaults and {@code socket}. The spec
	 * is also built at once, so that an invalid one fails here: {@code socket} may run twice.
	 * @param engine the engine that owns the socket
	 * @param name the socket name
	 * @param type PUB, PUSH, PAIR, DEALER or ROUTER
	 * @param socket sets what is specific to this socket: endpoints, topics, option overrides
	 * @throws IllegalArgumentException for another socket type or a socket without endpoints
	 */
	public ZmqOutboundChannelAdapter(ZmqEngine engine, String name, SocketType type,
			Consumer<ZmqSocketSpec.Builder> socket) {
		this(engine, DeclaredSocketSpec.withDefaults(name, type, socket));
	}

	private ZmqOutboundChannelAdapter(ZmqEngine engine, DeclaredSocketSpec declared) {
		Assert.notNull(engine, "'engine' must not be null");
		ZmqSocketSpec spec = declared.get();
		Assert.isTrue(VALID_SOCKET_TYPES.contains(spec.type()), () -> "socket '" + spec.name() + "': an outbound channel "
				+ "adapter sends on " + VALID_SOCKET_TYPES + ", not " + spec.type()
				+ (spec.type() == SocketType.REQ ? "; use ZmqOutboundGateway for request/reply" : ""));
		Assert.isTrue(!spec.binds().isEmpty() || !spec.connects().isEmpty(),
				() -> "socket '" + spec.name() + "': an outbound channel adapter needs a bind or a connect endpoint");
		this.engine = engine;
		this.declared = declared;
		this.socket = new LifecycleResource<>(() -> this.engine.open(spec()), ZmqSocket::close);
	}

	private ZmqSocketSpec spec() {
		return this.declared.get();
	}

	/**
	 * Sets the codec between frames and messages (default: the application context's {@code ZmqMessageCodec} bean,
	 * the one the template and the listeners use, else a {@link DefaultZmqMessageCodec}).
	 * @param messageCodec the codec
	 */
	public void setMessageCodec(ZmqMessageCodec messageCodec) {
		Assert.notNull(messageCodec, "'messageCodec' must not be null");
		this.messageCodec = messageCodec;
		this.resolvedCodec = null;
	}

	/**
	 * Replaces the codec's frame mapper (default: the codec's, {@link DefaultZmqMessageMapper} unless the
	 * application defines one).
	 * @param messageMapper the mapper
	 */
	public void setMessageMapper(ZmqMessageMapper messageMapper) {
		Assert.notNull(messageMapper, "'messageMapper' must not be null");
		this.messageMapper = messageMapper;
		this.resolvedCodec = null;
	}

	/**
	 * Replaces the codec's converter, for payloads other than {@code byte[]}, {@code String} and {@link ZmqMessage}.
	 * @param messageConverter the converter
	 */
	public void setMessageConverter(MessageConverter messageConverter) {
		Assert.notNull(messageConverter, "'messageConverter' must not be null");
		this.messageConverter = messageConverter;
		this.resolvedCodec = null;
	}
	/**
	 * The codec in use: resolved when the bean is initialized, or on first use outside a context.
	 * @return the codec
	 */
	public ZmqMessageCodec getMessageCodec() {
		ZmqMessageCodec codec = this.resolvedCodec;
		if (codec == null) {
			codec = ZmqPayloads.codec(this.messageCodec, this.messageMapper, this.messageConverter, getBeanFactory());
			this.resolvedCodec = codec;
		}
		return codec;
	}


	/**
	 * Sets a fixed topic (PUB only).
	 * @param topic the topic, sent as UTF-8 frame 0
	 */
	public void setTopic(String topic) {
		setTopicExpression(new LiteralExpression(topic));
	}

	/**
	 * Sets an expression evaluated against each message to get its topic (PUB only); a {@code byte[]} result is sent as
	 * is, anything else as its UTF-8 string. It wins over the {@link ZmqHeaders#TOPIC} header.
	 * @param topicExpression the expression
	 */
	public void setTopicExpression(Expression topicExpression) {
		Assert.notNull(topicExpression, "'topicExpression' must not be null");
		Assert.isTrue(spec().type() == SocketType.PUB, () -> "socket '" + spec().name() + "': a topic applies to "
				+ "PUB sockets only, not " + spec().type());
		this.topicExpression = topicExpression;
	}

	/**
	 * The socket spec.
	 * @return the spec given at construction
	 */
	public ZmqSocketSpec getSocketSpec() {
		return spec();
	}

	/**
	 * The endpoints the socket is bound to, wildcard ports resolved.
	 * @return the endpoints; empty when not running
	 */
	public List<String> getBoundEndpoints() {
		ZmqSocket current = this.socket.get();
		return (current != null) ? current.boundEndpoints() : List.of();
	}

	/**
	 * The port of the first TCP endpoint the socket is bound to.
	 * @return the port, or -1 when not running or not bound to TCP
	 */
	public int getBoundPort() {
		ZmqSocket current = this.socket.get();
		return (current != null) ? current.boundPort() : -1;
	}

	@Override
	public String getComponentType() {
		return "zmq:outbound-channel-adapter";
	}

	@Override
	protected void onInit() {
		super.onInit();
		this.declared.resolve(getBeanFactory(), "outbound channel adapter");
		this.evaluationContext = ExpressionUtils.createStandardEvaluationContext(getBeanFactory());
		getMessageCodec();
	}

	@Override
	public void start() {
		this.socket.start();
	}

	@Override
	public void stop() {
		this.socket.stop();
	}

	@Override
	public boolean isRunning() {
		return this.socket.isRunning();
	}

	/**
	 * The adapter's life-cycle state (its socket's).
	 * @return the state
	 */
	public ZmqLifecycle.State getState() {
		return this.socket.state();
	}

	@Override
	protected void handleMessageInternal(Message<?> message) {
		ZmqSocket current = this.socket.get();
		if (current == null) {
			throw new MessageDeliveryException(message, "outbound adapter on socket '" + spec().name()
					+ "' is not running: start it (or the endpoint that consumes its channel) before sending");
		}
		current.send(toFrames(message));
	}

	private ZmqMessage toFrames(Message<?> message) {
		if (this.topicExpression == null) {
			return getMessageCodec().toFrames(message, spec().name(), spec().type());
		}
		Object topic = this.topicExpression.getValue(evaluationContext(), message);
		if (topic == null) {
			throw new MessageHandlingException(message, "socket '" + spec().name() + "': the topic expression '"
					+ this.topicExpression.getExpressionString() + "' evaluated to null");
		}
		Map<String, Object> headers = new HashMap<>(message.getHeaders());
		headers.remove(ZmqHeaders.TOPIC);
		headers.put(ZmqHeaders.TOPIC_BYTES,
				(topic instanceof byte[] bytes) ? bytes : topic.toString().getBytes(StandardCharsets.UTF_8));
		return getMessageCodec().toFrames(message.getPayload(), headers, spec().name(), spec().type());
	}

	private EvaluationContext evaluationContext() {
		EvaluationContext context = this.evaluationContext;
		if (context == null) {
			context = ExpressionUtils.createStandardEvaluationContext();
			this.evaluationContext = context;
		}
		return context;
	}

}
