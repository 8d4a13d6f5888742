package io.github.zmqspring.core.internal.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.SocketEventType;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.zmtp.ZmtpCommand;
import io.github.zmqspring.core.internal.zmtp.ZmtpFrameDecoder;
import io.github.zmqspring.core.internal.zmtp.ZmtpMessageAssembler;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism;

/**
 * What one {@link Connection} reads from its peer: octets from the channel, decoded into frames (opened from their
 * CURVE boxes once the handshake is complete) and whole messages within the socket's limits; the greeting and the
 * handshake's commands go to the connection's {@link Handshake}, then messages and subscriptions into its link and
 * the commands of the data phase to their handlers. A STREAM connection's octets go to the link as they come. Reading
 * pauses while the link's inbound pipe is full (TCP back-pressure) and resumes when the socket drains it: the message
 * the pipe refused first, then the octets not yet decoded.
 * <p>
 * Confined to the connection's I/O thread.
 */
final class Inbound {

	private final Connection connection;

	private final EngineSocket socket;

	private final ZmqSocketSpec spec;

	/** A STREAM connection: raw bytes, no ZMTP. */
	private final boolean raw;

	private final ZmtpFrameDecoder decoder;

	private final ZmtpMessageAssembler assembler;

	/** The mechanism once its handshake is complete, if it encrypts (CURVE): every frame read goes through it. */
	private @Nullable ZmtpMechanism opener;

	/** A message the full inbound pipe refused; delivered first when reading resumes. */
	private byte @Nullable [][] stalled;

	/** Input not yet decoded when reading paused. */
	private @Nullable ByteBuffer stash;

	private boolean paused;

	private long lastReceived = System.nanoTime();

	Inbound(Connection connection, EngineSocket socket, @Nullable ZmtpMechanism mechanism) {
		this.connection = connection;
		this.socket = socket;
		this.spec = socket.spec;
		this.raw = mechanism == null;
		this.decoder = new ZmtpFrameDecoder(Mechanisms.maxFrameSize(this.spec, mechanism),
				Mechanisms.maxCommandSize(socket, mechanism));
		this.assembler = new ZmtpMessageAssembler(this.spec.maxMultipartSize(), this.spec.maxFrames());
	}

	/** @return when octets last came from the peer ({@link System#nanoTime()}) */
	long lastReceived() {
		return this.lastReceived;
	}

	/**
	 * From here on every frame read is a box that the mechanism opens (CURVE).
	 * @param boxes the mechanism whose handshake is complete
	 */
	void open(ZmtpMechanism boxes) {
		this.opener = boxes;
	}

