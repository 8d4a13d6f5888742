package io.github.zmqspring.core.internal.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.zmtp.ZmtpCommand;
import io.github.zmqspring.core.internal.zmtp.ZmtpFrameDecoder;
import io.github.zmqspring.core.internal.zmtp.ZmtpGreeting;
import io.github.zmqspring.core.internal.zmtp.ZmtpMessageAssembler;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException;
import io.github.zmqspring.core.internal.zmtp.ZmtpSocketTypes;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZapReply;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZapRequest;
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
 * Confined to its I/O thread, except {@link #scheduleFlush()} and {@link #closeAfterFlush(long)}.
 */
final class Connection implements IoThread.Handler {

	private static final Logger logger = LoggerFactory.getLogger(Connection.class);

	/** Markers of {@link #askZap}: the handler is being called, or its reply will come later. */
	private static final Object ZAP_ASKING = new Object();

	private static final Object ZAP_LATER = new Object();

	/** The COMMAND bit of a frame's flags octet (RFC 37). */
	private static final int COMMAND_FLAG = 0x04;

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

	private final byte[] greeting = new byte[ZmtpGreeting.SIZE];

	private int greetingLength;

	private final ZmtpFrameDecoder decoder;

	private final ZmtpMessageAssembler assembler;

	private final Outgoing outgoing;

	/** The security handshake and, for CURVE, the boxes of the data phase; {@code null} for STREAM. */
	private final @Nullable ZmtpMechanism mechanism;

	/** The mechanism once its handshake is complete, if it encrypts (CURVE): every frame read goes through it. */
	private @Nullable ZmtpMechanism opener;

	/** A ZAP request is being decided: any peer command meanwhile is a protocol error. */
	private boolean awaitingZap;

	private final AtomicBoolean flushScheduled = new AtomicBoolean();

	private @Nullable Link link;

	private boolean zmtp31 = true;

	/** A STREAM connection: raw bytes both ways, no ZMTP. */
	private final boolean raw;


	/** A message the full inbound pipe refused; delivered first when reading resumes. */
	private byte @Nullable [][] stalled;

	/** Input not yet decoded when reading paused. */
	private @Nullable ByteBuffer stash;

	private boolean readPaused;

	private IoThread.@Nullable Timer handshakeTimer;

	private IoThread.@Nullable Timer heartbeatTimer;

	private long lastReceived = System.nanoTime();

	/** When the handshake last moved a step (accepted, greeting, command): the listener drops the most stalled first. */
	private volatile long handshakeProgress = System.nanoTime();

	/** Our READY went out before the handshake completed (NULL): the peer may have completed its side. */
	private volatile boolean readySent;

	/** {@link #start} ran: before it the handshake cannot have stalled on the peer. */
	private volatile boolean started;

	/** The peer's heartbeat TTL in nanoseconds, 0 for none. */
	private long peerTtlNanos;

	private long lingerDeadline;

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
		this.decoder = new ZmtpFrameDecoder(Mechanisms.maxFrameSize(this.spec, this.mechanism),
				Mechanisms.maxCommandSize(socket, this.mechanism));
		this.assembler = new ZmtpMessageAssembler(this.spec.maxMultipartSize(), this.spec.maxFrames());
		this.outgoing = new Outgoing(this.raw);
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
		// The handshake's clock starts here: a start that waited behind other tasks is no stall of the peer's.
		this.handshakeProgress = System.nanoTime();
		this.started = true;
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
		long handshakeNanos = this.spec.handshakeInterval().toNanos();
		if (handshakeNanos > 0) {
			this.handshakeTimer = this.io.schedule(handshakeNanos, this::handshakeExpired);
		}
		ZmtpMechanism own = Objects.requireNonNull(this.mechanism);
		this.outgoing.greeting(ZmtpGreeting.encode(own.name(), own.asServer()));
		flush();
		if (early != null && early.hasRemaining() && this.state != State.CLOSED) {
			received(early);
		}
	}


	// ---- readiness -------------------------------------------------------------------------------------------------

	@Override
	public void ready(SelectionKey key) throws IOException {
		if (key.isReadable()) {
			read();
		}
		if (this.state != State.CLOSED && key.isValid() && key.isWritable()) {
			flush();
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

	private void read() throws IOException {
		if (this.readPaused) {
			// A readiness selected before reading paused: the stalled message and the stash must not be overwritten.
			return;
		}
		ByteBuffer in = this.io.readBuffer;
		in.clear();
		int count = this.channel.read(in);
		if (count < 0) {
			if (this.state == State.ACTIVE) {
				close(SocketEventType.DISCONNECTED, 0, "the peer closed the connection");
			}
			else {
				close(SocketEventType.HANDSHAKE_FAILED, SocketEventReason.PEER_CLOSED, 0,
						"the peer closed the connection during the handshake");
			}
			return;
		}
		if (count == 0) {
			return;
		}
		in.flip();
		received(in);
	}

	/** Octets read from the channel: raw to the link (STREAM), else decoded; what a pause leaves is kept. */
	private void received(ByteBuffer in) {
		this.lastReceived = System.nanoTime();
		if (this.raw) {
			byte[] chunk = new byte[in.remaining()];
			in.get(chunk);
			deliver(new byte[][] { chunk });
			return;
		}
		process(in);
		if (in.hasRemaining() && this.state != State.CLOSED) {
			// Paused with bytes left: keep them (at most one read buffer) until the socket drains its pipe.
			ByteBuffer kept = ByteBuffer.allocate(in.remaining());
			kept.put(in).flip();
			this.stash = kept;
		}
	}

	private void process(ByteBuffer in) {
		try {
			while (in.hasRemaining() && !this.readPaused && this.state != State.CLOSED) {
				if (this.state == State.GREETING) {
					readGreeting(in);
					continue;
				}
				if (this.state == State.HANDSHAKE && !this.decoder.hasPartialFrame()) {
					checkHandshakeFrame(in.get(in.position()));
				}
				if (!this.decoder.next(in)) {
					return;
				}
				ZmtpMechanism boxes = this.opener;
				if (boxes != null) {
					// CURVE: every wire frame is a MESSAGE box carrying a frame with its own MORE and COMMAND flags.
					ZmtpMechanism.Frame inner = boxes.decode(this.decoder.more(), this.decoder.command(),
							this.decoder.body());
					if (inner.command()) {
						onCommand(ZmtpCommand.parse(inner.body()));
					}
					else {
						byte[][] message = this.assembler.add(inner.body(), inner.more());
						if (message != null) {
							deliver(message);
						}
					}
				}
				else if (this.decoder.command()) {
					if (this.state == State.HANDSHAKE) {
						onHandshakeCommand(this.decoder.body());
					}
					else {
						onCommand(ZmtpCommand.parse(this.decoder.body()));
					}
				}
				else {
					byte[][] message = this.assembler.add(this.decoder.body(), this.decoder.more());
					if (message != null) {
						deliver(message);
					}
				}
			}
		}
		catch (ZmtpProtocolException ex) {
			protocolError(ex);
		}
	}

	/**
	 * Refuses a data frame in the handshake at its flags octet, before its size is read or anything is allocated: only
	 * commands belong there, and a data frame's size may be anything up to max-message-size (4 MiB by default), which
	 * an offender could otherwise make us buffer until the handshake deadline.
	 */
	private void checkHandshakeFrame(byte flags) {
		if ((flags & COMMAND_FLAG) == 0) {
			throw new ZmtpProtocolException(ZmtpProtocolException.Reason.UNEXPECTED_COMMAND, "a data frame (flags 0x"
					+ Integer.toHexString(flags & 0xFF) + ") arrived during the "
					+ Objects.requireNonNull(this.mechanism).name() + " handshake, where only commands may come");
		}
	}

	private void readGreeting(ByteBuffer in) {
		int take = Math.min(in.remaining(), ZmtpGreeting.SIZE - this.greetingLength);
		in.get(this.greeting, this.greetingLength, take);
		this.greetingLength += take;
		ZmtpGreeting.checkPrefix(this.greeting, this.greetingLength);
		if (this.greetingLength < ZmtpGreeting.SIZE) {
			return;
		}
		ZmtpGreeting peer = ZmtpGreeting.parse(this.greeting);
		this.handshakeProgress = System.nanoTime();
		ZmtpMechanism own = Objects.requireNonNull(this.mechanism);
		if (!peer.mechanism().equals(own.name())) {
			this.reconnect = false;
			throw new ZmtpProtocolException(ZmtpProtocolException.Reason.MECHANISM_MISMATCH,
					"the peer uses the " + peer.mechanism() + " mechanism, this socket " + own.name()
							+ (own.name().equals("NULL") ? " (no security)" : ""));
		}
		this.zmtp31 = peer.major() > 3 || peer.minor() >= 1;
		this.state = State.HANDSHAKE;
		for (byte[] command : own.start()) {
			handshakeCommand(command);
		}
		flushOrClose();
	}

	/** @return when the handshake last moved a step ({@link System#nanoTime()}) */
	long handshakeProgress() {
		return this.handshakeProgress;
	}

	/**
	 * Whether this connection may be dropped in its handshake for a newcomer (thread-safe): it started, and our READY
	 * has not gone out (NULL sends it right after the greetings; once it has, the peer may have completed its side and
	 * written messages still unread here, which dropping the connection would lose).
	 * @return whether it may be dropped
	 */
	boolean droppable() {
		return this.started && !this.readySent;
	}

	/** @return whether {@link #start} ran (thread-safe): before it, the handshake waits for us, not for the peer */
	boolean started() {
		return this.started;
	}

	/**
	 * Drops the connection for a newcomer, on its I/O thread, unless its handshake moved on since the caller looked
	 * (a step, our READY, the end): then it is kept and {@code kept} runs, still in its handshake (thread-safe).
	 * @param progressSeen {@link #handshakeProgress()} when the caller decided
	 * @param detail why, for the log
	 * @param kept what to do when the connection is kept
	 */
	void dropStalled(long progressSeen, String detail, Runnable kept) {
		this.io.execute(() -> {
			if (this.state == State.CLOSED || this.state == State.ACTIVE) {
				return;
			}
			if (this.readySent || this.handshakeProgress != progressSeen) {
				kept.run();
				return;
			}
			this.reconnect = false;
			close(SocketEventType.HANDSHAKE_FAILED, SocketEventReason.LIMIT_EXCEEDED, 0, detail);
		});
	}

	private void handshakeCommand(byte[] command) {
		if (!this.readySent && ZmtpCommand.isNamed(command, ZmtpCommand.READY)) {
			this.readySent = true;
		}
		this.outgoing.handshakeCommand(command);
	}

	/** A command of the handshake: to the mechanism, its commands back in order, ZAP when it asks. */
	private void onHandshakeCommand(byte[] body) {
		this.handshakeProgress = System.nanoTime();
		ZmtpMechanism own = Objects.requireNonNull(this.mechanism);
		if (this.awaitingZap) {
			throw new ZmtpProtocolException(ZmtpProtocolException.Reason.UNEXPECTED_COMMAND,
					"the peer sent a command while its credentials were being decided");
		}
		ZmtpMechanism.Step step = own.onCommand(body);
		if (step.state() == ZmtpMechanism.State.NEEDS_ZAP) {
			ZapReply reply = askZap(Objects.requireNonNull(step.zapRequest()));
			if (reply == null) {
				// The application's ZAP handler socket decides on its own thread; the handshake waits for it.
				return;
			}
			step = own.zapReply(reply);
		}
		afterStep(own, step);
	}

	/** A ZAP reply that came later, on this I/O thread. */
	private void onLateZapReply(ZapReply reply) {
		if (this.state != State.HANDSHAKE || !this.awaitingZap) {
			return;
		}
		this.awaitingZap = false;
		ZmtpMechanism own = Objects.requireNonNull(this.mechanism);
		try {
			afterStep(own, own.zapReply(reply));
		}
		catch (ZmtpProtocolException ex) {
			protocolError(ex);
		}
	}

	private void afterStep(ZmtpMechanism own, ZmtpMechanism.Step step) {
		for (byte[] command : step.commands()) {
			handshakeCommand(command);
		}
		switch (step.state()) {
			case COMPLETE -> {
				if (own.encrypts()) {
					// After the handshake commands just queued (the CURVE server's READY), every frame is a box.
					this.outgoing.seal(own);
					this.opener = own;
				}
				onReady(own.peerMetadata());
			}
			case REFUSED -> refused(Objects.requireNonNull(step.refusal()));
			default -> flushOrClose();
		}
	}

	/**
	 * Asks the driver's ZAP handler, on this I/O thread: the engine's authenticator decides from memory (keys and
	 * users are read when it is built) in microseconds, so a thread hop would cost more than it saves. Without one,
	 * an application's handler socket on {@code inproc://zeromq.zap.01} decides, later.
	 * @return the reply, or {@code null} when it comes later ({@link #onLateZapReply})
	 */
	private @Nullable ZapReply askZap(ZapRequest request) {
		ZapHandler handler = this.socket.driver.zapHandler();
		this.awaitingZap = true;
		boolean answered = true;
		try {
			if (handler == null) {
				ZapSocketClient client = this.socket.driver.zapSocketClient();
				if (client != null) {
					answered = false;
					AtomicReference<@Nullable Object> slot = new AtomicReference<>(ZAP_ASKING);
					client.ask(request, (reply) -> {
						if (!slot.compareAndSet(ZAP_ASKING, reply)) {
							this.io.execute(() -> onLateZapReply(reply));
						}
					});
					Object now = slot.getAndSet(ZAP_LATER);
					if (now instanceof ZapReply reply) {
						answered = true;
						return reply;
					}
					return null;
				}
				// No ZAP handler, as libzmq: every peer is admitted (the engine warned at open).
				return ZapReply.accept(request, "");
			}
			ZapReply reply;
			try {
				reply = handler.decide(request);
			}
			catch (RuntimeException ex) {
				logger.error("Socket '{}': the ZAP handler failed ({}); the peer {} is refused", this.spec.name(),
						ex.toString(), this.address);
				reply = ZapReply.refuse(request, "500", "Internal error");
			}
			return reply;
		}
		finally {
			if (answered) {
				this.awaitingZap = false;
			}
		}
	}

	/** We refused the peer: its ERROR (400, 500; none for 300) goes out, then the connection closes. */
	private void refused(ZapReply refusal) {
		this.reconnect = false;
		flushOrClose();
		int code = Integer.parseInt(refusal.statusCode());
		String ip = Mechanisms.peerIpOf(this.address);
		closeWithEvent(SocketEventType.AUTH_FAILED, refusal.reason(), ip, code, "the authenticator refused the peer ("
				+ code + " " + refusal.statusText() + ")");
	}

	private void onCommand(ZmtpCommand command) {
		if (command.is(ZmtpCommand.PING)) {
			int ttl = ZmtpCommand.pingTtl(command);
			this.peerTtlNanos = TimeUnit.MILLISECONDS.toNanos(ttl * 100L);
			this.outgoing.command(ZmtpCommand.pong(ZmtpCommand.pingContext(command)));
			flushOrClose();
		}
		else if (command.is(ZmtpCommand.SUBSCRIBE) || command.is(ZmtpCommand.CANCEL)) {
			if (this.socket.takesSubscriptionMessages()) {
				subscription(command.is(ZmtpCommand.SUBSCRIBE), command.data());
			}
		}
		else if (command.is(ZmtpCommand.ERROR)) {
			close(SocketEventType.DISCONNECTED, 0, "the peer sent ERROR: " + ZmtpCommand.errorReason(command));
		}
		// PONG and unknown commands after the handshake: nothing to do (RFC 37 says ignore).
	}

	private void onReady(ZmtpMetadata peer) {
		ZmtpSocketTypes.checkReady(this.socket.type.name(), peer);
		if (this.handshakeTimer != null) {
			this.handshakeTimer.cancel();
			this.handshakeTimer = null;
		}
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
		startHeartbeats();
		if (this.closing) {
			pauseReading();
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
				Connection.this.io.execute(Connection.this::resumeReading);
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

	private void deliver(byte[][] message) {
		if (this.socket.takesSubscriptionMessages()) {
			byte[] first = message[0];
			if (message.length == 1 && first.length > 0 && (first[0] == 1 || first[0] == 0)) {
				subscription(first[0] == 1, java.util.Arrays.copyOfRange(first, 1, first.length));
			}
			return;
		}
		if (!this.socket.acceptsData()) {
			return;
		}
		Link target = this.link;
		if (target != null && !target.inbound.offer(message)) {
			this.stalled = message;
			pauseReading();
		}
	}

	private void subscription(boolean subscribe, byte[] topic) {
		Link target = this.link;
		if (target != null && !this.socket.onPeerSubscription(target, subscribe, topic)) {
			throw new ZmtpProtocolException(ZmtpProtocolException.Reason.SUBSCRIPTION_LIMIT, "the peer exceeded its "
					+ "subscription limits (" + this.spec.maxSubscriptions() + " subscriptions, "
					+ this.spec.maxSubscriptionBytes() + " bytes: max-subscriptions, max-subscription-bytes)");
		}
	}

	private void pauseReading() {
		this.readPaused = true;
		SelectionKey current = this.key;
		if (current != null && current.isValid()) {
			current.interestOps(current.interestOps() & ~SelectionKey.OP_READ);
		}
	}

	private void resumeReading() {
		if (this.state == State.CLOSED || !this.readPaused || this.closing) {
			return;
		}
		Link target = this.link;
		if (this.stalled != null) {
			if (target == null || !target.inbound.offer(this.stalled)) {
				return;
			}
			this.stalled = null;
		}
		this.readPaused = false;
		ByteBuffer kept = this.stash;
		if (kept != null && !this.raw) {
			process(kept);
			if (!kept.hasRemaining()) {
				this.stash = null;
			}
		}
		SelectionKey current = this.key;
		if (!this.readPaused && this.state != State.CLOSED && current != null && current.isValid()) {
			current.interestOps(current.interestOps() | SelectionKey.OP_READ);
		}
	}

	// ---- writing ---------------------------------------------------------------------------------------------------

	/**
	 * Asks the I/O thread to write what is queued (thread-safe; coalesces).
	 */
	void scheduleFlush() {
		if (this.flushScheduled.compareAndSet(false, true)) {
			this.io.execute(this::flushTask);
		}
	}

	private void flushTask() {
		this.flushScheduled.set(false);
		if (this.state != State.CLOSED) {
			try {
				flush();
			}
			catch (IOException ex) {
				close(SocketEventType.DISCONNECTED, 0, "connection lost: " + ex.getMessage());
			}
		}
	}

	private void flushOrClose() {
		try {
			flush();
		}
		catch (IOException ex) {
			close(SocketEventType.DISCONNECTED, 0, "connection lost: " + ex.getMessage());
		}
	}

	private void flush() throws IOException {
		if (this.state == State.CLOSED) {
			return;
		}
		boolean active = this.state == State.ACTIVE;
		ByteBuffer shared = this.io.writeBuffer;
		ByteBuffer buffer = this.outgoing.buffer(shared);
		while (true) {
			boolean more = this.outgoing.fill(buffer, active ? this.link : null, this.zmtp31);
			buffer.flip();
			if (buffer.hasRemaining()) {
				this.channel.write(buffer);
			}
			if (buffer.hasRemaining()) {
				// The peer's window is full: what is left waits in a buffer of this connection's own.
				this.outgoing.keep(buffer);
				interest(SelectionKey.OP_WRITE, true);
				return;
			}
			buffer = this.outgoing.written(buffer, shared);
			if (!more) {
				break;
			}
		}
		interest(SelectionKey.OP_WRITE, false);
		if (this.closing && drained()) {
			close(SocketEventType.DISCONNECTED, 0, "closed by the socket");
		}
	}

	/** @return whether nothing is left to write: buffers, commands and the link's queue (the connecter's before the handshake) */
	private boolean drained() {
		Link source = (this.link != null) ? this.link : (this.connecter != null) ? this.connecter.persistentLink() : null;
		return this.outgoing.drained(source);
	}

	private void interest(int op, boolean on) {
		SelectionKey current = this.key;
		if (current != null && current.isValid()) {
			int ops = current.interestOps();
			int wanted = on ? (ops | op) : (ops & ~op);
			if (wanted != ops) {
				current.interestOps(wanted);
			}
		}
	}

	// ---- timers ----------------------------------------------------------------------------------------------------

	private void handshakeExpired() {
		this.handshakeTimer = null;
		if (this.state == State.GREETING || this.state == State.HANDSHAKE) {
			String progress = (this.state == State.GREETING)
					? this.greetingLength + " of the peer's 64 greeting octets arrived" : "greetings exchanged";
			close(SocketEventType.HANDSHAKE_FAILED, SocketEventReason.HANDSHAKE_TIMEOUT, 0, "no ZMTP handshake within "
					+ this.spec.handshakeInterval().toMillis() + " ms (handshake-interval; " + progress + ")");
		}
	}

	private void startHeartbeats() {
		long interval = this.spec.heartbeatInterval().toNanos();
		if (interval <= 0 && this.peerTtlNanos == 0) {
			return;
		}
		long period = (interval > 0) ? interval : TimeUnit.SECONDS.toNanos(1);
		this.heartbeatTimer = this.io.schedule(period, this::heartbeat);
	}

	private void heartbeat() {
		if (this.state != State.ACTIVE) {
			return;
		}
		long now = System.nanoTime();
		long interval = this.spec.heartbeatInterval().toNanos();
		long timeout = (this.spec.heartbeatTimeout() != null) ? this.spec.heartbeatTimeout().toNanos() : interval;
		long silence = now - this.lastReceived;
		if ((interval > 0 && silence > interval + timeout) || (this.peerTtlNanos > 0 && silence > this.peerTtlNanos)) {
			close(SocketEventType.DISCONNECTED, 0, "no heartbeat from the peer for "
					+ TimeUnit.NANOSECONDS.toMillis(silence) + " ms");
			return;
		}
		if (interval > 0) {
			int ttl = (this.spec.heartbeatTtl() != null) ? (int) Math.min(65535, this.spec.heartbeatTtl().toMillis() / 100) : 0;
			this.outgoing.command(ZmtpCommand.ping(ttl, new byte[0]));
			try {
				flush();
			}
			catch (IOException ex) {
				close(SocketEventType.DISCONNECTED, 0, "connection lost: " + ex.getMessage());
				return;
			}
		}
		long period = (interval > 0) ? interval : TimeUnit.SECONDS.toNanos(1);
		this.heartbeatTimer = this.io.schedule(period, this::heartbeat);
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
			boolean nothingQueued = drained();
			if (lingerNanos <= 0 || nothingQueued) {
				close(SocketEventType.DISCONNECTED, 0, "closed by the socket");
				return;
			}
			// Still in its handshake with messages queued: finish it, deliver within the linger, then close.
			this.closing = true;
			if (this.state == State.ACTIVE) {
				pauseReading();
			}
			this.lingerDeadline = System.nanoTime() + lingerNanos;
			this.io.schedule(lingerNanos, () -> {
				if (this.state != State.CLOSED) {
					int lost = (this.link != null) ? this.link.outbound.size() : 0;
					close(SocketEventType.DISCONNECTED, 0, "linger expired with " + lost + " message(s) unsent");
				}
			});
			try {
				flush();
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
		abort(type, SocketEventReason.NONE, detail, reconnect);
	}

	/**
	 * Drops the connection at once (thread-safe), for a reason: an evicted handshake.
	 * @param type the event to report
	 * @param reason why, for the event
	 * @param detail why, for the log
	 * @param reconnect whether its connecter (if any) connects again
	 */
	void abort(SocketEventType type, SocketEventReason reason, String detail, boolean reconnect) {
		this.io.execute(() -> {
			this.reconnect = reconnect;
			close(type, reason, 0, detail);
		});
	}

	private void protocolError(ZmtpProtocolException ex) {
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

	private void close(SocketEventType type, int value, String detail) {
		closeWithEvent(type, SocketEventReason.NONE, this.address, value, detail);
	}

	private void close(SocketEventType type, SocketEventReason reason, int value, String detail) {
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
		if (this.handshakeTimer != null) {
			this.handshakeTimer.cancel();
		}
		if (this.heartbeatTimer != null) {
			this.heartbeatTimer.cancel();
		}
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
