package io.github.zmqspring.config;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.validation.Validator;

import io.github.zmqspring.core.InvalidSocketSpecException;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.listener.DefaultZmqListenerContainer;
import io.github.zmqspring.listener.MessagingMessageListenerAdapter;
import io.github.zmqspring.listener.ZmqListenerErrorHandler;
import io.github.zmqspring.listener.ZmqMessageListener;
import io.github.zmqspring.support.ZmqHeaders;
import io.github.zmqspring.support.ZmqMessageCodec;
import io.github.zmqspring.support.NoSuchZmqSocketException;
import io.github.zmqspring.support.ZmqSocketRegistry;
import io.github.zmqspring.support.ZmqSocketSpecFactory;

/**
 * A {@link ZmqListenerEndpoint} that calls a bean method, as {@code @ZmqListener} declares it. The socket is either
 * described in full ({@link #setSocketType type} plus {@link #setBind bind}/{@link #setConnect connect}) or taken
 * from a {@linkplain #setSocket named socket}, to which bind, connect and topics given here are added. A SUB socket
 * without any topic subscribes to everything.
 * <p>
 * Arguments resolve through a {@link MessageHandlerMethodFactory}: by default Spring's
 * {@link DefaultMessageHandlerMethodFactory} with the converter of the container factory's {@link ZmqMessageCodec}
 * (the one the template and the adapters use: an application's {@link MessageConverter} bean included), plus a resolver
 * for {@link ZmqMessage} parameters (all received frames). Not thread-safe while being configured.
 */
public class MethodZmqListenerEndpoint implements ZmqListenerEndpoint {

	private final String id;

	private final Object bean;

	private final Method method;

	private @Nullable SocketType socketType;

	private @Nullable String socket;

	private List<String> bind = List.of();

	private List<String> connect = List.of();

	private List<String> topics = List.of();

	private @Nullable Integer concurrency;

	private @Nullable Boolean autoStartup;

	private @Nullable ZmqListenerErrorHandler errorHandler;

	private @Nullable String sendTo;

	private @Nullable BeanFactory beanFactory;

	private @Nullable MessageHandlerMethodFactory messageHandlerMethodFactory;

	/** The registrar's shared default factories, when it registered this endpoint. */
	private @Nullable MethodFactoryCache methodFactories;

	private @Nullable Validator validator;

	private List<HandlerMethodArgumentResolver> customArgumentResolvers = List.of();

	/**
	 * Creates an endpoint.
	 * @param id the endpoint id (also the socket name unless a named socket is used)
	 * @param bean the bean
	 * @param method the method to call, on the bean's class or an interface it implements
	 */
	public MethodZmqListenerEndpoint(String id, Object bean, Method method) {
		Assert.hasText(id, "'id' must not be empty");
		Assert.notNull(bean, "'bean' must not be null");
		Assert.notNull(method, "'method' must not be null");
		this.id = id;
		this.bean = bean;
		this.method = method;
	}

	/**
	 * Sets the socket type (SUB, PULL, PAIR, REP, ROUTER, DEALER or STREAM); optional with a named socket.
	 * @param socketType the type
	 */
	public void setSocketType(@Nullable SocketType socketType) {
		this.socketType = socketType;
	}

	/**
	 * Sets the named socket to listen on.
	 * @param socket a {@code zmq.sockets.<name>} name
	 */
	public void setSocket(@Nullable String socket) {
		this.socket = socket;
	}

	/**
	 * Sets the endpoints to bind.
	 * @param bind the endpoints
	 */
	public void setBind(List<String> bind) {
		this.bind = List.copyOf(bind);
	}

	/**
	 * Sets the endpoints to connect to.
	 * @param connect the endpoints
	 */
	public void setConnect(List<String> connect) {
		this.connect = List.copyOf(connect);
	}

	/**
	 * Sets the SUB topics (prefixes of the first frame).
	 * @param topics the topics
	 */
	public void setTopics(List<String> topics) {
		this.topics = List.copyOf(topics);
	}

	/**
	 * Sets the concurrency.
	 * @param concurrency at least 1, or {@code null} for the factory's
	 */
	public void setConcurrency(@Nullable Integer concurrency) {
		if (concurrency != null && concurrency < 1) {
			throw new IllegalArgumentException(describe() + ": concurrency '" + concurrency + "' must be at least 1");
		}
		this.concurrency = concurrency;
	}

