package io.github.zmqspring.core.internal.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.ZmqException;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.zmtp.ZmtpSocketTypes;

/**
 * The inproc transport of one driver: names bound by sockets, and links made of two crossed pipes that carry message
 * objects between the sockets, with no bytes and no handshake. A connect may come before the bind (libzmq 4.x): its
 * link is made at once (so a PUSH can queue) and joined when the name is bound. Thread-safe.
 */
final class Inproc {

	private static final Logger logger = LoggerFactory.getLogger(Inproc.class);

	private final Map<String, EngineSocket> bound = new HashMap<>();

	private final Map<String, List<Pending>> pending = new HashMap<>();

	/** A connect waiting for its bind, or joined. */
	private final class Pending implements Endpoint {

		final EngineSocket socket;

		final String name;

		final Link link;

		volatile boolean attached;

		volatile @Nullable EngineSocket peer;

		Pending(EngineSocket socket, String name, Link link) {
			this.socket = socket;
			this.name = name;
			this.link = link;
		}

		@Override
		public String endpoint() {
			return endpointOf(this.name);
		}

		@Override
		public String resolved() {
			return endpointOf(this.name);
		}

		@Override
		public boolean connecting() {
			return true;
		}

		@Override
		public void close(long lingerNanos) {
			synchronized (Inproc.this) {
				List<Pending> waiting = Inproc.this.pending.get(this.name);
				if (waiting != null) {
					waiting.remove(this);
				}
			}
			this.socket.detach(this.link);
			EngineSocket other = this.link.inprocSocket;
			Link otherLink = this.link.inprocPeer;
			if (other != null && otherLink != null) {
				other.detach(otherLink);
			}
		}

	}

	/** A bound name. */
	private final class Binding implements Endpoint {

		final EngineSocket socket;

		final String name;

		Binding(EngineSocket socket, String name) {
			this.socket = socket;
			this.name = name;
		}

		@Override
		public String endpoint() {
			return endpointOf(this.name);
		}

		@Override
		public String resolved() {
			return endpointOf(this.name);
		}

		@Override
		public boolean connecting() {
			return false;
		}

		@Override
		public void close(long lingerNanos) {
			synchronized (Inproc.this) {
				Inproc.this.bound.remove(this.name, this.socket);
			}
		}

	}

	private static String endpointOf(String name) {
		return "inproc://" + name;
	}

	/**
	 * Whether an open socket is bound to a name.
	 * @param name the name after {@code inproc://}
	 * @return {@code true} when bound
	 */
	synchronized boolean isBound(String name) {
		EngineSocket socket = this.bound.get(name);
		return socket != null && !socket.isClosed();
	}

	Endpoint bind(EngineSocket socket, String name) {
		List<Pending> waiting;
		synchronized (this) {
			EngineSocket existing = this.bound.get(name);
			if (existing != null && !existing.isClosed()) {
				throw new ZmqException("socket '" + socket.spec.name() + "': cannot bind inproc://" + name
						+ ": address already in use (by socket '" + existing.spec.name() + "')");
			}
			this.bound.put(name, socket);
			waiting = this.pending.remove(name);
		}
		socket.event(SocketEventType.LISTENING, "inproc://" + name, 0);
		if (waiting != null) {
			for (Pending connect : waiting) {
				join(connect, socket);
			}
		}
		return new Binding(socket, name);
	}

	Endpoint connect(EngineSocket socket, String name) {
		ZmqSocketSpec spec = socket.spec;
		EngineSocket binder;
		Pending connect;
		synchronized (this) {
			binder = this.bound.get(name);
			if (binder != null && binder.isClosed()) {
				binder = null;
			}
			// As libzmq: each direction holds the sender's send HWM plus the receiver's receive HWM; before the bind,
			// the connecting socket's own two.
			ZmqSocketSpec peer = (binder != null) ? binder.spec : spec;
			Pipe out = new Pipe(sum(spec.sendHighWaterMark(), peer.receiveHighWaterMark()));
			Pipe in = new Pipe(sum(peer.sendHighWaterMark(), spec.receiveHighWaterMark()));
			Link link = new Link(out, in, "inproc://" + name, false);
			link.inproc = true;
			connect = new Pending(socket, name, link);
			if (binder == null) {
				this.pending.computeIfAbsent(name, (key) -> new ArrayList<>()).add(connect);
			}
		}
		Link link = connect.link;
		if (binder == null && !spec.immediate()) {
			// libzmq: a connect before the bind queues up to the high water mark.
			connect.attached = socket.attach(link);
		}
		if (binder != null) {
			join(connect, binder);
		}
		return connect;
	}

	private void join(Pending connect, EngineSocket binder) {
		EngineSocket connecter = connect.socket;
		Link mine = connect.link;
		if (!ZmtpSocketTypes.compatible(connecter.type.name(), binder.type.name())) {
			logger.warn("Socket '{}' ({}) cannot talk to socket '{}' ({}) bound at inproc://{}: incompatible types",
					connecter.spec.name(), connecter.type, binder.spec.name(), binder.type, connect.name);
			connecter.event(SocketEventType.HANDSHAKE_FAILED, mine.address, 0);
			return;
		}
		Link theirs = new Link(mine.inbound, mine.outbound, mine.address, false);
		theirs.inproc = true;
		theirs.routingId = connecter.spec.routingId();
		if (!connect.attached) {
			mine.routingId = binder.spec.routingId();
		}
		mine.inprocSocket = binder;
		mine.inprocPeer = theirs;
		theirs.inprocSocket = connecter;
		theirs.inprocPeer = mine;
		connect.peer = binder;
		if (!binder.attach(theirs)) {
			connecter.event(SocketEventType.HANDSHAKE_FAILED, mine.address, 0);
			return;
		}
		binder.event(SocketEventType.ACCEPTED, mine.address, 0);
		binder.event(SocketEventType.HANDSHAKE_SUCCEEDED, mine.address, 0);
		if (!connect.attached) {
			connect.attached = connecter.attach(mine);
		}
		connecter.event(SocketEventType.CONNECTED, mine.address, 0);
		connecter.event(SocketEventType.HANDSHAKE_SUCCEEDED, mine.address, 0);
		if (connecter instanceof SubSocket subscriber) {
			subscriber.replayInproc(mine);
		}
		if (binder instanceof SubSocket subscriber) {
			subscriber.replayInproc(theirs);
		}
	}

	/** Forgets every name and pending connect of a closed socket. */
	synchronized void socketClosed(EngineSocket socket) {
		this.bound.values().removeIf((candidate) -> candidate == socket);
		for (List<Pending> waiting : this.pending.values()) {
			waiting.removeIf((connect) -> connect.socket == socket);
		}
		this.pending.values().removeIf(List::isEmpty);
	}

	private static int sum(int a, int b) {
		return (a == 0 || b == 0) ? 0 : a + b;
	}

}
