package io.github.zmqspring.core.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqClosedException;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.DriverEventSink;
import io.github.zmqspring.core.internal.DriverSocket;
import io.github.zmqspring.core.internal.SendResult;

/**
 * The base of the engine's sockets: thread-safe (one short lock per socket, never held while user code or I/O runs),
 * links attached and detached by I/O threads, fair-queued receive over the links with messages (its
 * {@link FairQueue}), senders that wait for room (its {@link SendRoom}), and the endpoints (listeners, connecters,
 * inproc names). Each socket type adds its routing in a subclass.
 */
abstract class EngineSocket implements DriverSocket {

	final ZmqSocketSpec spec;

	final SocketType type;

	final ZmtpDriver driver;

	final DriverEventSink events;

	private final Runnable signal;

	/** Guards the socket's state; held only for short, non-blocking sections. */
	final ReentrantLock lock = new ReentrantLock();

	/** Where senders wait for room (a leaf lock of its own, never the socket's). */
	private final SendRoom room = new SendRoom();

	/** Links that a send may use; guarded by {@link #lock}. */
	final List<Link> links = new ArrayList<>();

	/** Links with messages to read, in fair-queue order; guarded by {@link #lock} (but for its writers' offers). */
	private final FairQueue readable = new FairQueue();

	/** Listeners, connecters and inproc bindings; guarded by {@link #lock}. */
	final List<Endpoint> endpoints = new ArrayList<>();

	/** Guarded by {@link #lock}. */
	boolean closed;

	/** Whether peers' messages are no longer taken ({@link #stopTakingMessages()}); guarded by {@link #lock}. */
	private boolean sealed;

	/** The security the next handshake uses: the spec's, or the latest update (key rotation). */
	volatile @Nullable ZmqSecurity security;

	EngineSocket(ZmqSocketSpec spec, SocketType type, ZmtpDriver driver, DriverEventSink events, Runnable signal) {
		this.spec = spec;
		this.type = type;
		this.driver = driver;
		this.events = events;
		this.signal = signal;
		this.security = spec.security();
	}

	@Override
	public void updateSecurity(ZmqSecurity security) {
		this.security = security;
	}

	// ---- DriverSocket ----------------------------------------------------------------------------------------------

	@Override
	public String bind(String endpoint) {
		Endpoint bound = this.driver.bind(this, endpoint);
		this.lock.lock();
		try {
			if (this.closed) {
				bound.close(0);
				throw new ZmqClosedException("socket '" + this.spec.name() + "' is closed");
			}
			this.endpoints.add(bound);
		}
		finally {
			this.lock.unlock();
		}
		return bound.resolved();
	}

