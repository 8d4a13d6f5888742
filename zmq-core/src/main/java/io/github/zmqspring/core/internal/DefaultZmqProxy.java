package io.github.zmqspring.core.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.SocketEvent;
import io.github.zmqspring.core.SocketEventListener;
import io.github.zmqspring.core.SocketState;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqException;
import io.github.zmqspring.core.ZmqProxy;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * The engine's {@link ZmqProxy}: one thread owns the frontend, the backend and the optional capture socket and
 * forwards whole messages between them with non-blocking sends. A direction whose target is at its high water mark
 * stops reading until the target takes messages again (back-pressure, nothing dropped); a ROUTER reply whose client is
 * gone is dropped and counted.
 */
public final class DefaultZmqProxy implements ZmqProxy {

	private static final Logger logger = LoggerFactory.getLogger(DefaultZmqProxy.class);

	private static final int BATCH = 256;

	private final ZmqSocketSpec frontendSpec;

	private final ZmqSocketSpec backendSpec;

	private final @Nullable ZmqSocketSpec captureSpec;

	private final SocketDriver driver;

	private final SocketEventListener events;

	private final Consumer<ZmqProxy> onClosed;

	private final LongAdder toBackend = new LongAdder();

	private final LongAdder toFrontend = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private final AtomicBoolean sleeping = new AtomicBoolean();

	private final CompletableFuture<Void> ready = new CompletableFuture<>();

	private final CompletableFuture<Void> terminated = new CompletableFuture<>();

	private volatile boolean closeRequested;

	private volatile SocketState state = SocketState.STARTING;

	/** The proxy's thread, which parks when idle; the sockets' signals unpark it. */
	private volatile @Nullable Thread thread;

	private volatile List<String> frontendEndpoints = List.of();

	private volatile List<String> backendEndpoints = List.of();

	private DefaultZmqProxy(ZmqSocketSpec frontend, ZmqSocketSpec backend, @Nullable ZmqSocketSpec capture,
			SocketDriver driver, SocketEventListener events, Consumer<ZmqProxy> onClosed) {
		this.frontendSpec = frontend;
		this.backendSpec = backend;
		this.captureSpec = capture;
		this.driver = driver;
		this.events = events;
		this.onClosed = onClosed;
	}

	/**
	 * Validates the pair of socket types and starts the proxy.
	 * @param frontend the frontend spec (ROUTER, XSUB or PULL)
	 * @param backend the backend spec (DEALER, XPUB or PUSH)
	 * @param capture an optional capture spec (a socket type that can send)
	 * @param driver the driver
	 * @param events where socket events go
	 * @param onClosed called after the proxy closed
	 * @return the running proxy
	 */
	public static DefaultZmqProxy start(ZmqSocketSpec frontend, ZmqSocketSpec backend, @Nullable ZmqSocketSpec capture,
			SocketDriver driver, SocketEventListener events, Consumer<ZmqProxy> onClosed) {
		SocketType f = frontend.type();
		SocketType b = backend.type();
		boolean valid = (f == SocketType.ROUTER && b == SocketType.DEALER) || (f == SocketType.XSUB && b == SocketType.XPUB)
				|| (f == SocketType.PULL && b == SocketType.PUSH) || (f == SocketType.XPUB && b == SocketType.XSUB)
				|| (f == SocketType.DEALER && b == SocketType.ROUTER);
		if (!valid) {
			throw new IllegalArgumentException("proxy '" + frontend.name() + "': frontend " + f + " with backend " + b
					+ " is not a proxy pattern (expected ROUTER/DEALER, XSUB/XPUB or PULL/PUSH)");
		}
		if (capture != null && !capture.type().canSend()) {
			throw new IllegalArgumentException("proxy '" + frontend.name() + "': capture socket '" + capture.name()
					+ "' is a " + capture.type() + " socket, which cannot send (use PUB, PUSH or PAIR)");
		}
		DefaultZmqProxy proxy = new DefaultZmqProxy(frontend, backend, capture, driver, events, onClosed);
		Thread thread = new Thread(proxy::run, "zmq-proxy-" + frontend.name());
		thread.setDaemon(true);
		thread.start();
		try {
			proxy.ready.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new ZmqException("proxy '" + frontend.name() + "' could not start", ex.getCause());
		}
		return proxy;
	}

	@Override
	public String name() {
		return this.frontendSpec.name();
	}

	@Override
	public List<String> frontendEndpoints() {
		return this.frontendEndpoints;
	}

	@Override
	public List<String> backendEndpoints() {
		return this.backendEndpoints;
	}

	@Override
	public long forwardedToBackend() {
		return this.toBackend.sum();
	}

	@Override
	public long forwardedToFrontend() {
		return this.toFrontend.sum();
	}

	@Override
	public SocketState state() {
		return this.state;
	}