	/**
	 * Sets whether the container starts with the context.
	 * @param autoStartup the flag, or {@code null} for the factory's
	 */
	public void setAutoStartup(@Nullable Boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	/**
	 * Sets the error handler.
	 * @param errorHandler the error handler, or {@code null} for the factory's
	 */
	public void setErrorHandler(@Nullable ZmqListenerErrorHandler errorHandler) {
		this.errorHandler = errorHandler;
	}

	/**
	 * Sets the named socket results are forwarded to ({@code @SendTo}).
	 * @param sendTo the socket name, or {@code null} to reply with the result
	 */
	public void setSendTo(@Nullable String sendTo) {
		this.sendTo = sendTo;
	}

	/**
	 * Sets the bean factory, which resolves placeholders in {@code @Header} names.
	 * @param beanFactory the bean factory
	 */
	public void setBeanFactory(@Nullable BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	/**
	 * Sets the factory of invocable methods (default: one built from the container factory's message converter).
	 * @param messageHandlerMethodFactory the factory
	 */
	public void setMessageHandlerMethodFactory(@Nullable MessageHandlerMethodFactory messageHandlerMethodFactory) {
		this.messageHandlerMethodFactory = messageHandlerMethodFactory;
	}

	/**
	 * Sets the validator of {@code @Valid}/{@code @Validated} payload arguments of the default factory (ignored with a
	 * {@linkplain #setMessageHandlerMethodFactory factory of its own}).
	 * @param validator the validator, or {@code null} for none
	 */
	public void setValidator(@Nullable Validator validator) {
		this.validator = validator;
	}

	/**
	 * Sets extra argument resolvers of the default factory, tried before the built-in ones (ignored with a
	 * {@linkplain #setMessageHandlerMethodFactory factory of its own}).
	 * @param resolvers the resolvers, in order
	 */
	public void setCustomMethodArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		this.customArgumentResolvers = List.copyOf(resolvers);
	}

	/** @return whether a factory of its own was set */
	boolean hasMessageHandlerMethodFactory() {
		return this.messageHandlerMethodFactory != null;
	}

	/** @return the bean */
	public Object getBean() {
		return this.bean;
	}

	/** @return the method */
	public Method getMethod() {
		return this.method;
	}

	/** @return the forward socket name, or {@code null} */
	public @Nullable String getSendTo() {
		return this.sendTo;
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public @Nullable Integer getConcurrency() {
		return this.concurrency;
	}

	@Override
	public @Nullable Boolean getAutoStartup() {
		return this.autoStartup;
	}

	@Override
	public @Nullable ZmqListenerErrorHandler getErrorHandler() {
		return this.errorHandler;
	}

	@Override
	public ZmqSocketSpec createSocketSpec(ZmqSocketRegistry namedSockets, ZmqSocketSpecFactory specFactory) {
		ZmqSocketSpec named = null;
		SocketType type;
		if (StringUtils.hasText(this.socket)) {
			if (!namedSockets.contains(this.socket)) {
				throw new NoSuchZmqSocketException(describe() + ": socket '" + this.socket + "' is not defined; define "
						+ "zmq.sockets." + this.socket + ".type and zmq.sockets." + this.socket
						+ ".bind or .connect, or set type and bind/connect on the annotation", this.socket,
						List.copyOf(namedSockets.names()));
			}
			named = namedSockets.spec(this.socket);
			if (this.socketType != null && this.socketType != named.type()) {
				throw new IllegalStateException(describe() + ": type " + this.socketType + " contradicts zmq.sockets."
						+ this.socket + ".type " + named.type() + "; set one of them");
			}
			type = named.type();
		}
		else {
			if (this.socketType == null) {
				throw new IllegalStateException(describe() + ": no socket type; set type (one of "
						+ DefaultZmqListenerContainer.VALID_SOCKET_TYPES + ") or socket (a zmq.sockets.<name> entry)");
			}
			type = this.socketType;
		}
		if (!DefaultZmqListenerContainer.VALID_SOCKET_TYPES.contains(type)) {
			throw new IllegalStateException(describe() + ": cannot listen on a " + type + " socket; use one of "
					+ DefaultZmqListenerContainer.VALID_SOCKET_TYPES);
		}
		if (!this.topics.isEmpty() && type != SocketType.SUB) {
			throw new IllegalStateException(describe() + ": topics " + this.topics + " only apply to SUB sockets, not "
					+ type);
		}
		if (this.sendTo != null && (type == SocketType.REP || type == SocketType.ROUTER)) {
			throw new IllegalStateException(describe() + ": @SendTo(\"" + this.sendTo + "\") on a " + type
					+ " listener; its return value is the reply, remove @SendTo");
		}
		Class<?> returnType = this.method.getReturnType();
		if (this.sendTo == null && (type == SocketType.SUB || type == SocketType.PULL) && returnType != void.class
				&& returnType != Void.class && !completesWithNothing()) {
			throw new IllegalStateException(describe() + ": a " + type + " socket cannot answer, so the returned "
					+ returnType.getSimpleName() + " would be lost; add @SendTo(\"<socket name>\") or return void");
		}
		ZmqSocketSpec spec;
		try {
			if (named != null) {
				ZmqSocketSpec.Builder builder = named.toBuilder();
				configure(builder);
				spec = builder.build();
			}
			else {
				spec = specFactory.create(this.id, type, this::configure);
			}
			if (type == SocketType.SUB && spec.subscriptions().isEmpty()) {
				spec = spec.toBuilder().subscribe(new byte[0]).build();
			}
		}
		catch (InvalidSocketSpecException ex) {
			throw new IllegalStateException(describe() + ": " + ex.getMessage(), ex);
		}
		if (spec.binds().isEmpty() && spec.connects().isEmpty()) {
			throw new IllegalStateException(describe() + ": socket '" + spec.name()
					+ "' neither binds nor connects; set bind or connect (for example bind = \"tcp://*:5557\")");
		}
		return spec;
	}

	private void configure(ZmqSocketSpec.Builder builder) {
		this.bind.forEach(builder::bind);
		this.connect.forEach(builder::connect);
		this.topics.forEach(builder::subscribe);
	}

	@Override
	public ZmqMessageListener createMessageListener(ZmqMessageCodec messageCodec, ZmqSocketRegistry namedSockets) {
		MessageHandlerMethodFactory methodFactory = this.messageHandlerMethodFactory;
		if (methodFactory == null) {
			MethodFactoryCache.Key key = new MethodFactoryCache.Key(messageCodec.getMessageConverter(), this.validator,
					this.customArgumentResolvers);
			MethodFactoryCache shared = this.methodFactories;
			methodFactory = (shared != null) ? shared.get(key, this.beanFactory, MethodZmqListenerEndpoint::defaultMethodFactory)
					: defaultMethodFactory(key, this.beanFactory);
		}
		InvocableHandlerMethod handlerMethod = methodFactory.createInvocableHandlerMethod(this.bean, this.method);
		MessagingMessageListenerAdapter adapter = new MessagingMessageListenerAdapter(handlerMethod, messageCodec);
		adapter.setListenerId(this.id);
		if (this.sendTo != null) {
			adapter.setSendTo(this.sendTo, namedSockets);
		}
		return adapter;
	}

	/**
	 * Lets this endpoint use the registrar's shared default factories.
	 * @param methodFactories the cache
	 */
	void useSharedMethodFactories(MethodFactoryCache methodFactories) {
		this.methodFactories = methodFactories;
	}

	private static MessageHandlerMethodFactory defaultMethodFactory(MethodFactoryCache.Key key,
			@Nullable BeanFactory beanFactory) {
		DefaultMessageHandlerMethodFactory factory = new DefaultMessageHandlerMethodFactory();
		factory.setMessageConverter(key.converter());
		if (beanFactory != null) {
			factory.setBeanFactory(beanFactory);
		}
		if (key.validator() != null) {
			factory.setValidator(key.validator());
		}
		List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>(key.resolvers());
		resolvers.add(new FramesArgumentResolver());
		factory.setCustomArgumentResolvers(resolvers);
		factory.afterPropertiesSet();
		return factory;
	}

	/** Whether the method returns a {@code CompletionStage<Void>}: an asynchronous consumer with no result. */
	private boolean completesWithNothing() {
		ResolvableType stage = ResolvableType.forMethodReturnType(this.method).as(CompletionStage.class);
		return stage != ResolvableType.NONE && stage.getGeneric(0).resolve() == Void.class;
	}

	private String describe() {
		return "@ZmqListener '" + this.id + "' on " + this.method.getDeclaringClass().getSimpleName() + "."
				+ this.method.getName();
	}

	@Override
	public String toString() {
		return describe();
	}

	/**
	 * Resolves {@link ZmqMessage} parameters to all received frames (the request body on REP/ROUTER listeners).
	 */
	static final class FramesArgumentResolver implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return ZmqMessage.class == parameter.getParameterType();
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, Message<?> message) {
			Object frames = message.getHeaders().get(ZmqHeaders.FRAMES);
			if (frames instanceof ZmqMessage zmqMessage) {
				return zmqMessage;
			}
			Object payload = message.getPayload();
			if (payload instanceof byte[] bytes) {
				return ZmqMessage.of(bytes);
			}
			throw new IllegalStateException("message has no '" + ZmqHeaders.FRAMES + "' header to resolve "
					+ parameter);
		}

	}

}