	@Override
	public void connect(String endpoint) {
		// A REQ socket keeps a pool of REQ connections to each endpoint.
		int copies = (this.type == SocketType.REQ) ? this.spec.reqPoolSize() : 1;
		for (int i = 0; i < copies; i++) {
			Endpoint connecter = this.driver.connect(this, endpoint);
			this.lock.lock();
			try {
				if (this.closed) {
					connecter.close(0);
					throw new ZmqClosedException("socket '" + this.spec.name() + "' is closed");
				}
				this.endpoints.add(connecter);
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	@Override
	public void disconnect(String endpoint) {
		List<Endpoint> matching = new ArrayList<>();
		this.lock.lock();
		try {
			this.endpoints.removeIf((candidate) -> {
				boolean match = candidate.connecting() && candidate.endpoint().equals(endpoint);
				if (match) {
					matching.add(candidate);
				}
				return match;
			});
		}
		finally {
			this.lock.unlock();
		}
		matching.forEach((connecter) -> connecter.close(0));
	}

	@Override
	public byte @Nullable [][] receive() {
		this.lock.lock();
		try {
			return this.closed ? null : xreceive();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public SendResult send(byte[][] frames) {
		this.lock.lock();
		try {
			if (this.closed) {
				throw new ZmqClosedException("socket '" + this.spec.name() + "' is closed");
			}
			return xsend(frames);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean readable() {
		this.lock.lock();
		try {
			return !this.closed && xreadable();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean writable() {
		this.lock.lock();
		try {
			return !this.closed && xwritable();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean awaitWritable(byte[][] frames, long deadlineNanos) {
		return this.room.await(() -> {
			this.lock.lock();
			try {
				return this.closed || xwritable(frames);
			}
			finally {
				this.lock.unlock();
			}
		}, deadlineNanos);
	}

	@Override
	public void subscribe(byte[] prefix) {
		throw new UnsupportedOperationException("socket '" + this.spec.name() + "': a " + this.spec.type()
				+ " socket has no subscriptions");
	}

	@Override
	public void unsubscribe(byte[] prefix) {
		throw new UnsupportedOperationException("socket '" + this.spec.name() + "': a " + this.spec.type()
				+ " socket has no subscriptions");
	}

	@Override
	public void close() {
		List<Endpoint> toClose;
		List<Link> attached;
		this.lock.lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
			toClose = new ArrayList<>(this.endpoints);
			this.endpoints.clear();
			attached = new ArrayList<>(this.links);
		}
		finally {
			this.lock.unlock();
		}
		onRoom();
		long lingerNanos = this.spec.linger().toNanos();
		for (Endpoint endpoint : toClose) {
			endpoint.close(lingerNanos);
		}
		for (Link link : attached) {
			Connection connection = link.connection;
			if (connection != null) {
				connection.closeAfterFlush(lingerNanos);
			}
			EngineSocket peer = link.inprocSocket;
			Link peerLink = link.inprocPeer;
			if (peer != null && peerLink != null) {
				peer.detach(peerLink);
			}
		}
		this.driver.socketClosed(this);
	}

	// ---- called by links' writers, connections and transports ---------------------------------------------------

	/**
	 * Attaches a link (a completed handshake, a persistent connecting link, an inproc peer).
	 * @param link the link
	 * @return {@code false} when the socket is closed or refuses the peer (a second PAIR peer)
	 */
	final boolean attach(Link link) {
		this.lock.lock();
		try {
			if (this.closed || !xattach(link)) {
				return false;
			}
			this.links.add(link);
			if (this.sealed) {
				link.inbound.seal();
			}
			link.inbound.reader(Pipe.Listener.onReadable(() -> onReadable(link)));
			link.outbound.writer(Pipe.Listener.onWritable(this::onRoom));
			if (!link.inbound.isEmpty()) {
				this.readable.offer(link);
			}
		}
		finally {
			this.lock.unlock();
		}
		// A new peer may be room for a waiting sender.
		onRoom();
		return true;
	}

	/**
	 * Detaches a link: nothing more is sent to it; what it already delivered stays readable.
	 * @param link the link
	 */
	final void detach(Link link) {
		this.lock.lock();
		try {
			if (!this.links.remove(link)) {
				return;
			}
			link.detached = true;
			xdetach(link);
		}
		finally {
			this.lock.unlock();
		}
		this.signal.run();
	}

	/**
	 * Reports an event of this socket.
	 * @param type the type
	 * @param address the endpoint or peer address
	 * @param value the value
	 */
	final void event(SocketEventType type, String address, int value) {
		this.events.onEvent(type, address, value);
	}

	/**
	 * Reports an event of this socket with its reason.
	 * @param type the type
	 * @param address the endpoint or peer address
	 * @param value the value
	 * @param reason why a handshake failed or a peer was refused or dropped
	 */
	final void event(SocketEventType type, String address, int value, SocketEventReason reason) {
		this.events.onEvent(type, address, value, reason);
	}

	/**
	 * A subscription or cancellation from a peer (PUB and XPUB override it).
	 * @param link the peer
	 * @param subscribe {@code true} to subscribe
	 * @param topic the prefix
	 * @return {@code false} when the peer exceeded its subscription limits and must be dropped
	 */
	boolean onPeerSubscription(Link link, boolean subscribe, byte[] topic) {
		return true;
	}

	/**
	 * Whether a data message that looks like a ZMTP 3.0 subscription ({@code 01}/{@code 00} + topic) is one: true for
	 * PUB and XPUB.
	 * @return {@code true} to treat such messages as subscriptions
	 */
	boolean takesSubscriptionMessages() {
		return false;
	}

	/** @return whether the socket is closed */
	final boolean isClosed() {
		this.lock.lock();
		try {
			return this.closed;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Tells the owner that the socket's state changed (cheap, may be spurious).
	 */
	final void signalOwner() {
		this.signal.run();
	}

	/**
	 * Whether data messages from peers are delivered (not for PUSH, PUB and XPUB, whose peers send none).
	 * @return the answer
	 */
	boolean acceptsData() {
		return true;
	}

	private void onReadable(Link link) {
		this.readable.offer(link);
		this.signal.run();
	}

	private void onRoom() {
		this.room.signal();
		this.signal.run();
	}

	// ---- helpers for subclasses (called with the lock held) -----------------------------------------------------

	/**
	 * Takes the next message in fair-queue order over the links that have one.
	 * @return the message and the link it came from, or {@code null}
	 */
	final @Nullable Received pollFairly() {
		return this.readable.poll();
	}

	/**
	 * Takes the next message from one link only (REQ's reply).
	 * @param link the link
	 * @return the message, or {@code null}
	 */
	final byte @Nullable [][] pollFrom(Link link) {
		Object item = link.inbound.poll();
		return (item instanceof byte[][] frames) ? frames : null;
	}

	/**
	 * Whether some link has a message.
	 * @return {@code true} when {@link #pollFairly()} would return one
	 */
	final boolean anyReadable() {
		return this.readable.any();
	}

	/**
	 * Takes the next message fair-queued and prefixes it with the routing id of the link it came from (ROUTER,
	 * STREAM).
	 * @return the routed message, or {@code null}
	 */
	final byte @Nullable [][] pollRouted() {
		return this.readable.pollRouted();
	}

	/** A received message and the link it came from. */
	record Received(Link link, byte[][] frames) {
	}

	// ---- the socket type ---------------------------------------------------------------------------------------

	/**
	 * Receives per the type's rules.
	 * @return the message, or {@code null}
	 */
	byte @Nullable [][] xreceive() {
		Received received = pollFairly();
		return (received != null) ? received.frames() : null;
	}

	/**
	 * Whether {@link #xreceive()} would return a message.
	 * @return the answer
	 */
	boolean xreadable() {
		return anyReadable();
	}

	/**
	 * Sends per the type's rules.
	 * @param frames the message
	 * @return the outcome
	 */
	abstract SendResult xsend(byte[][] frames);

	/**
	 * Whether {@link #xsend} would not return {@link SendResult#WOULD_BLOCK}.
	 * @return the answer
	 */
	abstract boolean xwritable();

	/**
	 * Whether {@link #xsend} would not return {@link SendResult#WOULD_BLOCK} for this message (STREAM: for its peer).
	 * @param frames the message
	 * @return the answer
	 */
	boolean xwritable(byte[][] frames) {
		return xwritable();
	}

	/**
	 * Type-specific work when a link attaches.
	 * @param link the link
	 * @return {@code false} to refuse it
	 */
	boolean xattach(Link link) {
		return true;
	}

	/**
	 * Type-specific work when a link detaches.
	 * @param link the link
	 */
	void xdetach(Link link) {
	}

	@Override
	public int connectedPeers() {
		return LinkCounts.peers(this.lock, this.links);
	}

	@Override
	public int queuedMessages() {
		return LinkCounts.queued(this.lock, this.links);
	}

	@Override
	public int queuedInbound() {
		return LinkCounts.queuedInbound(this.lock, this.links);
	}

	@Override
	public void stopTakingMessages() {
		this.lock.lock();
		try {
			this.sealed = true;
			this.links.forEach((link) -> link.inbound.seal());
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public String toString() {
		return "socket '" + this.spec.name() + "' (" + this.spec.type() + ")";
	}

}
