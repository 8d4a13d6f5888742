package io.github.zmqspring.integration;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.Assert;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.DefaultZmqMessageCodec;
import io.github.zmqspring.support.DefaultZmqMessageMapper;
import io.github.zmqspring.support.ZmqHeaders;
import io.github.zmqspring.support.ZmqLifecycle;
import io.github.zmqspring.support.ZmqMessageCodec;
import io.github.zmqspring.support.ZmqMessageMapper;

/**
 * An event-driven inbound channel adapter: every message received on a SUB, PULL, PAIR, DEALER or ROUTER socket is
 * mapped to a Spring message by the {@linkplain #setMessageCodec codec} (topic, routing id, envelope and raw frames in
 * {@link ZmqHeaders}; no generated id or timestamp), its payload optionally converted to a
 * {@linkplain #setPayloadType(Class) payload type}, and sent to the output channel.
 * <p>
 * Messages are delivered as soon as they arrive, on the socket's owner thread (or one of {@link #setConcurrency(int)
 * concurrency} workers): there is no polling interval. A mapping, conversion or downstream failure goes to the
 * {@linkplain #setErrorChannel error channel} as an {@code ErrorMessage} (logged and counted by the engine when there
 * is none), and the adapter keeps consuming. The socket opens (binds, connects) in {@link #start()} and closes
 * gracefully in {@link #stop()}. SUB topics can change at runtime with {@link #subscribe(String)} and
 * {@link #unsubscribe(String)}, also while stopped. Thread-safe once started.
 */
public class ZmqInboundChannelAdapter extends MessageProducerSupport {

	/** The socket types this adapter receives on. */
	public static final List<SocketType> VALID_SOCKET_TYPES = List.of(SocketType.SUB, SocketType.PULL, SocketType.PAIR,
			SocketType.DEALER, SocketType.ROUTER);

	private final ZmqEngine engine;

	private final DeclaredSocketSpec declared;

	private final Object topicMonitor = new Object();

	private final List<byte[]> topics = new ArrayList<>();

	private volatile List<byte[]> topicSnapshot;

	private @Nullable ZmqMessageCodec messageCodec;

	private @Nullable ZmqMessageMapper messageMapper;

	private @Nullable MessageConverter messageConverter;

	private volatile @Nullable ZmqMessageCodec resolvedCodec;

	private @Nullable Class<?> payloadType;

	private int concurrency = 1;

	private final ZmqLifecycle lifecycle = new ZmqLifecycle();

	private volatile @Nullable ZmqSocket socket;

