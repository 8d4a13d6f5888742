package io.github.zmqspring.integration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.integration.support.management.ManageableLifecycle;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.util.Assert;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequestTimeoutException;
import io.github.zmqspring.core.ZmqRequester;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.LifecycleResource;
import io.github.zmqspring.support.DefaultZmqMessageCodec;
import io.github.zmqspring.support.ZmqHeaders;
import io.github.zmqspring.support.ZmqLifecycle;
import io.github.zmqspring.support.ZmqMessageCodec;

/**
 * An outbound gateway: sends each message as a request through the engine's {@link ZmqRequester} (a DEALER spec
 * pipelines requests on one connection; a REQ spec is libzmq's REQ on the wire with a pool of connections; any REP or
 * ROUTER server answers either) and produces the reply to the output channel or the request's reply channel.
 * <p>
 * Many requests can be in flight at once, each with its own {@linkplain #setRequestTimeout timeout} (default 5 s):
 * there is no REQ lock-step, and a request that times out never wedges the socket. A timeout fails the flow with a
 * {@code MessageHandlingException} whose cause is {@link ZmqRequestTimeoutException}. Requests and replies go through
 * the {@linkplain #setMessageCodec codec} (the template's and the listeners'). The request payload travels as
 * itself ({@code byte[]}, {@code String} as UTF-8, a {@link ZmqMessage} as its frames, anything else through the
 * converter); the reply payload is the last reply frame, converted to the {@linkplain #setReplyPayloadType reply
 * payload type} (default {@code byte[]}), with all reply frames in {@link ZmqHeaders#FRAMES}. With
 * {@link #setAsync(boolean) async} the calling thread does not wait: the reply is produced on the
 * {@linkplain #setReplyExecutor reply executor}. The requester opens in {@link #start()} and closes in {@link #stop()}.
 * Thread-safe.
 */
public class ZmqOutboundGateway extends AbstractReplyProducingMessageHandler implements ManageableLifecycle {

	/** The socket types this gateway sends requests on. */
	public static final List<SocketType> VALID_SOCKET_TYPES = List.of(SocketType.REQ, SocketType.DEALER);

	private final ZmqEngine engine;

	private final DeclaredSocketSpec declared;

	private Duration requestTimeout = Duration.ofSeconds(5);

	private @Nullable ZmqMessageCodec messageCodec;

	private @Nullable MessageConverter messageConverter;

	private volatile @Nullable ZmqMessageCodec resolvedCodec;

	private @Nullable Class<?> replyPayloadType;

	private Executor replyExecutor = ForkJoinPool.commonPool();

	private final LifecycleResource<ZmqRequester> requester;

	/**
	 * Creates a gateway on a spec taken as is: the application's {@code zmq.defaults.*} do not apply to it (declare the
	 * socket by name, type and configurer for them); nothing opens before {@link #start()}.
	 * @param engine the engine that owns the socket
	 * @param spec a REQ or DEALER spec, usually with a connect endpoint
	 * @throws IllegalArgumentException for another socket type or a spec without endpoints
	 */
	public ZmqOutboundGateway(ZmqEngine engine, ZmqSocketSpec spec) {
		this(engine, DeclaredSocketSpec.of(spec));
	}

	/**
	 * Creates a gateway whose socket takes the application's socket defaults; nothing opens before {@link #start()}.
	 * In an application context the socket is built, when the gateway is initialized, by the context's
	 * {@link io.github.zmqspring.support.ZmqSocketSpecFactory}: {@code zmq.defaults.*} (security included), then
	 * {@code socket}, then the spec customizers; outside one, from the engine's defaults and {@code socket}. The spec
	 * is also built at once, so that an invalid one fails here: {@code socket} may run twice.
	 * @param engine the engine that owns the socket
	 * @param name the socket name
	 * @param type REQ or DEALER
	 * @param socket sets what is specific to this socket: endpoints, topics, option overrides
	 * @throws IllegalArgumentException for another socket type or a socket without endpoints
	 */
	public ZmqOutboundGateway(ZmqEngine engine, String name, SocketType type,
			Consumer<ZmqSocketSpec.Builder> socket) {
		this(engine, DeclaredSocketSpec.withDefaults(name, type, socket));
	}

