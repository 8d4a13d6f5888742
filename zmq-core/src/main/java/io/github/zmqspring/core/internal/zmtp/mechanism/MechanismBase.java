package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import io.github.zmqspring.core.internal.zmtp.ZmtpCommand;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException.Reason;
import org.jspecify.annotations.Nullable;

/**
 * The life cycle every mechanism shares, written once: start, handshake, waiting for ZAP, complete or dead. A
 * {@link ZmtpProtocolException} anywhere kills the mechanism; an ERROR from the peer is handled here for all.
 * Subclasses implement the handshake commands and, for CURVE, the data phase.
 */
abstract class MechanismBase implements ZmtpMechanism {

	private enum Phase {

		NEW, HANDSHAKE, ZAP, COMPLETE, DEAD

	}

	private final String name;

	private final boolean asServer;

	/** Our metadata, as given. */
	final ZmtpMetadata local;

	/** The largest metadata accepted from the peer, in octets. */
	final int maxMetadataSize;

	private Phase phase = Phase.NEW;

	private @Nullable ZapRequest zapRequest;

	private @Nullable ZmtpMetadata peer;

	MechanismBase(String name, boolean asServer, ZmtpMetadata local, int maxMetadataSize) {
		this.name = name;
		this.asServer = asServer;
		this.local = Objects.requireNonNull(local, "'local' must not be null");
		if (maxMetadataSize < 0) {
			throw new IllegalArgumentException("'maxMetadataSize' must not be negative but was " + maxMetadataSize);
		}
		this.maxMetadataSize = maxMetadataSize;
	}

	@Override
	public final String name() {
		return this.name;
	}

	@Override
	public final boolean asServer() {
		return this.asServer;
	}

	@Override
	public boolean encrypts() {
		return false;
	}

	@Override
	public final List<byte[]> start() {
		require(Phase.NEW, "start() was already called");
		this.phase = Phase.HANDSHAKE;
		return List.copyOf(begin());
	}

	@Override
	public final Step onCommand(ZmtpCommand command) {
		Objects.requireNonNull(command, "'command' must not be null");
		if (this.phase == Phase.ZAP) {
			// The peer speaks while we wait for our own ZAP handler: no honest peer does.
			this.phase = Phase.DEAD;
			throw new ZmtpProtocolException(Reason.UNEXPECTED_COMMAND, this.name + " handshake: the peer sent "
					+ command.name() + " while its credentials were being checked");
		}
		require(Phase.HANDSHAKE, "onCommand() is for handshake commands only");
		if (command.is(ZmtpCommand.ERROR)) {
			this.phase = Phase.DEAD;
			throw new ZmtpProtocolException(Reason.AUTHENTICATION_FAILED, this.name
					+ " handshake refused by the peer: ERROR '" + printable(ZmtpCommand.errorReason(command)) + "'");
		}
		return track(() -> handshake(command));
	}

	@Override
	public final Step zapReply(ZapReply reply) {
		Objects.requireNonNull(reply, "'reply' must not be null");
		require(Phase.ZAP, "no ZAP reply is awaited");
		ZapRequest request = Objects.requireNonNull(this.zapRequest);
		if (!ZapRequest.VERSION.equals(reply.version()) || !request.requestId().equals(reply.requestId())) {
			this.phase = Phase.DEAD;
			throw new ZmtpProtocolException(Reason.ZAP_REPLY_MISMATCH, "malformed ZAP reply: version '"
					+ printable(reply.version()) + "' and request id '" + printable(reply.requestId())
					+ "' where version 1.0 and request id '" + request.requestId() + "' were expected");
		}
		this.zapRequest = null;
		this.phase = Phase.HANDSHAKE;
		if (!reply.accepted()) {
			// RFC 27 and libzmq: 300 is a temporary failure, closed without ERROR; 400 and 500 are sent as ERROR.
			return track(() -> "300".equals(reply.statusCode()) ? Step.refused(reply)
					: Step.refused(reply, ZmtpCommand.error(reply.statusCode())));
		}
		return track(() -> accepted(reply));
	}

	private Step track(Supplier<Step> action) {
		Step step;
		try {
			step = action.get();
		}
		catch (ZmtpProtocolException ex) {
			this.phase = Phase.DEAD;
			throw ex;
		}
		switch (step.state()) {
			case NEEDS_ZAP -> {
				this.zapRequest = step.zapRequest();
				this.phase = Phase.ZAP;
			}
			case COMPLETE -> {
				if (this.peer == null) {
					throw new IllegalStateException(this.name + " completed without the peer's metadata");
				}
				this.phase = Phase.COMPLETE;
			}
			case REFUSED -> this.phase = Phase.DEAD;
			case CONTINUE -> this.phase = Phase.HANDSHAKE;
		}
		return step;
	}

