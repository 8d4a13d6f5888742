package io.github.zmqspring.core.internal.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException;
import io.github.zmqspring.core.internal.zmtp.ZmtpSocketTypes;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZapReply;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism;

/**
 * One ZMTP connection over tcp or ipc, on one I/O thread: the greeting, the handshake of the socket's
 * {@link ZmtpMechanism} (NULL, PLAIN or CURVE; a server's ZAP request goes to the driver's {@link ZapHandler}), then
 * frames both ways between the channel and its {@link Link}'s pipes (through CURVE boxes when the mechanism
 * encrypts), with heartbeats when configured. Every input is bounded: the
 * greeting is checked as it arrives, frames and whole messages against the socket's limits, the handshake against its
 * deadline; an offender is closed at once and reported with its address and a {@link SocketEventReason}. Reading
 * stops while the inbound pipe is at its high water mark (TCP back-pressure) and resumes when the socket drains it.
 * <p>
 * This class keeps the channel, the connection's state, the link and the closing; its parts do the rest: the
 * {@link Handshake}, the {@link Inbound} side (decoding, delivery, back-pressure), the {@link Outbound} side
 * (encoding, writing) and the {@link Heartbeats}.
 * <p>
 * Confined to its I/O thread, except {@link #scheduleFlush()} and {@link #closeAfterFlush(long)}.
 */
final class Connection implements IoThread.Handler {

	private static final Logger logger = LoggerFactory.getLogger(Connection.class);

	private enum State {
		GREETING, HANDSHAKE, ACTIVE, CLOSED
	}

	final IoThread io;

	private final SocketChannel channel;

	private final EngineSocket socket;

	private final ZmqSocketSpec spec;

	/** The connecter that made this connection, or {@code null} for an accepted one. */
	private final @Nullable Connecter connecter;

	/** The listener that accepted this connection, or {@code null}. */
	private final @Nullable Listener listener;

	/** The peer's address, for events. */
	final String address;

	private @Nullable SelectionKey key;

	private State state = State.GREETING;

	/** What goes to the peer: encoding, writing, write interest. */
	private final Outbound outbound;

	/** The security handshake and, for CURVE, the boxes of the data phase; {@code null} for STREAM. */
	private final @Nullable ZmtpMechanism mechanism;

	private @Nullable Link link;

	private boolean zmtp31 = true;

	/** A STREAM connection: raw bytes both ways, no ZMTP. */
	private final boolean raw;

	/** What comes from the peer: decoding, delivery, back-pressure. */
	private final Inbound inbound;

	/** The greeting and the security handshake; {@code null} for STREAM. */
	private final @Nullable Handshake handshake;

	private final Heartbeats heartbeats;

	private boolean closing;

	private boolean reconnect = true;

	Connection(IoThread io, SocketChannel channel, EngineSocket socket, @Nullable Connecter connecter,
			@Nullable Listener listener, String address) {
		this.io = io;
		this.channel = channel;
		this.socket = socket;
		this.spec = socket.spec;
		this.connecter = connecter;
		this.listener = listener;
		this.address = address;
		this.raw = socket.type == SocketType.STREAM;
		this.mechanism = this.raw ? null : Mechanisms.create(socket, listener != null, channel);
		this.inbound = new Inbound(this, socket, this.mechanism);
		this.outbound = new Outbound(this, channel, io, connecter, this.raw);
		this.handshake = (this.mechanism != null) ? new Handshake(this, socket, this.mechanism) : null;
		this.heartbeats = new Heartbeats(this, this.spec);
	}

