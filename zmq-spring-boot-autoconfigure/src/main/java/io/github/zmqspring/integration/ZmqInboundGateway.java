package io.github.zmqspring.integration;

import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.MessageTimeoutException;
import org.springframework.integration.gateway.MessagingGatewaySupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.util.Assert;

import io.github.zmqspring.core.ErrorReplyFactory;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqRequest;
import io.github.zmqspring.core.ZmqServer;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.LifecycleResource;
import io.github.zmqspring.support.DefaultZmqMessageCodec;
import io.github.zmqspring.support.ZmqHeaders;
import io.github.zmqspring.support.ZmqLifecycle;
import io.github.zmqspring.support.ZmqMessageCodec;

/**
 * An inbound gateway: serves a REP or ROUTER socket through the engine's {@link ZmqServer}, sending each request into
 * the request channel and answering with the flow's reply.
 * <p>
 * Requests and replies go through the {@linkplain #setMessageCodec codec} (the template's and the listeners'). The
 * request message's payload is the last request frame (converted to the {@linkplain #setPayloadType payload
 * type} when set), with the routing id, envelope and all body frames in {@link ZmqHeaders}. The reply payload travels
 * as itself ({@code byte[]}, {@code String} as UTF-8, a {@link ZmqMessage} as its frames, anything else through the
 * converter). A requester always gets an answer: when the flow fails (and no error channel flow produces a reply),
 * or produces no reply within the reply timeout, the answer is the {@linkplain #setErrorReplyFactory error reply},
 * by default {@link ErrorReplyFactory#DEFAULT}, one frame {@code "ERROR: <type>: <message>"} naming the flow's own
 * exception (Spring Integration's {@code MessagingException} wrappers are removed). The next request is served
 * normally. The socket opens in {@link #start()} and closes in {@link #stop()}. Thread-safe once started.
 */
public class ZmqInboundGateway extends MessagingGatewaySupport {

	/** The socket types this gateway serves. */
	public static final List<SocketType> VALID_SOCKET_TYPES = List.of(SocketType.REP, SocketType.ROUTER);

	private final ZmqEngine engine;

	private final DeclaredSocketSpec declared;

	private @Nullable ZmqMessageCodec messageCodec;

	private @Nullable MessageConverter messageConverter;

	private volatile @Nullable ZmqMessageCodec resolvedCodec;

	private @Nullable Class<?> payloadType;

	private int concurrency = 1;

	private ErrorReplyFactory errorReplyFactory = ErrorReplyFactory.DEFAULT;

	private final LifecycleResource<ZmqServer> server = new LifecycleResource<>(this::open, ZmqServer::close);

