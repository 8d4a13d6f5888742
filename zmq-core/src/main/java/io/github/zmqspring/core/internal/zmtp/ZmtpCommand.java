package io.github.zmqspring.core.internal.zmtp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException.Reason;

/**
 * A ZMTP command: a name of 1 to 255 ASCII octets and data. Parses command frame bodies, builds the bodies of the
 * commands we send (not framed: {@link ZmtpMessageWriter#startCommand(byte[])} or {@link ZmtpFrameEncoder} adds the
 * header), and reads the data of READY, ERROR and PING. Names are compared exactly, as libzmq compares them.
 * <p>
 * Immutable apart from the data array, which is handed out as it is.
 */
public final class ZmtpCommand {

	/** The NULL handshake's command, carrying metadata. */
	public static final String READY = "READY";

	/** The command a peer sends before closing a refused handshake, with a reason. */
	public static final String ERROR = "ERROR";

	/** The heartbeat request, with a TTL and a context (ZMTP 3.1). */
	public static final String PING = "PING";

	/** The heartbeat reply, echoing the PING's context (ZMTP 3.1). */
	public static final String PONG = "PONG";

	/** A subscription, topic as data (ZMTP 3.1; 3.0 peers send a {@code 01}-prefixed data frame instead). */
	public static final String SUBSCRIBE = "SUBSCRIBE";

	/** The end of a subscription, topic as data (ZMTP 3.1; 3.0 peers send a {@code 00}-prefixed data frame). */
	public static final String CANCEL = "CANCEL";

	/** The most context octets a PING carries. */
	public static final int MAX_PING_CONTEXT = 16;

	private static final int MAX_NAME_SIZE = 255;

	private static final int MAX_ERROR_REASON = 255;

	private static final int MAX_TTL = 0xFFFF;

	private final String name;

	private final byte[] data;

	private ZmtpCommand(String name, byte[] data) {
		this.name = name;
		this.data = data;
	}

	/**
	 * Parses a command frame's body: a one-octet name length, the name, and the rest as data.
	 * @param frameBody the body of a frame with the COMMAND flag
	 * @return the command
	 * @throws ZmtpProtocolException {@link Reason#MALFORMED_COMMAND} when the body is empty, the name length is 0 or
	 * the name is longer than the body
	 */
	public static ZmtpCommand parse(byte[] frameBody) {
		Objects.requireNonNull(frameBody, "'frameBody' must not be null");
		if (frameBody.length == 0) {
			throw new ZmtpProtocolException(Reason.MALFORMED_COMMAND, "malformed command: the frame is empty");
		}
		int nameSize = frameBody[0] & 0xFF;
		if (nameSize == 0) {
			throw new ZmtpProtocolException(Reason.MALFORMED_COMMAND, "malformed command: the name is empty");
		}
		if (nameSize > frameBody.length - 1) {
			throw new ZmtpProtocolException(Reason.MALFORMED_COMMAND, "malformed command: a name of " + nameSize
					+ " bytes in a frame of " + frameBody.length);
		}
		String name = new String(frameBody, 1, nameSize, StandardCharsets.ISO_8859_1);
		byte[] data = Arrays.copyOfRange(frameBody, 1 + nameSize, frameBody.length);
		return new ZmtpCommand(name, data);
	}

	/**
	 * Returns the command's name.
	 * @return the name, as sent
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns the command's data: everything after the name.
	 * @return the data, possibly empty; not a copy
	 */
	public byte[] data() {
		return this.data;
	}

	/**
	 * Returns whether the command has the given name, compared exactly (case-sensitive, as libzmq).
	 * @param name a command name, such as {@link #PING}
	 * @return {@code true} when the names are equal
	 */
	public boolean is(String name) {
		return this.name.equals(name);
	}