	/**
	 * Starts the connection on its I/O thread: registers the channel (or takes over the connecter's key), sends the
	 * greeting and arms the handshake deadline.
	 * @param existing the connecter's key for this channel, or {@code null} to register anew
	 * @param early what the listener already read from the channel (the start of the peer's greeting), or
	 * {@code null}
	 * @throws IOException when the channel cannot be registered
	 */
	void start(@Nullable SelectionKey existing, @Nullable ByteBuffer early) throws IOException {
		Handshake own = this.handshake;
		if (own != null) {
			own.start();
		}
		this.socket.driver.connectionOpened(this);
		if (existing != null) {
			existing.attach(this);
			existing.interestOps(SelectionKey.OP_READ);
			this.key = existing;
		}
		else {
			this.key = this.channel.register(this.io.selector(), SelectionKey.OP_READ, this);
		}
		if (this.raw) {
			if (this.listener != null) {
				this.listener.handshakeDone(this);
			}
			activate(newLink());
			return;
		}
		Objects.requireNonNull(own).armDeadline();
		this.outbound.greeting(own.ownGreeting());
		this.outbound.flush();
		if (early != null && early.hasRemaining() && this.state != State.CLOSED) {
			this.inbound.received(early);
		}
	}

	// ---- readiness -------------------------------------------------------------------------------------------------

	@Override
	public void ready(SelectionKey key) throws IOException {
		if (key.isReadable()) {
			this.inbound.read(this.channel, this.io.readBuffer);
		}
		if (this.state != State.CLOSED && key.isValid() && key.isWritable()) {
			this.outbound.flush();
		}
	}

	@Override
	public void fail(Throwable failure) {
		if (failure instanceof IOException) {
			close(SocketEventType.DISCONNECTED, 0, "connection lost: " + failure.getMessage());
		}
		else {
			logger.warn("Socket '{}': the connection with {} failed unexpectedly and is closed", this.spec.name(),
					this.address, failure);
			close(SocketEventType.ENGINE_FAULT, 0, failure.toString());
		}
	}

	/** @return the handshake (not for STREAM connections, which have none) */
	Handshake handshake() {
		return Objects.requireNonNull(this.handshake);
	}

	/** The peer's greeting is complete and names our mechanism: the handshake proper starts. */
	void greeted(boolean zmtp31) {
		this.zmtp31 = zmtp31;
		this.state = State.HANDSHAKE;
	}

	/** @return whether the greetings are exchanged and the handshake is not complete */
	boolean inHandshake() {
		return this.state == State.HANDSHAKE;
	}

	/** @return whether the handshake (greeting included) is not complete and the connection is open */
	boolean handshaking() {
		return this.state == State.GREETING || this.state == State.HANDSHAKE;
	}

	/** @return whether the handshake is complete and the connection is open */
	boolean active() {
		return this.state == State.ACTIVE;
	}

	/** @return when octets last came from the peer ({@link System#nanoTime()}) */
	long lastReceived() {
		return this.inbound.lastReceived();
	}

	/** @return whether the peer's greeting is not complete yet */
	boolean greeting() {
		return this.state == State.GREETING;
	}

	/** @return whether the connection closed */
	boolean closed() {
		return this.state == State.CLOSED;
	}

	/** @return whether the socket closes it once what is queued is written */
	boolean closing() {
		return this.closing;
	}

	/** @return the link it serves, or {@code null} before the handshake completed and after the close */
	@Nullable Link link() {
		return this.link;
	}

	/** @return its selection key, or {@code null} before it started */
	@Nullable SelectionKey key() {
		return this.key;
	}

	Heartbeats heartbeats() {
		return this.heartbeats;
	}

	/** Connecting again would be refused again (a mechanism mismatch, a refusal). */
	void noReconnect() {
		this.reconnect = false;
	}

	/** Queues a command of the handshake, in order. */
	void handshakeCommand(byte[] command) {
		this.outbound.handshakeCommand(command);
	}

	/** Queues a command of the data phase (PING, PONG). */
	void command(byte[] command) {
		this.outbound.command(command);
	}

	/** The mechanism completed the handshake: for CURVE every frame is a box from here on. */
	void handshakeComplete(ZmtpMechanism own) {
		if (own.encrypts()) {
			// After the handshake commands just queued (the CURVE server's READY), every frame is a box.
			this.outbound.seal(own);
			this.inbound.open(own);
		}
		onReady(own.peerMetadata());
	}

