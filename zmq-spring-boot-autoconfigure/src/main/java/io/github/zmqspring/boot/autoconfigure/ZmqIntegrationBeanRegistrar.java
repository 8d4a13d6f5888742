package io.github.zmqspring.boot.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.SingletonBeanRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.ConsumerEndpointFactoryBean;
import org.springframework.util.StringUtils;

import io.github.zmqspring.boot.autoconfigure.ZmqIntegrationProperties.Endpoint;
import io.github.zmqspring.boot.autoconfigure.ZmqIntegrationProperties.Inbound;
import io.github.zmqspring.boot.autoconfigure.ZmqIntegrationProperties.InboundGateway;
import io.github.zmqspring.boot.autoconfigure.ZmqIntegrationProperties.Outbound;
import io.github.zmqspring.boot.autoconfigure.ZmqIntegrationProperties.OutboundGateway;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.integration.ZmqInboundChannelAdapter;
import io.github.zmqspring.integration.ZmqInboundGateway;
import io.github.zmqspring.integration.ZmqOutboundChannelAdapter;
import io.github.zmqspring.integration.ZmqOutboundGateway;
import io.github.zmqspring.support.ZmqSocketSpecFactory;

/**
 * Turns every {@code zmq.integration.*} entry into bean definitions: the adapter or gateway named after the entry
 * (outbound ones with a {@code <name>.endpoint} consumer endpoint) and a {@code DirectChannel} for each channel name
 * that no bean defines. Every entry is validated before anything is registered, so a wrong entry fails start-up with a
 * message naming the property. The engine is looked up when the beans are created; each adapter takes the context's
 * {@code ZmqMessageCodec} when it is initialized.
 */
final class ZmqIntegrationBeanRegistrar implements BeanDefinitionRegistryPostProcessor, BeanFactoryAware {

	private static final String PREFIX = "zmq.integration";

	/** Validates entries before any bean exists, with the engine's defaults (zmq.defaults is checked on its own). */
	private static final ZmqPropertiesMapper ENGINE_DEFAULTS = new ZmqPropertiesMapper(new ZmqProperties());

	private final Environment environment;

	private @Nullable BeanFactory beanFactory;