	@Override
	public void close() {
		if (this.closeRequested) {
			return;
		}
		this.closeRequested = true;
		wake();
		long bound = Math.max(this.frontendSpec.linger().toMillis(), this.backendSpec.linger().toMillis())
				+ AbstractManagedSocket.CLOSE_GRACE.toMillis();
		try {
			this.terminated.get(bound, TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			logger.error("Proxy '{}': its thread did not end within {} ms of the close", name(), bound);
		}
		this.onClosed.accept(this);
	}

	private void wake() {
		if (this.sleeping.get() && this.sleeping.compareAndSet(true, false)) {
			Thread parked = this.thread;
			if (parked != null) {
				LockSupport.unpark(parked);
			}
		}
	}

	private void run() {
		List<DriverSocket> opened = new ArrayList<>();
		DriverSocket frontend;
		DriverSocket backend;
		DriverSocket capture = null;
		this.thread = Thread.currentThread();
		try {
			frontend = open(this.frontendSpec, opened);
			this.frontendEndpoints = attach(frontend, this.frontendSpec);
			backend = open(this.backendSpec, opened);
			this.backendEndpoints = attach(backend, this.backendSpec);
			if (this.captureSpec != null) {
				capture = open(this.captureSpec, opened);
				attach(capture, this.captureSpec);
			}
			this.state = SocketState.RUNNING;
		}
		catch (Throwable ex) {
			this.state = SocketState.FAILED;
			opened.forEach(DriverSocket::close);
			this.ready.completeExceptionally(ex);
			this.terminated.complete(null);
			return;
		}
		this.ready.complete(null);
		try {
			forward(frontend, backend, capture);
			this.state = SocketState.CLOSED;
		}
		catch (Throwable ex) {
			this.state = SocketState.FAILED;
			logger.error("Proxy '{}' failed and stopped forwarding: {}", name(), ex.toString(), ex);
		}
		finally {
			opened.forEach(DriverSocket::close);
			this.terminated.complete(null);
		}
	}

	private DriverSocket open(ZmqSocketSpec spec, List<DriverSocket> opened) {
		DriverSocket socket = this.driver.open(spec, (type, endpoint, value, reason) -> {
			try {
				this.events.onEvent(new SocketEvent(spec.name(), spec.type(), type, endpoint, value, Instant.now(),
						reason));
			}
			catch (RuntimeException ex) {
				logger.warn("A socket event listener failed on {} for proxy socket '{}'", type, spec.name(), ex);
			}
		}, this::wake);
		opened.add(socket);
		return socket;
	}

	private static List<String> attach(DriverSocket socket, ZmqSocketSpec spec) {
		List<String> bound = new ArrayList<>();
		for (String endpoint : spec.binds()) {
			bound.add(socket.bind(endpoint));
		}
		for (String endpoint : spec.connects()) {
			socket.connect(endpoint);
		}
		return List.copyOf(bound);
	}

	private void forward(DriverSocket frontend, DriverSocket backend, @Nullable DriverSocket capture) {
		boolean frontToBack = this.frontendSpec.type().canReceive() && this.backendSpec.type().canSend();
		boolean backToFront = this.backendSpec.type().canReceive() && this.frontendSpec.type().canSend();
		byte[][][] pending = new byte[2][][];
		while (!this.closeRequested) {
			boolean busy = false;
			if (frontToBack) {
				busy |= pump(frontend, backend, capture, pending, 0, this.toBackend);
			}
			if (backToFront) {
				busy |= pump(backend, frontend, capture, pending, 1, this.toFrontend);
			}
			if (!busy) {
				this.sleeping.set(true);
				boolean ready = this.closeRequested
						|| (frontToBack && ((pending[0] == null) ? frontend.readable() : backend.writable()))
						|| (backToFront && ((pending[1] == null) ? backend.readable() : frontend.writable()));
				if (!ready) {
					LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
				}
				this.sleeping.set(false);
			}
		}
	}

	private boolean pump(DriverSocket from, DriverSocket to, @Nullable DriverSocket capture, byte[][][] pending,
			int direction, LongAdder forwarded) {
		int moved = 0;
		if (pending[direction] != null) {
			SendResult result = to.send(pending[direction]);
			if (result == SendResult.WOULD_BLOCK) {
				return false;
			}
			count(result, forwarded);
			pending[direction] = null;
			moved++;
		}
		while (moved < BATCH) {
			byte[][] frames = from.receive();
			if (frames == null) {
				break;
			}
			if (capture != null) {
				capture.send(frames);
			}
			SendResult result = to.send(frames);
			if (result == SendResult.WOULD_BLOCK) {
				pending[direction] = frames;
				return true;
			}
			count(result, forwarded);
			moved++;
		}
		return moved > 0;
	}

	private void count(SendResult result, LongAdder forwarded) {
		if (result == SendResult.UNROUTABLE) {
			this.dropped.increment();
		}
		else {
			forwarded.increment();
		}
	}

}
