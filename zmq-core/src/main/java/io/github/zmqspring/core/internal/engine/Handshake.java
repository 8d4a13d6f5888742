package io.github.zmqspring.core.internal.engine;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.zmtp.ZmtpCommand;
import io.github.zmqspring.core.internal.zmtp.ZmtpGreeting;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZapReply;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZapRequest;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism;

/**
 * The handshake of one {@link Connection}: the peer's greeting, checked as it arrives; the commands of the socket's
 * {@link ZmtpMechanism} both ways (a server's ZAP request to the driver's {@link ZapHandler}, or later to an
 * application's handler socket); the handshake deadline; and what the listener's {@link HandshakeSlots} read of it
 * from other threads: when it last moved a step, and whether our READY went out.
 * <p>
 * Confined to the connection's I/O thread, except the methods that say they are thread-safe.
 */
final class Handshake {

	/** The connection's: what a handshake logs is the connection's doing. */
	private static final Logger logger = LoggerFactory.getLogger(Connection.class);

	/** Markers of {@link #askZap}: the handler is being called, or its reply will come later. */
	private static final Object ZAP_ASKING = new Object();

	private static final Object ZAP_LATER = new Object();

	/** The COMMAND bit of a frame's flags octet (RFC 37). */
	private static final int COMMAND_FLAG = 0x04;

	private final Connection connection;

	private final EngineSocket socket;

	private final ZmqSocketSpec spec;

	private final ZmtpMechanism mechanism;

	private final byte[] greeting = new byte[ZmtpGreeting.SIZE];

	private int greetingLength;

	/** A ZAP request is being decided: any peer command meanwhile is a protocol error. */
	private boolean awaitingZap;

	private IoThread.@Nullable Timer deadline;

	/** When the handshake last moved a step (start, greeting, command): the listener drops the most stalled first. */
	private volatile long progress = System.nanoTime();

	/** Our READY went out before the handshake completed (NULL): the peer may have completed its side. */
	private volatile boolean readySent;

	/** {@link #start} ran: before it the handshake cannot have stalled on the peer. */
	private volatile boolean started;

	Handshake(Connection connection, EngineSocket socket, ZmtpMechanism mechanism) {
		this.connection = connection;
		this.socket = socket;
		this.spec = socket.spec;
		this.mechanism = mechanism;
	}

	/** Starts the handshake's clock: a start that waited behind other tasks is no stall of the peer's. */
	void start() {
		this.progress = System.nanoTime();
		this.started = true;
	}

	/** Arms the handshake deadline ({@code handshake-interval}, none when zero). */
	void armDeadline() {
		long handshakeNanos = this.spec.handshakeInterval().toNanos();
		if (handshakeNanos > 0) {
			this.deadline = this.connection.io.schedule(handshakeNanos, this::expired);
		}
	}

	/** The handshake ended (completed, or the connection closed): the deadline goes. */
	void ended() {
		if (this.deadline != null) {
			this.deadline.cancel();
			this.deadline = null;
		}
	}

	/** @return our greeting */
	byte[] ownGreeting() {
		return ZmtpGreeting.encode(this.mechanism.name(), this.mechanism.asServer());
	}

	/** @return when the handshake last moved a step ({@link System#nanoTime()}; thread-safe) */
	long progress() {
		return this.progress;
	}

	/** @return whether {@link #start} ran (thread-safe) */
	boolean started() {
		return this.started;
	}

	/**
	 * Whether the connection may be dropped in its handshake for a newcomer (thread-safe): it started, and our READY
	 * has not gone out (NULL sends it right after the greetings; once it has, the peer may have completed its side and
	 * written messages still unread here, which dropping the connection would lose).
	 * @return whether it may be dropped
	 */
	boolean droppable() {
		return this.started && !this.readySent;
	}

	/**
	 * Drops the connection for a newcomer, on its I/O thread, unless its handshake moved on since the caller looked
	 * (a step, our READY, the end): then it is kept and {@code kept} runs, still in its handshake (thread-safe).
	 * @param progressSeen {@link #progress()} when the caller decided
	 * @param detail why, for the log
	 * @param kept what to do when the connection is kept
	 */
	void dropStalled(long progressSeen, String detail, Runnable kept) {
		this.connection.io.execute(() -> {
			if (!this.connection.handshaking()) {
				return;
			}
			if (this.readySent || this.progress != progressSeen) {
				kept.run();
				return;
			}
			this.connection.noReconnect();
			this.connection.close(SocketEventType.HANDSHAKE_FAILED, SocketEventReason.LIMIT_EXCEEDED, 0, detail);
		});
	}

