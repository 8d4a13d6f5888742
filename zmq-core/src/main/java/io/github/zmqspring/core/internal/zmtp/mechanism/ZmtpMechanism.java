package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

import io.github.zmqspring.core.ZmqKeyPair;
import io.github.zmqspring.core.Z85;
import io.github.zmqspring.core.internal.zmtp.ZmtpCommand;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;
import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException;
import org.jspecify.annotations.Nullable;

/**
 * One side of a ZMTP security handshake and of the data phase that follows it, without I/O: NULL, PLAIN or CURVE, as
 * client or server. The connection sends the greeting with {@link #name()}, then the command bodies of
 * {@link #start()} once both greetings are exchanged, then feeds every command frame it receives to
 * {@link #onCommand(ZmtpCommand)} and sends what each {@link Step} returns, in order, until a step is
 * {@link State#COMPLETE}. A server returns {@link State#NEEDS_ZAP} when it needs an authentication decision; the
 * connection obtains it (a callback or a ZAP handler) and hands it to {@link #zapReply(ZapReply)}, which returns the
 * next step. Afterwards every frame goes through {@link #encode(boolean, boolean, byte[])} (or, straight into the
 * output buffer, {@link #encodeInto}) before it is written and through {@link #decode(boolean, boolean, byte[])} after
 * it is read.
 * <p>
 * A {@link ZmtpProtocolException} from any method means the peer broke the protocol: the mechanism is dead (every
 * later call throws {@link IllegalStateException}), nothing of the offending command is delivered, and the connection
 * closes. {@link State#REFUSED} means our side refused the peer: send the step's commands (an ERROR, or none), then
 * close. {@link IllegalStateException} signals a caller's mistake, such as encoding before the handshake.
 * <p>
 * One instance per connection; not thread-safe. {@link #encode} and {@link #encodeInto} assign CURVE's next short
 * nonce, so frames must be encoded in the order they go on the wire, after the handshake commands.
 */
public interface ZmtpMechanism {

	/** The default limit on the metadata of an INITIATE or READY command, in octets. */
	int DEFAULT_MAX_METADATA_SIZE = 64 * 1024;

	/**
	 * Returns the mechanism's name for the greeting.
	 * @return {@code NULL}, {@code PLAIN} or {@code CURVE}
	 */
	String name();

	/**
	 * Returns whether this side is the mechanism's server (the greeting's as-server octet).
	 * @return {@code true} for the server
	 */
	boolean asServer();

	/**
	 * Returns whether frames are encrypted after the handshake, so that {@link #encode} and {@link #decode} are not
	 * the identity (CURVE).
	 * @return {@code true} for CURVE
	 */
	boolean encrypts();

	/**
	 * Starts the handshake, once both greetings are exchanged.
	 * @return the command bodies to send first, possibly none (a PLAIN or CURVE server waits for HELLO)
	 * @throws IllegalStateException if called twice
	 */
	List<byte[]> start();

	/**
	 * Processes a command received during the handshake.
	 * @param command the peer's command
	 * @return the commands to send and what happens next
	 * @throws ZmtpProtocolException when the command is unexpected, malformed, too large or fails to decrypt, or the
	 * peer sent ERROR ({@link ZmtpProtocolException.Reason#AUTHENTICATION_FAILED})
	 * @throws IllegalStateException before {@link #start()}, after {@link State#COMPLETE}, while a ZAP reply is
	 * awaited, or after a failure
	 */
	Step onCommand(ZmtpCommand command);

	/**
	 * Processes a handshake command frame's body: {@link ZmtpCommand#parse(byte[]) parses} it and calls
	 * {@link #onCommand(ZmtpCommand)}. Also understands the ERROR that libzmq's PLAIN server sends (4.3.4 to 4.3.5 and
	 * later): its C literal {@code "\x05ERROR"} reads as {@code \x05E}, so the body is {@code 5E 'RROR'}, a reason
	 * length and the reason, which RFC 37 would read as a 94-octet name. The connection should call this overload.
	 * @param commandBody the body of a frame with the COMMAND flag
	 * @return as {@link #onCommand(ZmtpCommand)}
	 * @throws ZmtpProtocolException as {@link #onCommand(ZmtpCommand)}, and
	 * {@link ZmtpProtocolException.Reason#MALFORMED_COMMAND} for a body that is not a command
	 */
	default Step onCommand(byte[] commandBody) {
		return onCommand(parseHandshakeCommand(commandBody));
	}