	@Override
	public final ZmtpMetadata peerMetadata() {
		require(Phase.COMPLETE, "the handshake is not complete");
		return Objects.requireNonNull(this.peer);
	}

	@Override
	public final Frame encode(boolean more, boolean command, byte[] body) {
		Objects.requireNonNull(body, "'body' must not be null");
		require(Phase.COMPLETE, "frames are encoded after the handshake only");
		if (more && command) {
			throw new IllegalArgumentException("A command frame cannot have the MORE flag");
		}
		return seal(more, command, body);
	}

	@Override
	public final boolean encodeInto(boolean more, boolean command, byte[] body, ByteBuffer out) {
		Objects.requireNonNull(body, "'body' must not be null");
		Objects.requireNonNull(out, "'out' must not be null");
		require(Phase.COMPLETE, "frames are encoded after the handshake only");
		if (more && command) {
			throw new IllegalArgumentException("A command frame cannot have the MORE flag");
		}
		return sealInto(more, command, body, out);
	}

	@Override
	public final Frame decode(boolean more, boolean command, byte[] body) {
		Objects.requireNonNull(body, "'body' must not be null");
		require(Phase.COMPLETE, "frames are decoded after the handshake only");
		try {
			return open(more, command, body);
		}
		catch (ZmtpProtocolException ex) {
			this.phase = Phase.DEAD;
			throw ex;
		}
	}

	/** Returns the commands to send first. */
	abstract List<byte[]> begin();

	/** Processes a handshake command other than ERROR. */
	abstract Step handshake(ZmtpCommand command);

	/** Goes on after a ZAP reply of 200 (servers only). */
	Step accepted(ZapReply reply) {
		throw new IllegalStateException(this.name + " does not ask ZAP");
	}

	/** The data phase, outgoing: the identity unless overridden. */
	Frame seal(boolean more, boolean command, byte[] body) {
		return new Frame(more, command, body);
	}

	/** The data phase, outgoing, into a buffer: nothing unless overridden (the caller writes the frame as it is). */
	boolean sealInto(boolean more, boolean command, byte[] body, ByteBuffer out) {
		return false;
	}

	/** The data phase, incoming: the identity unless overridden. */
	Frame open(boolean more, boolean command, byte[] body) {
		return new Frame(more, command, body);
	}

	/** Records the peer's metadata, returned once the handshake is complete. */
	final void peer(ZmtpMetadata metadata) {
		this.peer = metadata;
	}

	/** Our routing id for a ZAP request's identity frame, as libzmq sends it. */
	final byte[] zapIdentity() {
		byte[] identity = this.local.get(ZmtpMetadata.IDENTITY);
		return (identity != null) ? identity : new byte[0];
	}

	/**
	 * Checks a metadata size against the limit before the metadata is decrypted or parsed.
	 */
	final void checkMetadataSize(String command, long size) {
		if (size > this.maxMetadataSize) {
			throw new ZmtpProtocolException(Reason.COMMAND_TOO_LARGE, this.name + " " + command + " carries "
					+ size + " octets of metadata, more than the maximum of " + this.maxMetadataSize);
		}
	}

	/** Parses metadata after checking its size. */
	final ZmtpMetadata metadata(String command, byte[] data, int offset, int length) {
		checkMetadataSize(command, length);
		return ZmtpMetadata.parse(data, offset, length);
	}

	/** The exception for a command that does not belong here. */
	final ZmtpProtocolException unexpected(ZmtpCommand command, String expected) {
		return new ZmtpProtocolException(Reason.UNEXPECTED_COMMAND, this.name + " handshake: expected " + expected
				+ " but the peer sent '" + printable(command.name()) + "'");
	}

	/** The exception for a command of the wrong size or shape. */
	final ZmtpProtocolException malformed(String message) {
		return new ZmtpProtocolException(Reason.MALFORMED_COMMAND, this.name + " handshake: " + message);
	}

	private void require(Phase expected, String message) {
		if (this.phase != expected) {
			throw new IllegalStateException(this.name + (this.asServer ? " server: " : " client: ") + message
					+ " (state " + this.phase + ")");
		}
	}

	static String printable(String text) {
		StringBuilder out = new StringBuilder(Math.min(text.length(), 64));
		for (int i = 0; i < text.length() && i < 64; i++) {
			char c = text.charAt(i);
			out.append((c >= 0x20 && c < 0x7F) ? c : '?');
		}
		return (text.length() > 64) ? out.append("...").toString() : out.toString();
	}

}