	/** We refused the peer: its ERROR (400, 500; none for 300) goes out, then the connection closes. */
	void refused(ZapReply refusal) {
		this.reconnect = false;
		flushOrClose();
		int code = Integer.parseInt(refusal.statusCode());
		String ip = Mechanisms.peerIpOf(this.address);
		closeWithEvent(SocketEventType.AUTH_FAILED, refusal.reason(), ip, code, "the authenticator refused the peer ("
				+ code + " " + refusal.statusText() + ")");
	}

	private void onReady(ZmtpMetadata peer) {
		ZmtpSocketTypes.checkReady(this.socket.type.name(), peer);
		handshake().ended();
		if (this.listener != null) {
			this.listener.handshakeDone(this);
		}
		Link served = (this.connecter != null) ? this.connecter.persistentLink() : null;
		if (served == null) {
			served = newLink();
			byte[] identity = peer.get(ZmtpMetadata.IDENTITY);
			served.routingId = (identity != null && identity.length > 0) ? identity : null;
		}
		if (!activate(served)) {
			return;
		}
		this.socket.event(SocketEventType.HANDSHAKE_SUCCEEDED, this.address, 0);
		if (this.connecter != null) {
			this.connecter.handshakeSucceeded();
		}
		this.heartbeats.start();
		if (this.closing) {
			this.inbound.pause();
		}
		flushOrClose();
	}

	private Link newLink() {
		return new Link(new Pipe(this.spec.sendHighWaterMark()), new Pipe(this.spec.receiveHighWaterMark()),
				this.address, false);
	}

	/** Serves a link: wires its pipes to this connection and attaches it. @return false when refused */
	private boolean activate(Link served) {
		served.zmtp31 = this.zmtp31;
		served.connection = this;
		served.outbound.reader(new Pipe.Listener() {

			@Override
			public void readable(Pipe pipe) {
				scheduleFlush();
			}

			@Override
			public void writable(Pipe pipe) {
			}

		});
		served.inbound.writer(new Pipe.Listener() {

			@Override
			public void readable(Pipe pipe) {
			}

			@Override
			public void writable(Pipe pipe) {
				Connection.this.io.execute(Connection.this.inbound::resume);
			}

		});
		this.link = served;
		this.state = State.ACTIVE;
		if (!served.persistent && !this.socket.attach(served)) {
			this.link = null;
			served.connection = null;
			close(SocketEventType.DISCONNECTED, 0, this.socket.isClosed() ? "the socket is closed"
					: "a " + this.socket.type + " socket takes one peer only");
			return false;
		}
		return true;
	}

	// ---- writing ---------------------------------------------------------------------------------------------------

	/**
	 * Asks the I/O thread to write what is queued (thread-safe; coalesces).
	 */
	void scheduleFlush() {
		this.outbound.scheduleFlush();
	}

	/** @return {@code false} when the write failed and the connection closed */
	boolean flushOrClose() {
		return this.outbound.flushOrClose();
	}

	/** @return whether the peer speaks ZMTP 3.1 (3.0: subscriptions as messages) */
	boolean zmtp31() {
		return this.zmtp31;
	}

	// ---- closing ---------------------------------------------------------------------------------------------------

	/**
	 * Closes once what is queued is written, or at the linger deadline (thread-safe).
	 * @param lingerNanos the linger
	 */
	void closeAfterFlush(long lingerNanos) {
		this.io.execute(() -> {
			if (this.state == State.CLOSED) {
				return;
			}
			this.reconnect = false;
			boolean nothingQueued = this.outbound.drained();
			if (lingerNanos <= 0 || nothingQueued) {
				close(SocketEventType.DISCONNECTED, 0, "closed by the socket");
				return;
			}
			// Still in its handshake with messages queued: finish it, deliver within the linger, then close.
			this.closing = true;
			if (this.state == State.ACTIVE) {
				this.inbound.pause();
			}
			this.io.schedule(lingerNanos, () -> {
				if (this.state != State.CLOSED) {
					int lost = (this.link != null) ? this.link.outbound.size() : 0;
					close(SocketEventType.DISCONNECTED, 0, "linger expired with " + lost + " message(s) unsent");
				}
			});
			try {
				this.outbound.flush();
			}
			catch (IOException ex) {
				close(SocketEventType.DISCONNECTED, 0, "connection lost: " + ex.getMessage());
			}
		});
	}