	private ZmqOutboundGateway(ZmqEngine engine, DeclaredSocketSpec declared) {
		Assert.notNull(engine, "'engine' must not be null");
		ZmqSocketSpec spec = declared.get();
		Assert.isTrue(VALID_SOCKET_TYPES.contains(spec.type()), () -> "socket '" + spec.name() + "': an outbound gateway "
				+ "sends requests on " + VALID_SOCKET_TYPES + ", not " + spec.type()
				+ ((spec.type() == SocketType.PUSH || spec.type() == SocketType.PUB)
						? "; use ZmqOutboundChannelAdapter for one-way messages" : ""));
		Assert.isTrue(!spec.binds().isEmpty() || !spec.connects().isEmpty(),
				() -> "socket '" + spec.name() + "': an outbound gateway needs a connect (or bind) endpoint");
		this.engine = engine;
		this.declared = declared;
		this.requester = new LifecycleResource<>(() -> this.engine.requester(spec()), ZmqRequester::close);
	}

	private ZmqSocketSpec spec() {
		return this.declared.get();
	}

	/**
	 * Sets how long each request waits for its reply (default 5 s).
	 * @param requestTimeout a positive duration
	 */
	public void setRequestTimeout(Duration requestTimeout) {
		Assert.isTrue(requestTimeout != null && !requestTimeout.isNegative() && !requestTimeout.isZero(),
				() -> "socket '" + spec().name() + "': requestTimeout '" + requestTimeout + "' must be positive");
		this.requestTimeout = requestTimeout;
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
	 * Replaces the codec's converter, for request payloads other than {@code byte[]}, {@code String} and
	 * {@link ZmqMessage}, and for the reply payload type.
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
			codec = ZmqPayloads.codec(this.messageCodec, null, this.messageConverter, getBeanFactory());
			this.resolvedCodec = codec;
		}
		return codec;
	}

	/**
	 * Sets the reply payload type (default {@code null}: the {@code byte[]} of the last reply frame;
	 * {@code ZmqMessage} gives all frames).
	 * @param replyPayloadType the type, or {@code null}
	 */
	public void setReplyPayloadType(@Nullable Class<?> replyPayloadType) {
		this.replyPayloadType = replyPayloadType;
	}

	/**
	 * Sets where async replies are produced (default the common fork-join pool), so that a slow downstream flow never
	 * runs on the requester's socket thread.
	 * @param replyExecutor the executor
	 */
	public void setReplyExecutor(Executor replyExecutor) {
		Assert.notNull(replyExecutor, "'replyExecutor' must not be null");
		this.replyExecutor = replyExecutor;
	}

	/**
	 * The socket spec.
	 * @return the spec given at construction
	 */
	public ZmqSocketSpec getSocketSpec() {
		return spec();
	}

	@Override
	public String getComponentType() {
		return "zmq:outbound-gateway";
	}

	@Override
	protected void doInit() {
		super.doInit();
		this.declared.resolve(getBeanFactory(), "outbound gateway");
		getMessageCodec();
	}

	@Override
	public void start() {
		this.requester.start();
	}

	@Override
	public void stop() {
		this.requester.stop();
	}

	@Override
	public boolean isRunning() {
		return this.requester.isRunning();
	}

	/**
	 * The gateway's life-cycle state (its socket's).
	 * @return the state
	 */
	public ZmqLifecycle.State getState() {
		return this.requester.state();
	}

	@Override
	protected Object handleRequestMessage(Message<?> requestMessage) {
		ZmqRequester current = this.requester.get();
		if (current == null) {
			throw new MessageDeliveryException(requestMessage, "outbound gateway on socket '" + spec().name()
					+ "' is not running: start it (or the endpoint that consumes its channel) before sending");
		}
		ZmqMessage body = getMessageCodec().toFrames(requestMessage, spec().name(), spec().type());
		if (isAsync()) {
			CompletableFuture<ZmqMessage> reply = current.requestAsync(body, this.requestTimeout);
			return reply.thenApplyAsync(this::toReply, this.replyExecutor);
		}
		return toReply(current.request(body, this.requestTimeout));
	}

	private Message<?> toReply(ZmqMessage reply) {
		ZmqMessageCodec codec = getMessageCodec();
		return ZmqPayloads.withPayloadType(codec, codec.toMessage(reply, spec().name(), spec().type(), List.of()),
				this.replyPayloadType);
	}

}