	/**
	 * Creates an adapter on a spec taken as is: the application's {@code zmq.defaults.*} do not apply to it (declare the
	 * socket by name, type and configurer for them); nothing opens before {@link #start()}.
	 * @param engine the engine that owns the socket
	 * @param spec a SUB, PULL, PAIR, DEALER or ROUTER spec with at least one bind or connect
	 * @throws IllegalArgumentException for another socket type or a spec without endpoints
	 */
	public ZmqInboundChannelAdapter(ZmqEngine engine, ZmqSocketSpec spec) {
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
	 * @param type SUB, PULL, PAIR, DEALER or ROUTER
	 * @param socket sets what is specific to this socket: endpoints, topics, option overrides
	 * @throws IllegalArgumentException for another socket type or a socket without endpoints
	 */
	public ZmqInboundChannelAdapter(ZmqEngine engine, String name, SocketType type,
			Consumer<ZmqSocketSpec.Builder> socket) {
		this(engine, DeclaredSocketSpec.withDefaults(name, type, socket));
	}

	private ZmqInboundChannelAdapter(ZmqEngine engine, DeclaredSocketSpec declared) {
		Assert.notNull(engine, "'engine' must not be null");
		ZmqSocketSpec spec = declared.get();
		Assert.isTrue(VALID_SOCKET_TYPES.contains(spec.type()), () -> "socket '" + spec.name() + "': an inbound channel "
				+ "adapter receives on " + VALID_SOCKET_TYPES + ", not " + spec.type()
				+ (spec.type().canReceive() ? "" : " (which cannot receive)") + "; use " + (spec.type() == SocketType.REP
						? "ZmqInboundGateway for REP" : "one of the valid types"));
		Assert.isTrue(!spec.binds().isEmpty() || !spec.connects().isEmpty(),
				() -> "socket '" + spec.name() + "': an inbound channel adapter needs a bind or a connect endpoint");
		this.engine = engine;
		this.declared = declared;
		this.topics.addAll(spec.subscriptions());
		this.topicSnapshot = List.copyOf(this.topics);
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
	 * Replaces the codec's converter, used when a {@linkplain #setPayloadType(Class) payload type} is set.
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
	 * Sets the payload type of the messages sent to the channel (default {@code null}: the {@code byte[]} of the
	 * payload frame; {@code ZmqMessage} gives all frames).
	 * @param payloadType the type, or {@code null}
	 */
	public void setPayloadType(@Nullable Class<?> payloadType) {
		this.payloadType = payloadType;
	}

	/**
	 * Sets how many threads deliver messages (default 1: in order, on the socket's owner thread).
	 * @param concurrency at least 1
	 */
	public void setConcurrency(int concurrency) {
		Assert.isTrue(concurrency >= 1, () -> "socket '" + spec().name() + "': concurrency '" + concurrency
				+ "' must be at least 1");
		this.concurrency = concurrency;
	}

	/**
	 * Adds a SUB subscription (a UTF-8 prefix of the first frame; {@code ""} receives everything), at once when
	 * running, at the next start otherwise.
	 * @param topic the prefix
	 */
	public void subscribe(String topic) {
		subscribe(topic.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Adds a binary SUB subscription.
	 * @param prefix the prefix
	 */
	public void subscribe(byte[] prefix) {
		checkSubscriber();
		synchronized (this.topicMonitor) {
			if (indexOf(prefix) < 0) {
				this.topics.add(prefix.clone());
				this.topicSnapshot = List.copyOf(this.topics);
				ZmqSocket current = this.socket;
				if (current != null) {
					current.subscribe(prefix);
				}
			}
		}
	}

	/**
	 * Removes a SUB subscription, at once when running.
	 * @param topic a prefix given before
	 */
	public void unsubscribe(String topic) {
		unsubscribe(topic.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Removes a binary SUB subscription.
	 * @param prefix a prefix given before
	 */
	public void unsubscribe(byte[] prefix) {
		checkSubscriber();
		synchronized (this.topicMonitor) {
			int index = indexOf(prefix);
			if (index >= 0) {
				this.topics.remove(index);
				this.topicSnapshot = List.copyOf(this.topics);
				ZmqSocket current = this.socket;
				if (current != null) {
					current.unsubscribe(prefix);
				}
			}
		}
	}

	/**
	 * The current SUB subscriptions, as UTF-8 strings.
	 * @return a snapshot
	 */
	public List<String> getTopics() {
		return this.topicSnapshot.stream().map((topic) -> new String(topic, StandardCharsets.UTF_8)).toList();
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
		ZmqSocket current = this.socket;
		return (current != null) ? current.boundEndpoints() : List.of();
	}

	/**
	 * The port of the first TCP endpoint the socket is bound to.
	 * @return the port, or -1 when not running or not bound to TCP
	 */
	public int getBoundPort() {
		ZmqSocket current = this.socket;
		return (current != null) ? current.boundPort() : -1;
	}

	@Override
	public String getComponentType() {
		return "zmq:inbound-channel-adapter";
	}

	@Override
	protected void onInit() {
		super.onInit();
		this.declared.resolve(getBeanFactory(), "inbound channel adapter");
		getMessageCodec();
	}

	@Override
	protected void doStart() {
		super.doStart();
		this.lifecycle.start(this::open);
	}

	private void open() {
		synchronized (this.topicMonitor) {
			ZmqSocket opened = this.engine.open(spec(), this::onFrames, this.concurrency);
			// topics changed while stopped: bring the fresh socket to the current list
			for (byte[] topic : this.topics) {
				if (!contains(spec().subscriptions(), topic)) {
					opened.subscribe(topic);
				}
			}
			for (byte[] topic : spec().subscriptions()) {
				if (!contains(this.topics, topic)) {
					opened.unsubscribe(topic);
				}
			}
			this.socket = opened;
		}
	}

	@Override
	protected void doStop() {
		this.lifecycle.stop(this::close);
		super.doStop();
	}

	private void close() {
		ZmqSocket current;
		synchronized (this.topicMonitor) {
			current = this.socket;
			this.socket = null;
		}
		if (current != null) {
			current.close();
		}
	}

	/**
	 * The adapter's life-cycle state (its socket's).
	 * @return the state
	 */
	public ZmqLifecycle.State getState() {
		return this.lifecycle.state();
	}

	private void onFrames(ZmqMessage frames) {
		Message<byte[]> raw;
		try {
			raw = getMessageCodec().toMessage(frames, spec().name(), spec().type(), this.topicSnapshot);
		}
		catch (RuntimeException ex) {
			Message<ZmqMessage> unmapped = MessageBuilder.withPayload(frames)
				.setHeader(ZmqHeaders.SOCKET, spec().name())
				.build();
			fail(unmapped, new MessagingException(unmapped, "socket '" + spec().name()
					+ "': the message codec failed on " + frames.dump(), ex));
			return;
		}
		Message<?> message;
		try {
			message = ZmqPayloads.withPayloadType(getMessageCodec(), raw, this.payloadType);
		}
		catch (MessagingException ex) {
			fail(raw, ex);
			return;
		}
		sendMessage(message);
	}

	private void fail(Message<?> failed, MessagingException ex) {
		if (!sendErrorMessageIfNecessary(failed, ex)) {
			// no error channel: the engine logs it with a frame dump and counts it; the socket goes on
			throw ex;
		}
	}

	private void checkSubscriber() {
		if (spec().type() != SocketType.SUB) {
			throw new UnsupportedOperationException("socket '" + spec().name() + "' is a " + spec().type()
					+ " socket; only SUB adapters subscribe to topics");
		}
	}

	private int indexOf(byte[] prefix) {
		for (int i = 0; i < this.topics.size(); i++) {
			if (Arrays.equals(this.topics.get(i), prefix)) {
				return i;
			}
		}
		return -1;
	}

	private static boolean contains(List<byte[]> list, byte[] prefix) {
		return list.stream().anyMatch((item) -> Arrays.equals(item, prefix));
	}

}
