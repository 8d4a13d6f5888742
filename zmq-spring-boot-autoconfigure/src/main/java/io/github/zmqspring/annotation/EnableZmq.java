package io.github.zmqspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Enables {@link ZmqListener @ZmqListener} methods: registers the {@link ZmqListenerAnnotationBeanPostProcessor} and
 * the {@link io.github.zmqspring.config.ZmqListenerEndpointRegistry} (under the names in
 * {@link io.github.zmqspring.config.ZmqListenerConfigUtils}), unless they exist. Spring Boot applications do not need
 * it: the ZeroMQ auto-configuration applies it. Without Boot, also define a
 * {@link io.github.zmqspring.config.ZmqListenerContainerFactory} bean named {@code zmqListenerContainerFactory}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(ZmqBootstrapConfiguration.class)
public @interface EnableZmq {

}
