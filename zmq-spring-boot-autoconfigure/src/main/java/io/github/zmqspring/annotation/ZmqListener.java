package io.github.zmqspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.zmqspring.core.SocketType;

/**
 * Marks a bean method as the listener of a ZeroMQ socket. The socket is described here ({@link #type()} plus
 * {@link #bind()} and/or {@link #connect()}) or is a named socket of the configuration ({@link #socket()},
 * {@code zmq.sockets.<name>}). Every {@code String} attribute accepts {@code ${...}} placeholders and {@code #{...}}
 * SpEL expressions. Repeatable: one method can listen on several sockets.
 * <p>
 * Method arguments resolve like those of Spring's other listeners: the payload (a parameter without annotation, or
 * {@code @Payload}) converted from the received bytes by the message converter ({@code byte[]} as is,
 * {@code String} as UTF-8, any other type from JSON); {@code @Header} values, among them
 * {@link io.github.zmqspring.support.ZmqHeaders#TOPIC} (SUB), {@link io.github.zmqspring.support.ZmqHeaders#ROUTING_ID}
 * (ROUTER and REP requests) and {@link io.github.zmqspring.support.ZmqHeaders#SOCKET}; {@code @Headers Map};
 * {@code Message<?>}; and {@link io.github.zmqspring.core.ZmqMessage} for all frames (on REP/ROUTER: the request
 * body, without the routing envelope).
 * <p>
 * The return value: on REP and ROUTER it is the reply ({@code null}/void: one empty frame); with
 * {@code @SendTo("name")} (SUB, PULL, PAIR, DEALER) it is sent to the named socket; on PAIR and DEALER without
 * {@code @SendTo} it is sent back on the listener's own socket. Errors: see
 * {@link io.github.zmqspring.listener.ZmqListenerErrorHandler} — a REP/ROUTER requester always gets an answer, and a
 * message that cannot be converted is counted, logged with a frame dump, and skipped.
 *
 * <pre class="code">
 * &#64;ZmqListener(id = "weather", type = SocketType.SUB, connect = "${weather.endpoint}", topics = "10001")
 * void onWeather(String update, &#64;Header(ZmqHeaders.TOPIC) String zip) { ... }
 * </pre>
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(ZmqListeners.class)
public @interface ZmqListener {

	/**
	 * The listener id: the key of its container in the
	 * {@link io.github.zmqspring.config.ZmqListenerEndpointRegistry}, and the socket name (in logs, metrics and
	 * health) unless {@link #socket()} names one. Default: a generated {@code zmqListener#<n>}.
	 * @return the id
	 */
	String id() default "";

	/**
	 * The socket type: SUB, PULL, PAIR, REP, ROUTER, DEALER or STREAM. Required unless {@link #socket()} names a configured
	 * socket (an array only so that it can be left out; give one value).
	 * @return the type
	 */
	SocketType[] type() default {};

	/**
	 * Endpoints to bind, for example {@code "tcp://*:5557"} or {@code "tcp://127.0.0.1:*"} (random port). An
	 * element that resolves to a comma-separated list gives several endpoints.
	 * @return the endpoints
	 */
	String[] bind() default {};

	/**
	 * Endpoints to connect to, for example {@code "tcp://localhost:5556"}. An element that resolves to a
	 * comma-separated list gives several endpoints.
	 * @return the endpoints
	 */
	String[] connect() default {};

	/**
	 * A named socket of the configuration ({@code zmq.sockets.<name>}) to listen on; {@link #bind()},
	 * {@link #connect()} and {@link #topics()} given here are added to it.
	 * @return the socket name
	 */
	String socket() default "";

	/**
	 * SUB topics: byte prefixes of the first frame (UTF-8). Both single-frame {@code "10001 23 45"} messages and
	 * {@code [topic][payload]} multipart messages match. None: every message.
	 * @return the topics
	 */
	String[] topics() default {};

	/**
	 * The number of threads running the method; empty for {@code zmq.listener.concurrency} (default 1). With 1 the
	 * messages of the socket are handled one at a time, in order; with more, REP/ROUTER replies still go to their
	 * requesters.
	 * @return the concurrency, a number or a placeholder
	 */
	String concurrency() default "";

	/**
	 * Whether the container starts with the application context ({@code "true"}/{@code "false"}); empty for
	 * {@code zmq.listener.auto-startup} (default true).
	 * @return the flag or a placeholder
	 */
	String autoStartup() default "";

	/**
	 * The bean name of a {@link io.github.zmqspring.listener.ZmqListenerErrorHandler} for this listener; empty for the
	 * container factory's (by default: log with a frame dump and answer REP/ROUTER requests with the error reply).
	 * @return the bean name
	 */
	String errorHandler() default "";

	/**
	 * The bean name of the {@link io.github.zmqspring.config.ZmqListenerContainerFactory} to use; empty for
	 * {@code zmqListenerContainerFactory}.
	 * @return the bean name
	 */
	String containerFactory() default "";

}