	/**
	 * Creates a gateway on a spec taken as is: the application's {@code zmq.defaults.*} do not apply to it (declare the
	 * socket by name, type and configurer for them); nothing opens before {@link #start()}.
	 * @param engine the engine that owns the socket
	 * @param spec a REP or ROUTER spec, usually with a bind endpoint
	 * @throws IllegalArgumentException for another socket type or a spec without endpoints
	 */
	public ZmqInboundGateway(ZmqEngine engine, ZmqSocketSpec spec) {
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
	 * @param type REP or ROUTER
	 * @param socket sets what is specific to this socket: endpoints, topics, option overrides
	 * @throws IllegalArgumentException for another socket type or a socket without endpoints
	 */
	public ZmqInboundGateway(ZmqEngine engine, String name, SocketType type,
			Consumer<ZmqSocketSpec.Builder> socket) {
		this(engine, DeclaredSocketSpec.withDefaults(name, type, socket));
	}

	private ZmqInboundGateway(ZmqEngine engine, DeclaredSocketSpec declared) {
		Assert.notNull(engine, "'engine' must not be null");
		ZmqSocketSpec spec = declared.get();
		Assert.isTrue(VALID_SOCKET_TYPES.contains(spec.type()), () -> "socket '" + spec.name() + "': an inbound gateway "
				+ "serves " + VALID_SOCKET_TYPES + " sockets, not " + spec.type()
				+ (spec.type().canReceive() ? "; use ZmqInboundChannelAdapter for one-way messages" : ""));
		Assert.isTrue(!spec.binds().isEmpty() || !spec.connects().isEmpty(),
				() -> "socket '" + spec.name() + "': an inbound gateway needs a bind (or connect) endpoint");
		this.engine = engine;
		this.declared = declared;
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
	 * Replaces the codec's converter, for the request payload type and for reply payloads other than
	 * {@code byte[]}, {@code String} and {@link ZmqMessage}.
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
	 * Sets the payload type of the request messages (default {@code null}: the {@code byte[]} of the last frame).
	 * @param payloadType the type, or {@code null}
	 */
	public void setPayloadType(@Nullable Class<?> payloadType) {
		this.payloadType = payloadType;
	}

	/**
	 * Sets how many requests are served at once (default 1; more runs the flow on worker threads, replies still go
	 * to their own requesters).
	 * @param concurrency at least 1
	 */
	public void setConcurrency(int concurrency) {
		Assert.isTrue(concurrency >= 1, () -> "socket '" + spec().name() + "': concurrency '" + concurrency
				+ "' must be at least 1");
		this.concurrency = concurrency;
	}

	/**
	 * Sets the factory of the answer sent when the flow fails (default {@link ErrorReplyFactory#DEFAULT}).
	 * @param errorReplyFactory the factory
	 */
	public void setErrorReplyFactory(ErrorReplyFactory errorReplyFactory) {
		Assert.notNull(errorReplyFactory, "'errorReplyFactory' must not be null");
		this.errorReplyFactory = errorReplyFactory;
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
		ZmqServer current = this.server.get();
		return (current != null) ? current.boundEndpoints() : List.of();
	}

	/**
	 * The port of the first TCP endpoint the socket is bound to.
	 * @return the port, or -1 when not running or not bound to TCP
	 */
	public int getBoundPort() {
		ZmqServer current = this.server.get();
		return (current != null) ? current.boundPort() : -1;
	}

	@Override
	public String getComponentType() {
		return "zmq:inbound-gateway";
	}

	@Override
	protected void onInit() {
		super.onInit();
		this.declared.resolve(getBeanFactory(), "inbound gateway");
		getMessageCodec();
	}

	@Override
	protected void doStart() {
		super.doStart();
		this.server.start();
	}

	@Override
	protected void doStop() {
		this.server.stop();
		super.doStop();
	}

	/**
	 * The gateway's life-cycle state (its socket's).
	 * @return the state
	 */
	public ZmqLifecycle.State getState() {
		return this.server.state();
	}

	private ZmqServer open() {
		ErrorReplyFactory errorReplies = this.errorReplyFactory;
		return this.engine.server(spec(), this::serve, this.concurrency,
				(request, failure) -> errorReplies.errorReply(request, unwrap(failure)));
	}

	private ZmqMessage serve(ZmqRequest request) {
		ZmqMessageCodec codec = getMessageCodec();
		Message<?> message = ZmqPayloads.withPayloadType(codec, codec.toMessage(request, spec().type()),
				this.payloadType);
		Message<?> reply = sendAndReceiveMessage(message);
		if (reply == null) {
			throw new MessageTimeoutException(message, "socket '" + spec().name()
					+ "': the flow produced no reply in time; check that it replies, or raise the reply timeout");
		}
		if (reply.getPayload() instanceof Throwable failure) {
			throw new MessagingException(reply, failure);
		}
		// the body only: the engine sends it back with the request's envelope, on REP and ROUTER alike
		return codec.toFrames(reply, spec().name(), SocketType.REP);
	}

	/**
	 * The flow's own exception: Spring Integration wraps it in {@code MessagingException}s that say nothing to a
	 * remote requester.
	 */
	static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while (current instanceof MessagingException && current.getCause() != null && current.getCause() != current) {
			current = current.getCause();
		}
		return current;
	}

}