	private static ZmtpCommand parseHandshakeCommand(byte[] body) {
		if (body.length >= 6 && body.length < 1 + 0x5E && body[0] == 0x5E && body[1] == 'R' && body[2] == 'R'
				&& body[3] == 'O' && body[4] == 'R') {
			int length = Math.min(body[5] & 0xFF, body.length - 6);
			return ZmtpCommand.parse(ZmtpCommand.error(new String(body, 6, length, StandardCharsets.UTF_8)));
		}
		return ZmtpCommand.parse(body);
	}

	/**
	 * Hands over the answer to the step's {@link Step#zapRequest() ZAP request}.
	 * @param reply the decision, whose request id must be the request's
	 * @return the next step: {@link State#CONTINUE} or {@link State#COMPLETE} with the commands to send on 200,
	 * {@link State#REFUSED} otherwise (with an ERROR carrying the status code for 400 and 500, nothing for 300)
	 * @throws ZmtpProtocolException {@link ZmtpProtocolException.Reason#ZAP_REPLY_MISMATCH} when the reply's
	 * version or request id does not match the request (as libzmq, the peer gets no ERROR then)
	 * @throws IllegalStateException if no ZAP reply is awaited
	 */
	Step zapReply(ZapReply reply);

	/**
	 * Returns the peer's metadata from its READY (NULL, and every client) or INITIATE (PLAIN and CURVE servers).
	 * @return the properties, {@code Socket-Type} and {@code Identity} among them when the peer sent them
	 * @throws IllegalStateException before the handshake is complete
	 */
	ZmtpMetadata peerMetadata();

	/**
	 * Turns one frame of an outgoing message into the frame to write.
	 * @param more whether another frame of the same message follows
	 * @param command whether the frame is a command (PING, PONG, SUBSCRIBE, CANCEL: its body is the command body)
	 * @param body the frame's body, not modified
	 * @return the frame for the wire: the same frame for NULL and PLAIN; for CURVE a MESSAGE box holding the flags and
	 * the body, as a data frame without MORE (libzmq 4.3 sends it so; the MORE and COMMAND flags travel inside)
	 * @throws IllegalStateException before the handshake is complete or after a failure
	 * @throws IllegalArgumentException if a command has MORE
	 */
	Frame encode(boolean more, boolean command, byte[] body);

	/**
	 * Writes the wire frame that {@link #encode} would return, header included, straight into a buffer when all of it
	 * fits, with no frame array per call: CURVE seals the body from the caller's array into the buffer's backing
	 * array, or, for a direct buffer, into an array the mechanism keeps and then into the buffer (frames up to 64 KiB).
	 * When it is not written nothing is, and no short nonce is taken, so that the caller can {@link #encode} the same
	 * frame instead without a gap in the nonces.
	 * @param more whether another frame of the same message follows
	 * @param command whether the frame is a command
	 * @param body the frame's body, not modified
	 * @param out the buffer, written from its position on
	 * @return {@code true} when the frame was written (the position moved past it), {@code false} when nothing was
	 * written; always {@code false} for NULL and PLAIN, whose frames the caller writes as they are
	 * @throws IllegalStateException before the handshake is complete or after a failure
	 * @throws IllegalArgumentException if a command has MORE
	 */
	boolean encodeInto(boolean more, boolean command, byte[] body, ByteBuffer out);

	/**
	 * Turns a frame read from the wire into the frame it carries.
	 * @param more the wire frame's MORE flag
	 * @param command the wire frame's COMMAND flag
	 * @param body the wire frame's body; CURVE decrypts it in place (the frame decoder hands its bodies over, so
	 * the array is the caller's to give), NULL and PLAIN return it as it is
	 * @return for NULL and PLAIN the same frame; for CURVE the frame inside the MESSAGE box, with its MORE and
	 * COMMAND flags (a COMMAND frame's body is a command body: {@link ZmtpCommand#parse(byte[])}), in a new array
	 * @throws ZmtpProtocolException (CURVE) when the frame is not a MESSAGE, is too short, its short nonce does not
	 * exceed the previous one, or its box does not open
	 * @throws IllegalStateException before the handshake is complete or after a failure
	 */
	Frame decode(boolean more, boolean command, byte[] body);

	/**
	 * Generates a Curve25519 key pair from a strong random source (libzmq's {@code zmq_curve_keypair}).
	 * @return the public key at index 0, the secret key at index 1
	 */
	static byte[][] curveKeyPair() {
		CurveLibrary.require("generating a CURVE key pair");
		return CurveCrypto.keyPair();
	}

