package io.github.zmqspring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import io.github.zmqspring.core.SocketEventListener;
import io.github.zmqspring.core.ZmqAuthenticator;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.support.DefaultZmqMessageCodec;
import io.github.zmqspring.support.DefaultZmqMessageMapper;
import io.github.zmqspring.support.ZmqHeaderFramePolicy;
import io.github.zmqspring.support.ZmqMessageCodec;
import io.github.zmqspring.support.ZmqMessageConverter;
import io.github.zmqspring.support.ZmqMessageMapper;
import io.github.zmqspring.support.ZmqMetrics;
import io.github.zmqspring.support.ZmqProxies;
import io.github.zmqspring.support.ZmqSocketRegistry;
import io.github.zmqspring.support.ZmqSocketSpecFactory;
import io.github.zmqspring.support.ZmqSockets;
import io.github.zmqspring.template.ZmqOperations;
import io.github.zmqspring.support.micrometer.ZmqTemplateObservationConvention;
import io.github.zmqspring.template.ZmqTemplate;

/**
 * Auto-configuration of ZeroMQ: the {@link ZmqEngine}, its {@link ZmqAuthenticator} (when
 * {@code zmq.security.authenticator} sets rules; an application's own authenticator bean is started instead), the
 * named sockets ({@link ZmqSockets}, the {@link ZmqSocketRegistry} of the template, {@code @SendTo} and listeners),
 * the {@link ZmqSocketSpecFactory}, the frame mapper, the message converter (with the application's own
 * {@code MessageConverter} beans after the {@code byte[]} and {@code String} ones, before JSON), the
 * {@link ZmqMessageCodec} over both that the template, the listeners and the Spring Integration adapters share, and
 * the {@link ZmqTemplate} (observed with the {@link ObservationRegistry} bean and a
 * {@link ZmqTemplateObservationConvention} bean when {@code zmq.template.observation-enabled} is set), and the
 * {@link ZmqHeaderFramePolicy} of the codec ({@code zmq.*.headers.*}: which sockets carry the header frame). Every
 * bean backs off when the application defines one of its type. The authenticator bean
 * is there to be injected: {@link ZmqAuthenticator#reload()} rereads its files.
 * <p>
 * Shutdown order: listener containers stop first (their lifecycle phase is the highest), then the named sockets
 * ({@link ZmqSockets#PHASE}) deliver what they queued within their linger, and the engine closes last, as a
 * destroy method, once every lifecycle bean stopped.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(ZmqEngine.class)
@EnableConfigurationProperties(ZmqProperties.class)
public final class ZmqAutoConfiguration {

	/**
	 * Binds the socket options of {@code zmq.sockets.<name>} beside the socket's own keys (see
	 * {@link ZmqSocketOptionsBindHandler}).
	 * @return the advisor
	 */
	@Bean
	static ConfigurationPropertiesBindHandlerAdvisor zmqSocketOptionsBindHandlerAdvisor() {
		return ZmqSocketOptionsBindHandler::new;
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	ZmqEngine zmqEngine(ZmqProperties properties, ObjectProvider<ZmqAuthenticator> authenticator,
			ObjectProvider<SocketEventListener> eventListeners, ObjectProvider<ZmqEngineCustomizer> customizers,
			Environment environment) {
		ZmqEngine.Builder builder = ZmqEngine.builder().name("zmq");
		new ZmqPropertiesMapper(properties).customizeEngineBuilder(builder);
		if (Threading.VIRTUAL.isActive(environment)) {
			// spring.threads.virtual.enabled on Java 21+: listener methods and socket work run on virtual threads
			builder.handlerThreadFactory(new VirtualThreadTaskExecutor("zmq-").getVirtualThreadFactory());
		}
		authenticator.ifAvailable(builder::authenticator);
		eventListeners.orderedStream().forEach(builder::eventListener);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(AuthenticatorCondition.class)
	ZmqAuthenticator zmqAuthenticator(ZmqProperties properties) {
		return ZmqPropertiesMapper.toAuthenticator(properties.getSecurity().getAuthenticator());
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqSocketSpecFactory zmqSocketSpecFactory(ZmqProperties properties,
			ObjectProvider<ZmqSocketSpecCustomizer> customizers) {
		ZmqPropertiesMapper mapper = new ZmqPropertiesMapper(properties);
		mapper.validateDefaults();
		List<ZmqSocketSpecCustomizer> ordered = customizers.orderedStream().toList();
		return (name, type, configurer) -> {
			ZmqSocketSpec.Builder builder = ZmqSocketSpec.builder(name, type);
			mapper.applyDefaults(builder);
			configurer.accept(builder);
			ordered.forEach((customizer) -> customizer.customize(name, type, builder));
			return builder.build();
		};
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqSockets zmqSockets(ZmqEngine engine, ZmqProperties properties, ZmqSocketSpecFactory specFactory,
			ObjectProvider<ZmqMetrics> metrics) {
		Map<String, ZmqSocketSpec> specs = new ZmqPropertiesMapper(properties).toSocketSpecs(specFactory);
		return new ZmqSockets(engine, specs, properties.getEngine().isFailFast(),
				metrics.getIfAvailable(() -> ZmqMetrics.NONE));
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqProxies zmqProxies(ZmqEngine engine, ZmqProperties properties, ZmqSocketSpecFactory specFactory) {
		return new ZmqProxies(new ZmqPropertiesMapper(properties).toProxies(engine, specFactory));
	}

	@Bean
	ZmqLocalPorts zmqLocalPorts(ZmqEngine engine, ConfigurableEnvironment environment) {
		return new ZmqLocalPorts(engine, environment);
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqMessageMapper zmqMessageMapper() {
		return new DefaultZmqMessageMapper();
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqMessageConverter zmqMessageConverter(ObjectProvider<JsonMessageConverterProvider> json,
			ListableBeanFactory beanFactory) {
		List<MessageConverter> converters = new ArrayList<>();
		converters.add(new ByteArrayMessageConverter());
		converters.add(new StringMessageConverter());
		converters.addAll(applicationConverters(beanFactory));
		json.ifAvailable((provider) -> converters.add(provider.converter()));
		return new ZmqMessageConverter(converters);
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqHeaderFramePolicy zmqHeaderFramePolicy(ZmqProperties properties, Environment environment) {
		return new ZmqHeaderFrameMapper(properties).toPolicy(environment);
	}

	@Bean
	@ConditionalOnMissingBean
	ZmqMessageCodec zmqMessageCodec(ZmqMessageMapper mapper, ZmqMessageConverter converter,
			ObjectProvider<ZmqHeaderFramePolicy> headerFrames) {
		return new DefaultZmqMessageCodec(mapper, converter, headerFrames.getIfUnique(() -> ZmqHeaderFramePolicy.NONE));
	}

	@Bean
	@ConditionalOnMissingBean(ZmqOperations.class)
	ZmqTemplate zmqTemplate(ZmqSocketRegistry sockets, ZmqMessageCodec codec, ObjectProvider<ZmqMetrics> metrics,
			ZmqProperties properties, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ZmqTemplateObservationConvention> observationConvention,
			ObjectProvider<ZmqTemplateCustomizer> customizers) {
		ZmqTemplate template = new ZmqTemplate(sockets, codec, metrics.getIfAvailable(() -> ZmqMetrics.NONE));
		template.setDefaultRequestTimeout(properties.getTemplate().getRequestTimeout());
		template.setDefaultSendTimeout(properties.getTemplate().getSendTimeout());
		if (properties.getTemplate().isObservationEnabled()) {
			template.setObservationEnabled(true);
			observationRegistry.ifUnique(template::setObservationRegistry);
			observationConvention.ifUnique(template::setObservationConvention);
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(template));
		return template;
	}

	/**
	 * The application's own {@code MessageConverter} beans, in {@code @Order}: every bean definition of that type with
	 * the application role, except {@link ZmqMessageConverter}s and Spring Integration's own converters.
	 */
	static List<MessageConverter> applicationConverters(ListableBeanFactory beanFactory) {
		List<MessageConverter> found = new ArrayList<>();
		for (String name : beanFactory.getBeanNamesForType(MessageConverter.class, false, false)) {
			Class<?> type = beanFactory.getType(name, false);
			// Spring Integration registers its own channel and argument-resolver converters as plain beans (its
			// datatype channel converter throws on toMessage): they are not the application's
			if (type == null || ZmqMessageConverter.class.isAssignableFrom(type)
					|| type.getName().startsWith("org.springframework.integration.")) {
				continue;
			}
			if (beanFactory instanceof ConfigurableListableBeanFactory configurable
					&& (!configurable.containsBeanDefinition(name)
							|| configurable.getBeanDefinition(name).getRole() != BeanDefinition.ROLE_APPLICATION)) {
				continue;
			}
			found.add(beanFactory.getBean(name, MessageConverter.class));
		}
		AnnotationAwareOrderComparator.sort(found);
		return found;
	}

	/**
	 * Matches when {@code zmq.security.authenticator} is enabled or sets any rule, as
	 * {@link ZmqProperties.Authenticator#isActive()} decides.
	 */
	static final class AuthenticatorCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ZmqProperties.Authenticator authenticator = Binder.get(context.getEnvironment())
				.bind("zmq.security.authenticator", ZmqProperties.Authenticator.class)
				.orElseGet(ZmqProperties.Authenticator::new);
			return authenticator.isActive()
					? ConditionOutcome.match("zmq.security.authenticator is enabled or sets rules")
					: ConditionOutcome.noMatch("zmq.security.authenticator is disabled or sets no rule");
		}

	}

	/** Supplies the JSON converter, present only when Jackson 3 is. */
	@FunctionalInterface
	interface JsonMessageConverterProvider {

		MessageConverter converter();

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class JacksonConfiguration {

		@Bean
		JsonMessageConverterProvider zmqJsonMessageConverterProvider(ObjectProvider<JsonMapper> jsonMapper) {
			JsonMapper mapper = jsonMapper.getIfAvailable(() -> JsonMapper.builder().build());
			return () -> new JacksonJsonMessageConverter(mapper);
		}

	}

}
