package io.github.zmqspring.support;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.MessageHeaders;
import org.springframework.util.MimeType;

/**
 * The optional header frame: message headers (W3C {@code traceparent}/{@code tracestate} among them) in one frame
 * before the payload, on sockets that enable it ({@code zmq.sockets.<name>.headers.enabled}). Its byte layout, which
 * any peer can read and write:
 * <pre>
 * header frame = magic version *entry
 * magic        = %x00 %x5A %x48          ; NUL "ZH"
 * version      = %x01
 * entry        = name ": " value LF      ; UTF-8; the last LF may be left out
 * name         = 1*(any character but ":", CR, LF)
 * value        = *(any character but CR, LF)
 * </pre>
 * A frame of 4 bytes carries no header. A name that appears twice keeps its last value. Names starting with
 * {@value ZmqHeaders#PREFIX} are not read (those headers describe frames and are set from them), and neither
 * {@code id} nor {@code timestamp} is written. Values written are those with a text form: {@code CharSequence},
 * {@code Number}, {@code Boolean}, {@code Character}, {@code Enum}, {@code UUID}, {@code MimeType} (a
 * {@code contentType}) and {@code Date} (as epoch milliseconds); other header values stay local.
 * <p>
 * Both directions are bounded by {@link ZmqHeaderFrameSettings}: the whole frame by {@code maxSize} bytes, the
 * entries by {@code maxEntries}. A frame that breaks the layout or a limit fails with a
 * {@link ZmqHeaderFrameException}. Stateless and thread-safe.
 */
public final class ZmqHeaderFrame {

	/** The version this class writes and reads. */
	public static final int VERSION = 1;

	/** Length of the magic and the version byte: the size of a header frame without entries. */
	public static final int PREFIX_LENGTH = 4;

	private static final byte[] PREFIX = { 0x00, 'Z', 'H', VERSION };

	private ZmqHeaderFrame() {
	}

	/**
	 * The bytes every header frame starts with: the magic {@code 00 5A 48} and the version {@code 01}.
	 * @return a new array of {@value #PREFIX_LENGTH} bytes
	 */
	public static byte[] prefix() {
		return PREFIX.clone();
	}

	/**
	 * Whether a frame starts with the magic of a header frame (of any version).
	 * @param frame the frame
	 * @return {@code true} when it does
	 */
	public static boolean hasMagic(byte[] frame) {
		return frame.length >= 3 && frame[0] == PREFIX[0] && frame[1] == PREFIX[1] && frame[2] == PREFIX[2];
	}

	/**
	 * Writes the headers that travel (see the class description) as a header frame.
	 * @param headers the message headers
	 * @param settings the limits
	 * @param socketName the socket, named in errors
	 * @return the frame
	 * @throws IllegalArgumentException when a name or value breaks the layout, or the frame exceeds a limit
	 */
	public static byte[] encode(Map<String, ?> headers, ZmqHeaderFrameSettings settings, String socketName) {
		StringBuilder text = new StringBuilder(64 * Math.max(1, headers.size()));
		int entries = 0;
		for (Map.Entry<String, ?> header : headers.entrySet()) {
			String name = header.getKey();
			String value = text(header.getValue());
			if (value == null || !travels(name)) {
				continue;
			}
			check(socketName, name, value);
			if (++entries > settings.maxEntries()) {
				throw new IllegalArgumentException("socket '" + socketName + "': more than " + settings.maxEntries()
						+ " headers for the header frame (headers.max-entries); send fewer headers");
			}
			text.append(name).append(": ").append(value).append('\n');
		}
		byte[] entryBytes = text.toString().getBytes(StandardCharsets.UTF_8);
		if (PREFIX_LENGTH + entryBytes.length > settings.maxSize()) {
			throw new IllegalArgumentException("socket '" + socketName + "': the header frame would be "
					+ (PREFIX_LENGTH + entryBytes.length) + " bytes, over the limit of " + settings.maxSize()
					+ " bytes (headers.max-size); send fewer or shorter headers");
		}
		byte[] frame = new byte[PREFIX_LENGTH + entryBytes.length];
		System.arraycopy(PREFIX, 0, frame, 0, PREFIX_LENGTH);
		System.arraycopy(entryBytes, 0, frame, PREFIX_LENGTH, entryBytes.length);
		return frame;
	}