	/**
	 * Reads greeting octets; once all 64 are here, checks the peer's mechanism and sends the mechanism's first
	 * commands.
	 * @param in the octets read
	 * @throws ZmtpProtocolException when the greeting is not ZMTP 3 or names another mechanism
	 */
	void readGreeting(ByteBuffer in) {
		int take = Math.min(in.remaining(), ZmtpGreeting.SIZE - this.greetingLength);
		in.get(this.greeting, this.greetingLength, take);
		this.greetingLength += take;
		ZmtpGreeting.checkPrefix(this.greeting, this.greetingLength);
		if (this.greetingLength < ZmtpGreeting.SIZE) {
			return;
		}
		ZmtpGreeting peer = ZmtpGreeting.parse(this.greeting);
		this.progress = System.nanoTime();
		ZmtpMechanism own = this.mechanism;
		if (!peer.mechanism().equals(own.name())) {
			this.connection.noReconnect();
			throw new ZmtpProtocolException(ZmtpProtocolException.Reason.MECHANISM_MISMATCH,
					"the peer uses the " + peer.mechanism() + " mechanism, this socket " + own.name()
							+ (own.name().equals("NULL") ? " (no security)" : ""));
		}
		this.connection.greeted(peer.major() > 3 || peer.minor() >= 1);
		for (byte[] command : own.start()) {
			command(command);
		}
		this.connection.flushOrClose();
	}

	/**
	 * Refuses a data frame in the handshake at its flags octet, before its size is read or anything is allocated: only
	 * commands belong there, and a data frame's size may be anything up to max-message-size (4 MiB by default), which
	 * an offender could otherwise make us buffer until the handshake deadline.
	 * @param flags the flags octet of the next frame
	 */
	void checkFrame(byte flags) {
		if ((flags & COMMAND_FLAG) == 0) {
			throw new ZmtpProtocolException(ZmtpProtocolException.Reason.UNEXPECTED_COMMAND, "a data frame (flags 0x"
					+ Integer.toHexString(flags & 0xFF) + ") arrived during the " + this.mechanism.name()
					+ " handshake, where only commands may come");
		}
	}

	/**
	 * A command of the handshake: to the mechanism, its commands back in order, ZAP when it asks.
	 * @param body the command's body
	 */
	void onCommand(byte[] body) {
		this.progress = System.nanoTime();
		ZmtpMechanism own = this.mechanism;
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

	private void command(byte[] command) {
		if (!this.readySent && ZmtpCommand.isNamed(command, ZmtpCommand.READY)) {
			this.readySent = true;
		}
		this.connection.handshakeCommand(command);
	}

	/** A ZAP reply that came later, on this I/O thread. */
	private void onLateZapReply(ZapReply reply) {
		if (!this.connection.inHandshake() || !this.awaitingZap) {
			return;
		}
		this.awaitingZap = false;
		ZmtpMechanism own = this.mechanism;
		try {
			afterStep(own, own.zapReply(reply));
		}
		catch (ZmtpProtocolException ex) {
			this.connection.protocolError(ex);
		}
	}

	private void afterStep(ZmtpMechanism own, ZmtpMechanism.Step step) {
		for (byte[] command : step.commands()) {
			command(command);
		}
		switch (step.state()) {
			case COMPLETE -> this.connection.handshakeComplete(own);
			case REFUSED -> this.connection.refused(Objects.requireNonNull(step.refusal()));
			default -> this.connection.flushOrClose();
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
							this.connection.io.execute(() -> onLateZapReply(reply));
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
						ex.toString(), this.connection.address);
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

	private void expired() {
		this.deadline = null;
		if (this.connection.handshaking()) {
			String done = (this.greetingLength < ZmtpGreeting.SIZE)
					? this.greetingLength + " of the peer's 64 greeting octets arrived" : "greetings exchanged";
			this.connection.close(SocketEventType.HANDSHAKE_FAILED, SocketEventReason.HANDSHAKE_TIMEOUT, 0,
					"no ZMTP handshake within " + this.spec.handshakeInterval().toMillis() + " ms (handshake-interval; "
							+ done + ")");
		}
	}

}
