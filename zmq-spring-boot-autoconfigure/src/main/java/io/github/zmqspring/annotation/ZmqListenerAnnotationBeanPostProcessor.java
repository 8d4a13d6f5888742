package io.github.zmqspring.annotation;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.util.StringUtils;
import org.springframework.validation.Validator;

import io.github.zmqspring.config.MethodZmqListenerEndpoint;
import io.github.zmqspring.config.ZmqListenerConfigUtils;
import io.github.zmqspring.config.ZmqListenerEndpointRegistrar;
import io.github.zmqspring.config.ZmqListenerEndpointRegistry;
import io.github.zmqspring.listener.ZmqListenerErrorHandler;

/**
 * Finds {@link ZmqListener @ZmqListener} methods on beans, resolves the annotation's placeholders and expressions,
 * and registers one {@link MethodZmqListenerEndpoint} per annotation with the {@link ZmqListenerEndpointRegistrar}.
 * Once every singleton exists the registrar builds the containers in the {@link ZmqListenerEndpointRegistry}, which
 * starts them with the context. Registered by {@link EnableZmq @EnableZmq}.
 */
public class ZmqListenerAnnotationBeanPostProcessor
		implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton, Ordered {

	private final ZmqListenerEndpointRegistrar registrar = new ZmqListenerEndpointRegistrar();

	private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet();

	private final AtomicInteger counter = new AtomicInteger();

	private @Nullable BeanFactory beanFactory;

	private @Nullable BeanExpressionResolver expressionResolver;

	private @Nullable BeanExpressionContext expressionContext;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
		this.registrar.setBeanFactory(beanFactory);
		if (beanFactory instanceof ConfigurableListableBeanFactory configurable) {
			this.expressionResolver = configurable.getBeanExpressionResolver();
			this.expressionContext = new BeanExpressionContext(configurable, null);
		}
	}

	@Override
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

	/**
	 * The registrar the endpoints are collected in.
	 * @return the registrar
	 */
	public ZmqListenerEndpointRegistrar getEndpointRegistrar() {
		return this.registrar;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (this.nonAnnotatedClasses.contains(targetClass)) {
			return bean;
		}
		Map<Method, Set<ZmqListener>> annotated = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<Set<ZmqListener>>) (method) -> {
					Set<ZmqListener> listeners = AnnotatedElementUtils.findMergedRepeatableAnnotations(method,
							ZmqListener.class, ZmqListeners.class);
					return listeners.isEmpty() ? null : listeners;
				});
		if (annotated.isEmpty()) {
			this.nonAnnotatedClasses.add(targetClass);
			return bean;
		}
		annotated.forEach((method, listeners) -> listeners
			.forEach((listener) -> processListener(listener, method, bean, beanName)));
		return bean;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.registrar.getEndpointRegistry() == null) {
			if (this.beanFactory == null) {
				throw new IllegalStateException("no BeanFactory to look up the ZmqListenerEndpointRegistry");
			}
			this.registrar.setEndpointRegistry(this.beanFactory.getBean(
					ZmqListenerConfigUtils.ZMQ_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME, ZmqListenerEndpointRegistry.class));
		}
		if (this.beanFactory != null) {
			// Boot's validator unless a configurer sets another (or null): @Valid payloads are validated
			this.registrar.setValidator(bootValidator(this.beanFactory));
			this.beanFactory.getBeanProvider(ZmqListenerConfigurer.class)
				.orderedStream()
				.forEach((configurer) -> configurer.configureZmqListeners(this.registrar));
		}
		this.registrar.afterPropertiesSet();
	}

	/** The application's Bean Validation validator: Boot's {@code defaultValidator}, else the only one, else none. */
	private static @Nullable Validator bootValidator(BeanFactory beanFactory) {
		if (beanFactory.containsBean("defaultValidator") && beanFactory.isTypeMatch("defaultValidator", Validator.class)) {
			return beanFactory.getBean("defaultValidator", Validator.class);
		}
		return beanFactory.getBeanProvider(Validator.class).getIfUnique();
	}

	private void processListener(ZmqListener listener, Method method, Object bean, String beanName) {
		Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		String where = beanName + "." + method.getName();
		String id = resolveString(listener.id(), "id", where);
		if (!StringUtils.hasText(id)) {
			id = "zmqListener#" + this.counter.getAndIncrement();
		}
		String context = "@ZmqListener '" + id + "' on " + where;
		MethodZmqListenerEndpoint endpoint = new MethodZmqListenerEndpoint(id, bean, invocable);
		endpoint.setBeanFactory(this.beanFactory);
		if (listener.type().length > 1) {
			throw new BeanInitializationException(context + ": give one type, not " + List.of(listener.type()));
		}
		endpoint.setSocketType((listener.type().length == 1) ? listener.type()[0] : null);
		String socket = resolveString(listener.socket(), "socket", context);
		endpoint.setSocket(StringUtils.hasText(socket) ? socket : null);
		endpoint.setBind(resolveList(listener.bind(), true, "bind", context));
		endpoint.setConnect(resolveList(listener.connect(), true, "connect", context));
		endpoint.setTopics(resolveList(listener.topics(), false, "topics", context));
		endpoint.setConcurrency(resolveConcurrency(listener.concurrency(), context));
		endpoint.setAutoStartup(resolveAutoStartup(listener.autoStartup(), context));
		String errorHandler = resolveString(listener.errorHandler(), "errorHandler", context);
		if (StringUtils.hasText(errorHandler)) {
			endpoint.setErrorHandler(errorHandlerBean(errorHandler, context));
		}
		endpoint.setSendTo(resolveSendTo(method, context));
		String containerFactory = resolveString(listener.containerFactory(), "containerFactory", context);
		this.registrar.registerEndpoint(endpoint, StringUtils.hasText(containerFactory) ? containerFactory : null);
	}

	private @Nullable String resolveSendTo(Method method, String context) {
		SendTo sendTo = AnnotatedElementUtils.findMergedAnnotation(method, SendTo.class);
		if (sendTo == null) {
			return null;
		}
		List<String> names = resolveList(sendTo.value(), false, "@SendTo", context);
		if (names.size() != 1 || !StringUtils.hasText(names.get(0))) {
			throw new BeanInitializationException(context + ": @SendTo needs exactly one socket name (a "
					+ "zmq.sockets.<name> entry), not " + names);
		}
		return names.get(0);
	}

	private ZmqListenerErrorHandler errorHandlerBean(String name, String context) {
		if (this.beanFactory == null) {
			throw new BeanInitializationException(context + ": no BeanFactory to look up error handler '" + name + "'");
		}
		try {
			return this.beanFactory.getBean(name, ZmqListenerErrorHandler.class);
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw new BeanInitializationException(context + ": errorHandler '" + name + "' is not a bean of type "
					+ ZmqListenerErrorHandler.class.getSimpleName(), ex);
		}
	}

	private @Nullable Integer resolveConcurrency(String value, String context) {
		Object resolved = resolve(value);
		if (resolved instanceof Number number) {
			return number.intValue();
		}
		String text = (resolved != null) ? resolved.toString().trim() : "";
		if (text.isEmpty()) {
			return null;
		}
		try {
			int concurrency = Integer.parseInt(text);
			if (concurrency < 1) {
				throw new NumberFormatException();
			}
			return concurrency;
		}
		catch (NumberFormatException ex) {
			throw new BeanInitializationException(context + ": concurrency '" + text + "' (from '" + value
					+ "') is not a number of at least 1");
		}
	}

	private @Nullable Boolean resolveAutoStartup(String value, String context) {
		Object resolved = resolve(value);
		if (resolved instanceof Boolean flag) {
			return flag;
		}
		String text = (resolved != null) ? resolved.toString().trim() : "";
		if (text.isEmpty()) {
			return null;
		}
		if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
			return Boolean.valueOf(text);
		}
		throw new BeanInitializationException(context + ": autoStartup '" + text + "' (from '" + value
				+ "') is neither true nor false");
	}

	private String resolveString(String value, String attribute, String context) {
		Object resolved = resolve(value);
		if (resolved == null) {
			return "";
		}
		if (resolved instanceof String text) {
			return text;
		}
		throw new BeanInitializationException(context + ": " + attribute + " '" + value + "' resolved to a "
				+ resolved.getClass().getName() + ", expected a String");
	}

	private List<String> resolveList(String[] values, boolean splitCommas, String attribute, String context) {
		List<String> result = new ArrayList<>();
		for (String value : values) {
			Object resolved = resolve(value);
			if (resolved instanceof String[] array) {
				addAll(result, List.of(array), splitCommas);
			}
			else if (resolved instanceof Collection<?> collection) {
				List<String> items = new ArrayList<>();
				collection.forEach((item) -> items.add(String.valueOf(item)));
				addAll(result, items, splitCommas);
			}
			else if (resolved != null) {
				addAll(result, List.of(resolved.toString()), splitCommas);
			}
			else {
				throw new BeanInitializationException(context + ": " + attribute + " '" + value
						+ "' resolved to null");
			}
		}
		return result;
	}

	private static void addAll(List<String> result, List<String> items, boolean splitCommas) {
		for (String item : items) {
			if (splitCommas) {
				for (String part : StringUtils.commaDelimitedListToStringArray(item)) {
					if (StringUtils.hasText(part)) {
						result.add(part.trim());
					}
				}
			}
			else {
				result.add(item);
			}
		}
	}

	private @Nullable Object resolve(String value) {
		String resolved = value;
		if (this.beanFactory instanceof ConfigurableBeanFactory configurable) {
			resolved = configurable.resolveEmbeddedValue(value);
		}
		if (resolved == null || this.expressionResolver == null || this.expressionContext == null) {
			return resolved;
		}
		return this.expressionResolver.evaluate(resolved, this.expressionContext);
	}

}