	/**
	 * Reads a header frame.
	 * @param frame a frame that {@linkplain #hasMagic has the magic}
	 * @param settings the limits
	 * @param socketName the socket, named in errors
	 * @return the entries in frame order, without names starting with {@value ZmqHeaders#PREFIX}
	 * @throws ZmqHeaderFrameException when the frame breaks the layout or a limit
	 */
	public static Map<String, String> decode(byte[] frame, ZmqHeaderFrameSettings settings, String socketName) {
		if (frame.length > settings.maxSize()) {
			throw malformed(socketName, frame.length + " bytes, over the limit of " + settings.maxSize()
					+ " bytes (headers.max-size)");
		}
		if (!hasMagic(frame) || frame.length < PREFIX_LENGTH) {
			throw malformed(socketName, "it does not start with 00 5A 48 and a version byte");
		}
		if (frame[3] != VERSION) {
			throw malformed(socketName, "version " + (frame[3] & 0xFF) + " is not supported (this side reads "
					+ VERSION + ")");
		}
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(frame, PREFIX_LENGTH, frame.length - PREFIX_LENGTH))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw malformed(socketName, "its entries are not UTF-8");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		int entries = 0;
		int start = 0;
		while (start < text.length()) {
			int end = text.indexOf('\n', start);
			if (end < 0) {
				end = text.length();
			}
			String line = text.substring(start, end);
			int colon = line.indexOf(':');
			if (colon <= 0 || !line.startsWith(": ", colon) || line.indexOf('\r') >= 0) {
				throw malformed(socketName, "entry " + (entries + 1) + " is not 'name: value'");
			}
			if (++entries > settings.maxEntries()) {
				throw malformed(socketName, "more than " + settings.maxEntries() + " entries (headers.max-entries)");
			}
			String name = line.substring(0, colon);
			if (!name.startsWith(ZmqHeaders.PREFIX)) {
				headers.put(name, line.substring(colon + 2));
			}
			start = end + 1;
		}
		return headers;
	}

	private static boolean travels(String name) {
		return !name.startsWith(ZmqHeaders.PREFIX) && !MessageHeaders.ID.equals(name)
				&& !MessageHeaders.TIMESTAMP.equals(name);
	}

	private static void check(String socketName, String name, String value) {
		if (name.isEmpty() || name.indexOf(':') >= 0 || hasLineBreak(name)) {
			throw new IllegalArgumentException("socket '" + socketName + "': header name '" + name + "' cannot "
					+ "travel in the header frame (it must be non-empty, without ':' or line breaks)");
		}
		if (hasLineBreak(value)) {
			throw new IllegalArgumentException("socket '" + socketName + "': the value of header '" + name
					+ "' cannot travel in the header frame (it must not contain line breaks)");
		}
	}

	private static boolean hasLineBreak(CharSequence text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\n' || c == '\r') {
				return true;
			}
		}
		return false;
	}

	private static @Nullable String text(@Nullable Object value) {
		if (value instanceof CharSequence || value instanceof Number || value instanceof Boolean
				|| value instanceof Character || value instanceof Enum<?> || value instanceof UUID
				|| value instanceof MimeType) {
			return value.toString();
		}
		if (value instanceof Date date) {
			return Long.toString(date.getTime());
		}
		return null;
	}

	private static ZmqHeaderFrameException malformed(String socketName, String problem) {
		return new ZmqHeaderFrameException("socket '" + socketName + "': malformed header frame: " + problem);
	}

}