	/**
	 * Returns whether a command body (as {@link #body} builds it) has the given name, compared exactly, without parsing
	 * the rest.
	 * @param body a command body
	 * @param name a command name of printable ASCII, such as {@link #READY}
	 * @return {@code true} when the names are equal
	 */
	public static boolean isNamed(byte[] body, String name) {
		if (body.length < 1 + name.length() || (body[0] & 0xFF) != name.length()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			if (body[1 + i] != (byte) name.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Builds a command body: a one-octet name length, the name and the data.
	 * @param name 1 to 255 ASCII characters
	 * @param data the data
	 * @return a new array
	 * @throws IllegalArgumentException if the name is empty, longer than 255 or not ASCII
	 */
	public static byte[] body(String name, byte[] data) {
		Objects.requireNonNull(name, "'name' must not be null");
		Objects.requireNonNull(data, "'data' must not be null");
		if (name.isEmpty() || name.length() > MAX_NAME_SIZE) {
			throw new IllegalArgumentException(
					"'name' must have 1 to " + MAX_NAME_SIZE + " characters but had " + name.length());
		}
		byte[] body = new byte[1 + name.length() + data.length];
		body[0] = (byte) name.length();
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c <= 0x20 || c >= 0x7F) {
				throw new IllegalArgumentException("'name' must consist of printable ASCII but was '" + name + "'");
			}
			body[1 + i] = (byte) c;
		}
		System.arraycopy(data, 0, body, 1 + name.length(), data.length);
		return body;
	}

	/**
	 * Builds a READY body carrying the given metadata.
	 * @param metadata our properties, {@link ZmtpMetadata#SOCKET_TYPE} first as libzmq sends it
	 * @return a new array
	 */
	public static byte[] ready(ZmtpMetadata metadata) {
		Objects.requireNonNull(metadata, "'metadata' must not be null");
		return body(READY, metadata.encode());
	}

	/**
	 * Builds an ERROR body: a one-octet reason length and the reason in UTF-8, cut to 255 octets (never in the middle
	 * of a character).
	 * @param reason why the handshake is refused, such as {@code "400"}
	 * @return a new array
	 */
	public static byte[] error(String reason) {
		Objects.requireNonNull(reason, "'reason' must not be null");
		byte[] text = reason.getBytes(StandardCharsets.UTF_8);
		int length = Math.min(text.length, MAX_ERROR_REASON);
		// A UTF-8 continuation octet (10xxxxxx) at the cut means a character would be split: cut before it.
		while (length < text.length && length > 0 && (text[length] & 0xC0) == 0x80) {
			length--;
		}
		byte[] data = new byte[1 + length];
		data[0] = (byte) length;
		System.arraycopy(text, 0, data, 1, length);
		return body(ERROR, data);
	}

	/**
	 * Builds a PING body: a 16-bit big-endian TTL and the context.
	 * @param ttlDeciseconds how long the peer may wait for our next frame before dropping us, in tenths of a second,
	 * 0 to 65535 (0: no limit)
	 * @param context 0 to {@value #MAX_PING_CONTEXT} octets the peer echoes in its PONG
	 * @return a new array
	 * @throws IllegalArgumentException if the TTL or the context size is out of range
	 */
	public static byte[] ping(int ttlDeciseconds, byte[] context) {
		Objects.requireNonNull(context, "'context' must not be null");
		if (ttlDeciseconds < 0 || ttlDeciseconds > MAX_TTL) {
			throw new IllegalArgumentException(
					"'ttlDeciseconds' must be between 0 and " + MAX_TTL + " but was " + ttlDeciseconds);
		}
		checkContext(context);
		byte[] data = new byte[2 + context.length];
		data[0] = (byte) (ttlDeciseconds >>> 8);
		data[1] = (byte) ttlDeciseconds;
		System.arraycopy(context, 0, data, 2, context.length);
		return body(PING, data);
	}

	/**
	 * Builds a PONG body echoing a PING's context.
	 * @param context the context from {@link #pingContext(ZmtpCommand)}, 0 to {@value #MAX_PING_CONTEXT} octets
	 * @return a new array
	 * @throws IllegalArgumentException if the context is longer than {@value #MAX_PING_CONTEXT} octets
	 */
	public static byte[] pong(byte[] context) {
		Objects.requireNonNull(context, "'context' must not be null");
		checkContext(context);
		return body(PONG, context);
	}

	private static void checkContext(byte[] context) {
		if (context.length > MAX_PING_CONTEXT) {
			throw new IllegalArgumentException(
					"'context' must have at most " + MAX_PING_CONTEXT + " octets but had " + context.length);
		}
	}

	/**
	 * Builds a SUBSCRIBE body for a ZMTP 3.1 peer.
	 * @param topic the topic prefix, possibly empty (everything)
	 * @return a new array
	 */
	public static byte[] subscribe(byte[] topic) {
		return body(SUBSCRIBE, Objects.requireNonNull(topic, "'topic' must not be null"));
	}

	/**
	 * Builds a CANCEL body for a ZMTP 3.1 peer.
	 * @param topic the topic prefix subscribed to before
	 * @return a new array
	 */
	public static byte[] cancel(byte[] topic) {
		return body(CANCEL, Objects.requireNonNull(topic, "'topic' must not be null"));
	}

	/**
	 * Reads the metadata of a READY command.
	 * @param command the command received during the handshake
	 * @return the peer's properties
	 * @throws ZmtpProtocolException {@link Reason#UNEXPECTED_COMMAND} if the command is not READY,
	 * {@link Reason#MALFORMED_METADATA} if its properties are malformed
	 */
	public static ZmtpMetadata readyMetadata(ZmtpCommand command) {
		Objects.requireNonNull(command, "'command' must not be null");
		if (!command.is(READY)) {
			throw new ZmtpProtocolException(Reason.UNEXPECTED_COMMAND,
					"expected a READY command but the peer sent " + printable(command.name));
		}
		return ZmtpMetadata.parse(command.data, 0, command.data.length);
	}

	/**
	 * Reads the reason of an ERROR command, leniently: with no length octet the reason is empty, and a length beyond
	 * the data gives what is there.
	 * @param command an ERROR command
	 * @return the reason, decoded as UTF-8
	 * @throws IllegalArgumentException if the command is not ERROR
	 */
	public static String errorReason(ZmtpCommand command) {
		require(command, ERROR);
		byte[] data = command.data;
		if (data.length == 0) {
			return "";
		}
		int length = Math.min(data[0] & 0xFF, data.length - 1);
		return new String(data, 1, length, StandardCharsets.UTF_8);
	}

	/**
	 * Reads the TTL of a PING command.
	 * @param command a PING command
	 * @return the TTL in deciseconds, 0 to 65535; 0 when the data is shorter than two octets
	 * @throws IllegalArgumentException if the command is not PING
	 */
	public static int pingTtl(ZmtpCommand command) {
		require(command, PING);
		byte[] data = command.data;
		if (data.length < 2) {
			return 0;
		}
		return ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
	}

	/**
	 * Reads the context of a PING command, to be echoed in the PONG.
	 * @param command a PING command
	 * @return the octets after the TTL, at most {@value #MAX_PING_CONTEXT} (more are ignored), possibly empty
	 * @throws IllegalArgumentException if the command is not PING
	 */
	public static byte[] pingContext(ZmtpCommand command) {
		require(command, PING);
		byte[] data = command.data;
		if (data.length <= 2) {
			return new byte[0];
		}
		return Arrays.copyOfRange(data, 2, 2 + Math.min(data.length - 2, MAX_PING_CONTEXT));
	}

	private static void require(ZmtpCommand command, String name) {
		Objects.requireNonNull(command, "'command' must not be null");
		if (!command.is(name)) {
			throw new IllegalArgumentException("Expected a " + name + " command but got " + printable(command.name));
		}
	}

	private static String printable(String name) {
		StringBuilder text = new StringBuilder(name.length() + 2).append('\'');
		for (int i = 0; i < name.length() && i < 64; i++) {
			char c = name.charAt(i);
			text.append((c > 0x20 && c < 0x7F) ? c : '?');
		}
		return text.append(name.length() > 64 ? "...'" : "'").toString();
	}

	@Override
	public String toString() {
		return printable(this.name) + " (" + this.data.length + " bytes of data)";
	}

}
