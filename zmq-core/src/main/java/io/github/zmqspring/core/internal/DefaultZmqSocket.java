package io.github.zmqspring.core.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.MessageHandler;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqException;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;

/**
 * The engine's {@link ZmqSocket}: sends through its loop and, with a handler, delivers received messages to it.
 */
public final class DefaultZmqSocket extends AbstractManagedSocket implements ZmqSocket {

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

	private final long defaultSendTimeoutNanos;

	private boolean receiving;

	private DefaultZmqSocket(SocketLoop loop, SocketCounters counters, Dispatcher dispatcher,
			Consumer<ManagedSocket> onClosed) {
		super(loop, counters, dispatcher, onClosed);
		this.defaultSendTimeoutNanos = loop.spec().sendTimeout().toNanos();
	}

	/**
	 * Opens a socket: creates its loop, binds and connects.
	 * @param loop the loop (not started)
	 * @param counters its counters
	 * @param handler the receive handler, or {@code null} for a send-only socket
	 * @param concurrency the handler's concurrency
	 * @param onClosed called after the socket closed
	 * @return the open socket
	 */
	public static DefaultZmqSocket open(SocketLoop loop, SocketCounters counters, @Nullable MessageHandler handler,
			int concurrency, Consumer<ManagedSocket> onClosed) {
		Dispatcher dispatcher = new Dispatcher(loop.spec().name(), concurrency, loop.handlerThreadFactory());
		DefaultZmqSocket socket = new DefaultZmqSocket(loop, counters, dispatcher, onClosed);
		if (handler != null) {
			socket.receiving = true;
			loop.receiveWith((frames) -> dispatcher.dispatch(() -> socket.deliver(handler, frames)), dispatcher::gate);
		}
		loop.start("zmq-" + loop.spec().name());
		return socket;
	}

	@Override
	boolean drainsOnClose() {
		// A PULL worker handles the tasks already routed to it before it leaves (a batch is not cut short).
		return this.receiving && type() == SocketType.PULL;
	}

	private void deliver(MessageHandler handler, byte[][] frames) {
		try {
			handler.onMessage(ZmqMessage.of(frames));
		}
		catch (Throwable ex) {
			reportHandlerError(frames, ex);
		}
	}

	@Override
	public void send(ZmqMessage message) {
		sendFrames(message, this.defaultSendTimeoutNanos);
	}

	@Override
	public void send(ZmqMessage message, Duration timeout) {
		Objects.requireNonNull(timeout, "'timeout' must not be null");
		sendFrames(message, timeout.toNanos());
	}

	private void sendFrames(ZmqMessage message, long timeoutNanos) {
		Objects.requireNonNull(message, "'message' must not be null");
		if (!type().canSend()) {
			throw new UnsupportedOperationException("socket '" + name() + "' is a " + type() + " socket, which cannot send");
		}
		this.loop.send(message.toFrameArray(), timeoutNanos);
	}

	@Override
	public void subscribe(byte[] prefix) {
		checkSubscriber("subscribe");
		byte[] copy = prefix.clone();
		await(this.loop.execute((socket) -> socket.subscribe(copy)), "subscribe");
	}

	@Override
	public void unsubscribe(byte[] prefix) {
		checkSubscriber("unsubscribe");
		byte[] copy = prefix.clone();
		await(this.loop.execute((socket) -> socket.unsubscribe(copy)), "unsubscribe");
	}

	@Override
	public void connect(String endpoint) {
		Objects.requireNonNull(endpoint, "'endpoint' must not be null");
		await(this.loop.execute((socket) -> socket.connect(endpoint)), "connect to " + endpoint);
		this.loop.recordConnect(endpoint, true);
	}

	@Override
	public void disconnect(String endpoint) {
		Objects.requireNonNull(endpoint, "'endpoint' must not be null");
		await(this.loop.execute((socket) -> socket.disconnect(endpoint)), "disconnect from " + endpoint);
		this.loop.recordConnect(endpoint, false);
	}

	private void checkSubscriber(String operation) {
		if (type() != SocketType.SUB && type() != SocketType.XSUB) {
			throw new UnsupportedOperationException("socket '" + name() + "' is a " + type() + " socket; only SUB and XSUB sockets can " + operation);
		}
	}

	private void await(CompletableFuture<Void> done, String what) {
		try {
			done.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new ZmqException("socket '" + name() + "': " + what + " failed", cause);
		}
		catch (TimeoutException ex) {
			throw new ZmqException("socket '" + name() + "': " + what + " did not complete within "
					+ COMMAND_TIMEOUT.toSeconds() + " s");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ZmqException("socket '" + name() + "': interrupted during " + what, ex);
		}
	}

}
