package io.github.zmqspring.listener;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;

import io.github.zmqspring.core.ZmqMessage;

/**
 * Receives the messages of a {@link ZmqListenerContainer}. Called on the socket's owner thread when the container's
 * concurrency is 1, on one of its worker threads otherwise; implementations used with concurrency above 1 must be
 * thread-safe.
 * <p>
 * The message has the received payload as {@code byte[]} and the headers of
 * {@link io.github.zmqspring.support.ZmqHeaders}. The returned frames are the reply of a REP or ROUTER listener
 * ({@code null}: one empty frame), and are sent back on the listener's own socket for PAIR and DEALER listeners;
 * SUB and PULL listeners return {@code null}.
 */
@FunctionalInterface
public interface ZmqMessageListener {

	/**
	 * Handles one message.
	 * @param message the message
	 * @return the reply frames, or {@code null}
	 * @throws Exception any failure; the container hands it to its {@link ZmqListenerErrorHandler}
	 */
	@Nullable ZmqMessage onMessage(Message<byte[]> message) throws Exception;

	/**
	 * Whether results complete later: the container then calls {@link #onMessageAsync} instead of
	 * {@link #onMessage}, and goes on receiving while a result is pending (a REP/ROUTER reply goes out when it
	 * completes). {@code true} for a listener method returning a {@link CompletionStage} such as
	 * {@link CompletableFuture}. The default is {@code false}.
	 * @return whether {@link #onMessageAsync} is the one to call
	 */
	default boolean isAsync() {
		return false;
	}

	/**
	 * Handles one message whose result may complete later, from any thread. The default completes with
	 * {@link #onMessage}'s result.
	 * @param message the message
	 * @return the stage of the reply frames (a {@code null} value: no result)
	 * @throws Exception any failure; the container hands it, and a stage's failure, to its
	 * {@link ZmqListenerErrorHandler}
	 */
	default CompletionStage<@Nullable ZmqMessage> onMessageAsync(Message<byte[]> message) throws Exception {
		return CompletableFuture.completedFuture(onMessage(message));
	}

	/**
	 * Treats the value an error handler returned as if the listener had returned it: converts it to the reply frames
	 * (or forwards it, for a listener with a forward destination). The default accepts {@code null},
	 * {@link ZmqMessage}, {@code byte[]} and {@code String}.
	 * @param result the error handler's result
	 * @param message the message that failed
	 * @return the reply frames, or {@code null}
	 * @throws Exception when the result cannot be converted or sent
	 */
	default @Nullable ZmqMessage handleResult(@Nullable Object result, Message<byte[]> message) throws Exception {
		if (result == null || result instanceof ZmqMessage) {
			return (ZmqMessage) result;
		}
		if (result instanceof byte[] bytes) {
			return ZmqMessage.of(bytes);
		}
		if (result instanceof String text) {
			return ZmqMessage.of(text.getBytes(StandardCharsets.UTF_8));
		}
		throw new IllegalStateException("cannot send a " + result.getClass().getName()
				+ " returned by an error handler; return a String, byte[] or ZmqMessage");
	}

	/**
	 * Called by the container when it starts, before its socket opens: the place to open the sockets the listener
	 * forwards to, so that their failures surface at start-up. The default does nothing.
	 */
	default void start() {
	}

}