	/**
	 * Checks that CURVE's cryptography library is on the class path.
	 * @param what what needs it, for the message (such as {@code socket 'orders'})
	 * @throws io.github.zmqspring.core.ZmqException saying which artifact to add when it is missing
	 */
	static void requireCurve(String what) {
		CurveLibrary.require(what);
	}

	/**
	 * Creates the NULL mechanism: READY with our metadata both ways, no authentication.
	 * @param local our metadata ({@code Socket-Type} first, then {@code Identity} where libzmq sends it)
	 * @param asServer whether this side accepted the connection (informational for NULL)
	 * @param maxMetadataSize the largest READY metadata accepted, in octets
	 * @return a new mechanism
	 */
	static ZmtpMechanism nullMechanism(ZmtpMetadata local, boolean asServer, int maxMetadataSize) {
		return new NullMechanism(local, asServer, maxMetadataSize);
	}

	/**
	 * Creates a PLAIN client (RFC 24): HELLO with the credentials, INITIATE with our metadata.
	 * @param local our metadata
	 * @param username at most 255 octets in UTF-8
	 * @param password at most 255 octets in UTF-8
	 * @param maxMetadataSize the largest READY metadata accepted, in octets
	 * @return a new mechanism
	 * @throws IllegalArgumentException if a credential is longer than 255 octets
	 */
	static ZmtpMechanism plainClient(ZmtpMetadata local, String username, String password, int maxMetadataSize) {
		Objects.requireNonNull(username, "'username' must not be null");
		Objects.requireNonNull(password, "'password' must not be null");
		return new PlainMechanism.Client(local, username.getBytes(StandardCharsets.UTF_8),
				password.getBytes(StandardCharsets.UTF_8), maxMetadataSize);
	}

	/**
	 * Creates a PLAIN server (RFC 24), which asks ZAP about every HELLO (as libzmq, a PLAIN server always needs a
	 * ZAP decision).
	 * @param local our metadata; its {@code Identity} is the ZAP request's identity frame, as libzmq sends it
	 * @param zapDomain the ZAP domain, possibly empty
	 * @param peerAddress the peer's address for the ZAP request, such as {@code 127.0.0.1}
	 * @param maxMetadataSize the largest INITIATE metadata accepted, in octets
	 * @return a new mechanism
	 */
	static ZmtpMechanism plainServer(ZmtpMetadata local, String zapDomain, String peerAddress, int maxMetadataSize) {
		return new PlainMechanism.Server(local, zapDomain, peerAddress, maxMetadataSize);
	}

	/**
	 * Creates a CURVE client (RFC 26).
	 * @param local our metadata, sent encrypted in INITIATE
	 * @param publicKey our permanent public key, 32 octets
	 * @param secretKey our permanent secret key, 32 octets
	 * @param serverKey the server's permanent public key, 32 octets
	 * @param maxMetadataSize the largest READY metadata accepted, in octets
	 * @return a new mechanism, with fresh short-term keys
	 * @throws IllegalArgumentException if a key is not 32 octets or the public key does not belong to the secret key
	 */
	static ZmtpMechanism curveClient(ZmtpMetadata local, byte[] publicKey, byte[] secretKey, byte[] serverKey,
			int maxMetadataSize) {
		return new CurveClient(local, publicKey, secretKey, serverKey, maxMetadataSize);
	}

	/**
	 * Creates a CURVE client from Z85 keys.
	 * @param local our metadata
	 * @param keys our permanent key pair
	 * @param serverPublicKey the server's permanent public key, 40 Z85 characters
	 * @param maxMetadataSize the largest READY metadata accepted, in octets
	 * @return a new mechanism
	 * @throws IllegalArgumentException if the server key is not valid Z85 of 32 octets
	 */
	static ZmtpMechanism curveClient(ZmtpMetadata local, ZmqKeyPair keys, String serverPublicKey,
			int maxMetadataSize) {
		Objects.requireNonNull(keys, "'keys' must not be null");
		return curveClient(local, Z85.decode(keys.publicKey()), Z85.decode(keys.secretKey()),
				Z85.decode(Objects.requireNonNull(serverPublicKey, "'serverPublicKey' must not be null")),
				maxMetadataSize);
	}