	/**
	 * Drops the connection at once (thread-safe): a peer that reads nothing, a REQ reset.
	 * @param type the event to report
	 * @param detail why, for the log
	 * @param reconnect whether its connecter (if any) connects again
	 */
	void abort(SocketEventType type, String detail, boolean reconnect) {
		this.io.execute(() -> {
			this.reconnect = reconnect;
			close(type, 0, detail);
		});
	}

	void protocolError(ZmtpProtocolException ex) {
		boolean active = this.state == State.ACTIVE;
		if (ex.reason() == ZmtpProtocolException.Reason.AUTHENTICATION_FAILED
				|| ex.reason() == ZmtpProtocolException.Reason.ZAP_REPLY_MISMATCH) {
			// The peer sent ERROR (it refused our credentials), or a ZAP reply did not match: connecting again with
			// the same credentials would only be refused again. Under NULL there are no credentials: an ERROR is a
			// refused handshake, as before the mechanisms.
			this.reconnect = false;
			SocketEventReason reason = FailureReasons.of(ex.reason());
			boolean secured = this.mechanism != null && !this.mechanism.name().equals("NULL");
			if (secured) {
				logger.info("Socket '{}': authentication with {} failed ({}): {}", this.spec.name(), this.address,
						reason.tagValue(), ex.getMessage());
			}
			close(secured ? SocketEventType.AUTH_FAILED : SocketEventType.HANDSHAKE_FAILED, reason, 0,
					"the handshake was refused: " + ex.getMessage());
			return;
		}
		SocketEventReason reason = FailureReasons.of(ex.reason());
		this.socket.driver.reportOffender(this.socket, this.address, reason, ex);
		close(active ? SocketEventType.ENGINE_FAULT : SocketEventType.HANDSHAKE_FAILED, reason, ex.reason().ordinal(),
				ex.getMessage());
	}

	void close(SocketEventType type, int value, String detail) {
		closeWithEvent(type, SocketEventReason.NONE, this.address, value, detail);
	}

	void close(SocketEventType type, SocketEventReason reason, int value, String detail) {
		closeWithEvent(type, reason, this.address, value, detail);
	}

	/**
	 * Closes the channel, detaches the link and reports the event, then DISCONNECTED with the same reason (the peer's
	 * address in full: the event's address is the IP alone when the authenticator refused the peer, as ZAP names it).
	 */
	private void closeWithEvent(SocketEventType type, SocketEventReason reason, String eventAddress, int value,
			String detail) {
		if (this.state == State.CLOSED) {
			return;
		}
		this.state = State.CLOSED;
		if (this.handshake != null) {
			this.handshake.ended();
		}
		this.heartbeats.stop();
		SelectionKey current = this.key;
		if (current != null) {
			current.cancel();
		}
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			logger.debug("Closing the connection with {} failed", this.address, ex);
		}
		Link served = this.link;
		this.link = null;
		if (served != null) {
			served.connection = null;
			if (this.raw) {
				// STREAM: the application learns of the disconnect by an empty frame.
				served.inbound.force(StreamSocket.NOTICE);
			}
			if (!served.persistent || this.socket.isClosed()) {
				this.socket.detach(served);
			}
		}
		if (this.listener != null) {
			this.listener.handshakeDone(this);
		}
		if (reason == SocketEventReason.NONE) {
			logger.debug("Socket '{}': connection with {} closed: {}", this.spec.name(), this.address, detail);
		}
		else {
			logger.debug("Socket '{}': connection with {} closed ({}): {}", this.spec.name(), this.address,
					reason.tagValue(), detail);
		}
		this.socket.event(type, eventAddress, value, reason);
		if (type != SocketEventType.DISCONNECTED) {
			this.socket.event(SocketEventType.DISCONNECTED, this.address, value, reason);
		}
		if (this.connecter != null) {
			this.connecter.connectionClosed(this, this.reconnect && !this.socket.isClosed());
		}
		this.socket.driver.connectionClosed(this);
	}

}