	ZmqIntegrationBeanRegistrar(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		this.beanFactory = beanFactory;
	}

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
		// the one binding of zmq.integration: the entries are needed before any bean exists
		ZmqIntegrationProperties properties = new ZmqIntegrationProperties();
		Binder.get(this.environment)
			.bind(PREFIX, Bindable.ofInstance(properties), new ZmqSocketOptionsBindHandler(BindHandler.DEFAULT));
		Map<String, String> names = new HashMap<>();
		properties.getInbound().forEach((name, entry) -> registerInbound(registry, names, name, entry));
		properties.getOutbound().forEach((name, entry) -> registerOutbound(registry, names, name, entry));
		properties.getInboundGateways().forEach((name, entry) -> registerInboundGateway(registry, names, name, entry));
		properties.getOutboundGateways().forEach((name, entry) -> registerOutboundGateway(registry, names, name, entry));
	}

	private void registerInbound(BeanDefinitionRegistry registry, Map<String, String> names, String name, Inbound entry) {
		String prefix = PREFIX + ".inbound." + name;
		String channel = checkCommon(registry, names, prefix, name, entry, ZmqInboundChannelAdapter.VALID_SOCKET_TYPES,
				"an inbound channel adapter");
		if (!entry.socket().getTopics().isEmpty() && entry.socket().getType() != SocketType.SUB) {
			throw invalid(prefix + ".topics", "only SUB sockets subscribe, not " + entry.socket().getType()
					+ "; remove the topics or set type to SUB");
		}
		if (entry.socket().getTopics().isEmpty() && entry.socket().getType() == SocketType.SUB) {
			throw invalid(prefix + ".topics", "a SUB adapter without topics receives nothing; list the prefixes to "
					+ "receive (\"\" receives everything)");
		}
		checkConcurrency(prefix, entry.getConcurrency());
		ENGINE_DEFAULTS.toSpec(prefix, name, entry.socket(), null);
		ensureChannel(registry, channel);
		register(registry, name, ZmqInboundChannelAdapter.class, () -> {
			ZmqInboundChannelAdapter adapter = new ZmqInboundChannelAdapter(engine(prefix), spec(prefix, name, entry));
			adapter.setOutputChannelName(channel);
			if (StringUtils.hasText(entry.getErrorChannel())) {
				adapter.setErrorChannelName(entry.getErrorChannel());
			}
			adapter.setPayloadType(entry.getPayloadType());
			adapter.setConcurrency(entry.getConcurrency());
			adapter.setAutoStartup(entry.isAutoStartup());
			return adapter;
		});
	}

	private void registerOutbound(BeanDefinitionRegistry registry, Map<String, String> names, String name,
			Outbound entry) {
		String prefix = PREFIX + ".outbound." + name;
		String channel = checkCommon(registry, names, prefix, name, entry, ZmqOutboundChannelAdapter.VALID_SOCKET_TYPES,
				"an outbound channel adapter");
		boolean hasTopic = entry.getTopic() != null;
		boolean hasExpression = StringUtils.hasText(entry.getTopicExpression());
		if (hasTopic && hasExpression) {
			throw invalid(prefix + ".topic", "set topic or topic-expression, not both");
		}
		if ((hasTopic || hasExpression) && entry.socket().getType() != SocketType.PUB) {
			throw invalid(prefix + (hasTopic ? ".topic" : ".topic-expression"), "a topic applies to PUB sockets only, "
					+ "not " + entry.socket().getType() + "; remove it or set type to PUB");
		}
		if (hasExpression) {
			try {
				new SpelExpressionParser().parseExpression(entry.getTopicExpression());
			}
			catch (ParseException ex) {
				throw invalid(prefix + ".topic-expression", "'" + entry.getTopicExpression()
						+ "' is not a valid SpEL expression: " + ex.getMessage());
			}
		}
		ENGINE_DEFAULTS.toSpec(prefix, name, entry.socket(), null);
		ensureChannel(registry, channel);
		register(registry, name, ZmqOutboundChannelAdapter.class, () -> {
			ZmqOutboundChannelAdapter adapter = new ZmqOutboundChannelAdapter(engine(prefix), spec(prefix, name, entry));
			if (hasTopic) {
				adapter.setTopic(entry.getTopic());
			}
			if (hasExpression) {
				adapter.setTopicExpression(new SpelExpressionParser().parseExpression(entry.getTopicExpression()));
			}
			return adapter;
		});
		registerEndpoint(registry, name, channel, entry.isAutoStartup());
	}

	private void registerInboundGateway(BeanDefinitionRegistry registry, Map<String, String> names, String name,
			InboundGateway entry) {
		String prefix = PREFIX + ".inbound-gateways." + name;
		String channel = checkCommon(registry, names, prefix, name, entry, ZmqInboundGateway.VALID_SOCKET_TYPES,
				"an inbound gateway");
		checkConcurrency(prefix, entry.getConcurrency());
		checkPositive(prefix + ".reply-timeout", entry.getReplyTimeout());
		ENGINE_DEFAULTS.toSpec(prefix, name, entry.socket(), null);
		ensureChannel(registry, channel);
		if (StringUtils.hasText(entry.getReplyChannel())) {
			ensureChannel(registry, entry.getReplyChannel());
		}
		register(registry, name, ZmqInboundGateway.class, () -> {
			ZmqInboundGateway gateway = new ZmqInboundGateway(engine(prefix), spec(prefix, name, entry));
			gateway.setRequestChannelName(channel);
			if (StringUtils.hasText(entry.getReplyChannel())) {
				gateway.setReplyChannelName(entry.getReplyChannel());
			}
			if (StringUtils.hasText(entry.getErrorChannel())) {
				gateway.setErrorChannelName(entry.getErrorChannel());
			}
			gateway.setReplyTimeout(entry.getReplyTimeout().toMillis());
			gateway.setPayloadType(entry.getPayloadType());
			gateway.setConcurrency(entry.getConcurrency());
			gateway.setAutoStartup(entry.isAutoStartup());
			return gateway;
		});
	}

	private void registerOutboundGateway(BeanDefinitionRegistry registry, Map<String, String> names, String name,
			OutboundGateway entry) {
		String prefix = PREFIX + ".outbound-gateways." + name;
		String channel = checkCommon(registry, names, prefix, name, entry, ZmqOutboundGateway.VALID_SOCKET_TYPES,
				"an outbound gateway");
		checkPositive(prefix + ".request-timeout", entry.getRequestTimeout());
		ENGINE_DEFAULTS.toSpec(prefix, name, entry.socket(), null);
		ensureChannel(registry, channel);
		if (StringUtils.hasText(entry.getReplyChannel())) {
			ensureChannel(registry, entry.getReplyChannel());
		}
		register(registry, name, ZmqOutboundGateway.class, () -> {
			ZmqOutboundGateway gateway = new ZmqOutboundGateway(engine(prefix), spec(prefix, name, entry));
			gateway.setRequestTimeout(entry.getRequestTimeout());
			gateway.setReplyPayloadType(entry.getReplyPayloadType());
			if (StringUtils.hasText(entry.getReplyChannel())) {
				gateway.setOutputChannelName(entry.getReplyChannel());
			}
			return gateway;
		});
		registerEndpoint(registry, name, channel, entry.isAutoStartup());
	}

	private String checkCommon(BeanDefinitionRegistry registry, Map<String, String> names, String prefix, String name,
			Endpoint entry, List<SocketType> validTypes, String what) {
		String previous = names.putIfAbsent(name, prefix);
		if (previous != null) {
			throw invalid(prefix, "the name '" + name + "' is already used by " + previous
					+ "; each entry becomes a bean named after it, so names must be unique");
		}
		if (registry.containsBeanDefinition(name)) {
			throw invalid(prefix, "a bean named '" + name + "' already exists; rename the entry");
		}
		if (entry.socket().getType() == null) {
			throw required(prefix + ".type", what + " takes one of " + validTypes);
		}
		if (!validTypes.contains(entry.socket().getType())) {
			throw invalid(prefix + ".type", entry.socket().getType() + " is not valid for " + what + "; use one of " + validTypes);
		}
		if (entry.socket().getBind().isEmpty() && entry.socket().getConnect().isEmpty()) {
			throw invalid(prefix, "set bind or connect: without an endpoint the socket never reaches a peer");
		}
		if (!StringUtils.hasText(entry.getChannel())) {
			throw required(prefix + ".channel", "the name of the message channel " + what + " "
					+ (what.startsWith("an inbound") ? "sends to" : "consumes from")
					+ " (created as a DirectChannel when no bean has that name)");
		}
		return entry.getChannel();
	}

	private static void checkConcurrency(String prefix, int concurrency) {
		if (concurrency < 1) {
			throw invalid(prefix + ".concurrency", "'" + concurrency + "' must be at least 1");
		}
	}

	private static void checkPositive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw invalid(property, "'" + value + "' must be positive");
		}
	}

	static InvalidZmqPropertyException required(String property, String explanation) {
		return new InvalidZmqPropertyException(property, "is required: " + explanation, null);
	}

	static InvalidZmqPropertyException invalid(String property, String problem) {
		return new InvalidZmqPropertyException(property, problem, null);
	}

	private void ensureChannel(BeanDefinitionRegistry registry, String channel) {
		boolean singleton = registry instanceof SingletonBeanRegistry singletons && singletons.containsSingleton(channel);
		if (!registry.containsBeanDefinition(channel) && !singleton) {
			registry.registerBeanDefinition(channel, new RootBeanDefinition(DirectChannel.class));
		}
	}

	private static <T> void register(BeanDefinitionRegistry registry, String name, Class<T> type, Supplier<T> supplier) {
		registry.registerBeanDefinition(name, new RootBeanDefinition(type, supplier));
	}

	private void registerEndpoint(BeanDefinitionRegistry registry, String name, String channel, boolean autoStartup) {
		register(registry, name + ".endpoint", ConsumerEndpointFactoryBean.class, () -> {
			ConsumerEndpointFactoryBean endpoint = new ConsumerEndpointFactoryBean();
			endpoint.setHandler(beanFactory().getBean(name));
			endpoint.setInputChannelName(channel);
			endpoint.setAutoStartup(autoStartup);
			return endpoint;
		});
	}

	private BeanFactory beanFactory() {
		if (this.beanFactory == null) {
			throw new IllegalStateException("the bean factory is not set");
		}
		return this.beanFactory;
	}

	private ZmqEngine engine(String prefix) {
		try {
			return beanFactory().getBean(ZmqEngine.class);
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw invalid(prefix, "needs a ZmqEngine bean and there is none; let ZmqAutoConfiguration create it or "
					+ "define one");
		}
	}

	private ZmqSocketSpec spec(String prefix, String name, Endpoint entry) {
		ZmqProperties zmq = beanFactory().getBeanProvider(ZmqProperties.class).getIfAvailable(ZmqProperties::new);
		return new ZmqPropertiesMapper(zmq).toSpec(prefix, name, entry.socket(),
				beanFactory().getBeanProvider(ZmqSocketSpecFactory.class).getIfAvailable());
	}

}