	/**
	 * Creates a CURVE server (RFC 26), which asks ZAP about every client's permanent key once its INITIATE and vouch
	 * are verified.
	 * @param local our metadata, sent encrypted in READY; its {@code Identity} is the ZAP request's identity frame
	 * @param publicKey our permanent public key, 32 octets
	 * @param secretKey our permanent secret key, 32 octets
	 * @param zapDomain the ZAP domain, possibly empty
	 * @param peerAddress the peer's address for the ZAP request
	 * @param maxMetadataSize the largest INITIATE metadata accepted, in octets
	 * @return a new mechanism, with fresh short-term and cookie keys
	 * @throws IllegalArgumentException if a key is not 32 octets or the public key does not belong to the secret key
	 */
	static ZmtpMechanism curveServer(ZmtpMetadata local, byte[] publicKey, byte[] secretKey, String zapDomain,
			String peerAddress, int maxMetadataSize) {
		return new CurveServer(local, publicKey, secretKey, zapDomain, peerAddress, maxMetadataSize);
	}

	/**
	 * Creates a CURVE server from a Z85 key pair.
	 * @param local our metadata
	 * @param keys our permanent key pair
	 * @param zapDomain the ZAP domain, possibly empty
	 * @param peerAddress the peer's address for the ZAP request
	 * @param maxMetadataSize the largest INITIATE metadata accepted, in octets
	 * @return a new mechanism
	 */
	static ZmtpMechanism curveServer(ZmtpMetadata local, ZmqKeyPair keys, String zapDomain, String peerAddress,
			int maxMetadataSize) {
		Objects.requireNonNull(keys, "'keys' must not be null");
		return curveServer(local, Z85.decode(keys.publicKey()), Z85.decode(keys.secretKey()), zapDomain, peerAddress,
				maxMetadataSize);
	}

	/**
	 * What the handshake does next.
	 */
	enum State {

		/** Send the step's commands and wait for the peer's next command. */
		CONTINUE,

		/** Ask ZAP about the step's request and call {@link ZmtpMechanism#zapReply(ZapReply)} with the answer. */
		NEEDS_ZAP,

		/** Send the step's commands (before any message); the data phase begins. */
		COMPLETE,

		/**
		 * We refused the peer (ZAP said 300, 400 or 500): send the step's commands, then close; a HANDSHAKE_FAILED_AUTH
		 * with {@link Step#refusal()}.
		 */
		REFUSED

	}

	/**
	 * One step of the handshake.
	 *
	 * @param state what happens next
	 * @param commands the command bodies to send now, in order (not framed)
	 * @param zapRequest the request to answer, with {@link State#NEEDS_ZAP} only
	 * @param refusal the ZAP reply that refused the peer, with {@link State#REFUSED} only
	 */
	record Step(State state, List<byte[]> commands, @Nullable ZapRequest zapRequest, @Nullable ZapReply refusal) {

		/**
		 * Checks the parts.
		 * @param state what happens next
		 * @param commands the command bodies to send now
		 * @param zapRequest the request to answer, with {@link State#NEEDS_ZAP} only
		 * @param refusal the refusing reply, with {@link State#REFUSED} only
		 */
		public Step {
			Objects.requireNonNull(state, "'state' must not be null");
			commands = List.copyOf(commands);
			if ((state == State.NEEDS_ZAP) != (zapRequest != null)) {
				throw new IllegalArgumentException("A ZAP request belongs to NEEDS_ZAP steps only");
			}
			if ((state == State.REFUSED) != (refusal != null)) {
				throw new IllegalArgumentException("A refusal belongs to REFUSED steps only");
			}
		}

		static Step next(byte[]... commands) {
			return new Step(State.CONTINUE, List.of(commands), null, null);
		}

		static Step complete(byte[]... commands) {
			return new Step(State.COMPLETE, List.of(commands), null, null);
		}

		static Step zap(ZapRequest request) {
			return new Step(State.NEEDS_ZAP, List.of(), request, null);
		}

		static Step refused(ZapReply reply, byte[]... commands) {
			return new Step(State.REFUSED, List.of(commands), null, reply);
		}

	}

	/**
	 * One frame: its flags and body.
	 *
	 * @param more whether another frame of the same message follows (never with {@code command})
	 * @param command whether the frame is a command
	 * @param body the body, not copied
	 */
	record Frame(boolean more, boolean command, byte[] body) {

		/**
		 * Checks the parts.
		 * @param more whether another frame of the same message follows
		 * @param command whether the frame is a command
		 * @param body the body
		 */
		public Frame {
			Objects.requireNonNull(body, "'body' must not be null");
			if (more && command) {
				throw new IllegalArgumentException("A command frame cannot have the MORE flag");
			}
		}

	}

}