	/**
	 * Reads what the channel has, into the I/O thread's read buffer, and takes it in.
	 * @param channel the channel
	 * @param in the I/O thread's read buffer
	 * @throws IOException when reading fails
	 */
	void read(SocketChannel channel, ByteBuffer in) throws IOException {
		if (this.paused) {
			// A readiness selected before reading paused: the stalled message and the stash must not be overwritten.
			return;
		}
		in.clear();
		int count = channel.read(in);
		if (count < 0) {
			if (this.connection.active()) {
				this.connection.close(SocketEventType.DISCONNECTED, 0, "the peer closed the connection");
			}
			else {
				this.connection.close(SocketEventType.HANDSHAKE_FAILED, SocketEventReason.PEER_CLOSED, 0,
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

	/**
	 * Octets from the channel: raw to the link (STREAM), else decoded; what a pause leaves is kept.
	 * @param in the octets
	 */
	void received(ByteBuffer in) {
		this.lastReceived = System.nanoTime();
		if (this.raw) {
			byte[] chunk = new byte[in.remaining()];
			in.get(chunk);
			deliver(new byte[][] { chunk });
			return;
		}
		process(in);
		if (in.hasRemaining() && !this.connection.closed()) {
			// Paused with bytes left: keep them (at most one read buffer) until the socket drains its pipe.
			ByteBuffer kept = ByteBuffer.allocate(in.remaining());
			kept.put(in).flip();
			this.stash = kept;
		}
	}

	private void process(ByteBuffer in) {
		Connection owner = this.connection;
		try {
			while (in.hasRemaining() && !this.paused && !owner.closed()) {
				if (owner.greeting()) {
					owner.handshake().readGreeting(in);
					continue;
				}
				if (owner.inHandshake() && !this.decoder.hasPartialFrame()) {
					owner.handshake().checkFrame(in.get(in.position()));
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
					if (owner.inHandshake()) {
						owner.handshake().onCommand(this.decoder.body());
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
			owner.protocolError(ex);
		}
	}

	private void onCommand(ZmtpCommand command) {
		if (command.is(ZmtpCommand.PING)) {
			this.connection.heartbeats().onPing(command);
		}
		else if (command.is(ZmtpCommand.SUBSCRIBE) || command.is(ZmtpCommand.CANCEL)) {
			if (this.socket.takesSubscriptionMessages()) {
				subscription(command.is(ZmtpCommand.SUBSCRIBE), command.data());
			}
		}
		else if (command.is(ZmtpCommand.ERROR)) {
			this.connection.close(SocketEventType.DISCONNECTED, 0,
					"the peer sent ERROR: " + ZmtpCommand.errorReason(command));
		}
		// PONG and unknown commands after the handshake: nothing to do (RFC 37 says ignore).
	}

	private void deliver(byte[][] message) {
		if (this.socket.takesSubscriptionMessages()) {
			byte[] first = message[0];
			if (message.length == 1 && first.length > 0 && (first[0] == 1 || first[0] == 0)) {
				subscription(first[0] == 1, Arrays.copyOfRange(first, 1, first.length));
			}
			return;
		}
		if (!this.socket.acceptsData()) {
			return;
		}
		Link target = this.connection.link();
		if (target != null) {
			if (!target.inbound.offerRead(message)) {
				this.stalled = message;
				pause();
			}
			else if (target.inbound.sealed()) {
				// The socket is closing without loss: what was read is delivered, nothing more is read.
				stopReading();
			}
		}
	}

	private void stopReading() {
		SelectionKey current = this.connection.key();
		if (current != null && current.isValid() && (current.interestOps() & SelectionKey.OP_READ) != 0) {
			current.interestOps(current.interestOps() & ~SelectionKey.OP_READ);
		}
	}

	private void subscription(boolean subscribe, byte[] topic) {
		Link target = this.connection.link();
		if (target != null && !this.socket.onPeerSubscription(target, subscribe, topic)) {
			throw new ZmtpProtocolException(ZmtpProtocolException.Reason.SUBSCRIPTION_LIMIT, "the peer exceeded its "
					+ "subscription limits (" + this.spec.maxSubscriptions() + " subscriptions, "
					+ this.spec.maxSubscriptionBytes() + " bytes: max-subscriptions, max-subscription-bytes)");
		}
	}

	/** Stops reading (the inbound pipe is full, or the connection is closing). */
	void pause() {
		this.paused = true;
		SelectionKey current = this.connection.key();
		if (current != null && current.isValid()) {
			current.interestOps(current.interestOps() & ~SelectionKey.OP_READ);
		}
	}

	/** Reads again once the inbound pipe takes the stalled message: first what was kept. */
	void resume() {
		if (this.connection.closed() || !this.paused || this.connection.closing()) {
			return;
		}
		Link target = this.connection.link();
		if (this.stalled != null) {
			if (target == null || !target.inbound.offerRead(this.stalled)) {
				return;
			}
			this.stalled = null;
		}
		this.paused = false;
		ByteBuffer kept = this.stash;
		if (kept != null && !this.raw) {
			process(kept);
			if (!kept.hasRemaining()) {
				this.stash = null;
			}
		}
		SelectionKey current = this.connection.key();
		if (!this.paused && !this.connection.closed() && current != null && current.isValid()
				&& (target == null || !target.inbound.sealed())) {
			current.interestOps(current.interestOps() | SelectionKey.OP_READ);
		}
	}

}
