package io.github.zmqspring.core.internal.zmtp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException.Reason;
import org.jspecify.annotations.Nullable;

/**
 * The metadata properties of a READY (or INITIATE) command, in order: each a name of 1 to 255 ASCII octets and a
 * value of any octets. Names are sent with the exact case they were put with and looked up case-insensitively (RFC 37;
 * libzmq compares them exactly, so we send {@code Socket-Type} and {@code Identity} as it does). One property per
 * name: putting a name again, in any case, replaces the earlier property.
 * <p>
 * Values are held as given, not copied. Not thread-safe.
 */
public final class ZmtpMetadata {

	/** The property naming the sender's socket type, such as {@code DEALER}. */
	public static final String SOCKET_TYPE = "Socket-Type";

	/** The property carrying the sender's routing identity (REQ, DEALER and ROUTER send it, empty when unset). */
	public static final String IDENTITY = "Identity";

	private static final int MAX_NAME_SIZE = 255;

	private final Map<String, byte[]> properties = new LinkedHashMap<>();

	// Lower-case name to the name as put: a case-insensitive lookup in constant time, so that a READY with thousands
	// of properties cannot make parsing quadratic.
	private final Map<String, String> names = new HashMap<>();

	/**
	 * Creates empty metadata.
	 */
	public ZmtpMetadata() {
	}

	/**
	 * Adds a property at the end, replacing the one with the same name in any case (the new name's case is kept).
	 * @param name 1 to 255 of the characters RFC 37 allows: letters, digits, {@code - _ . +}
	 * @param value the value, kept as it is
	 * @return this metadata
	 * @throws IllegalArgumentException if the name is empty, longer than 255 or has other characters
	 */
	public ZmtpMetadata put(String name, byte[] value) {
		Objects.requireNonNull(name, "'name' must not be null");
		Objects.requireNonNull(value, "'value' must not be null");
		if (name.isEmpty() || name.length() > MAX_NAME_SIZE) {
			throw new IllegalArgumentException(
					"'name' must have 1 to " + MAX_NAME_SIZE + " characters but had " + name.length());
		}
		for (int i = 0; i < name.length(); i++) {
			if (!isNameChar(name.charAt(i))) {
				throw new IllegalArgumentException(
						"'name' must consist of A-Z, a-z, 0-9, '-', '_', '.' and '+' but was '" + name + "'");
			}
		}
		String existing = findName(name);
		if (existing != null) {
			this.properties.remove(existing);
		}
		add(name, value);
		return this;
	}

	private static boolean isNameChar(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
				|| c == '.' || c == '+';
	}

	private void add(String name, byte[] value) {
		this.properties.put(name, value);
		this.names.put(name.toLowerCase(Locale.ROOT), name);
	}

	/**
	 * Adds a property whose value is a string, encoded as UTF-8 (ASCII for the standard properties).
	 * @param name 1 to 255 of the characters RFC 37 allows: letters, digits, {@code - _ . +}
	 * @param value the value
	 * @return this metadata
	 * @throws IllegalArgumentException if the name is empty, longer than 255 or has other characters
	 */
	public ZmtpMetadata put(String name, String value) {
		Objects.requireNonNull(value, "'value' must not be null");
		return put(name, value.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Returns the value of the property with the given name, in any case.
	 * @param name the property's name
	 * @return the value as held (not a copy), or {@code null} when there is no such property
	 */
	public byte @Nullable [] get(String name) {
		Objects.requireNonNull(name, "'name' must not be null");
		String key = findName(name);
		return (key != null) ? this.properties.get(key) : null;
	}

	/**
	 * Returns the value of the property with the given name, in any case, decoded as UTF-8 (malformed octets are
	 * replaced, never refused).
	 * @param name the property's name
	 * @return the value, or {@code null} when there is no such property
	 */
	public @Nullable String getString(String name) {
		byte[] value = get(name);
		return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
	}

	private @Nullable String findName(String name) {
		return this.names.get(name.toLowerCase(Locale.ROOT));
	}

	/**
	 * Returns the properties in order, with their names in their original case.
	 * @return an unmodifiable view
	 */
	public Map<String, byte[]> asMap() {
		return Collections.unmodifiableMap(this.properties);
	}

	/**
	 * Returns the number of properties.
	 * @return the number of properties
	 */
	public int size() {
		return this.properties.size();
	}

	/**
	 * Returns whether there are no properties.
	 * @return {@code true} when empty
	 */
	public boolean isEmpty() {
		return this.properties.isEmpty();
	}

	/**
	 * Encodes the properties in order: per property a one-octet name length, the name, a four-octet big-endian value
	 * length and the value.
	 * @return a new array, empty when there are no properties
	 */
	public byte[] encode() {
		ByteArrayOutputStream out = new ByteArrayOutputStream(encodedSize());
		for (Map.Entry<String, byte[]> property : this.properties.entrySet()) {
			byte[] name = property.getKey().getBytes(StandardCharsets.US_ASCII);
			byte[] value = property.getValue();
			out.write(name.length);
			out.write(name, 0, name.length);
			out.write(value.length >>> 24);
			out.write(value.length >>> 16);
			out.write(value.length >>> 8);
			out.write(value.length);
			out.write(value, 0, value.length);
		}
		return out.toByteArray();
	}

	private int encodedSize() {
		long size = 0;
		for (Map.Entry<String, byte[]> property : this.properties.entrySet()) {
			size += 1 + property.getKey().length() + 4 + property.getValue().length;
		}
		return (int) Math.min(size, Integer.MAX_VALUE - 8);
	}

	/**
	 * Parses properties from a region of an array, such as the data of a READY command. Every length is checked
	 * against the octets that remain before anything is allocated for it.
	 * @param data the array holding the properties
	 * @param offset where the first property starts
	 * @param length how many octets the properties take; 0 gives empty metadata
	 * @return the parsed metadata
	 * @throws ZmtpProtocolException {@link Reason#MALFORMED_METADATA} when a property is truncated, a name is empty,
	 * a value length exceeds the octets that remain, or a name appears twice (in any case)
	 * @throws IndexOutOfBoundsException if the region is not inside the array
	 */
	public static ZmtpMetadata parse(byte[] data, int offset, int length) {
		Objects.requireNonNull(data, "'data' must not be null");
		Objects.checkFromIndexSize(offset, length, data.length);
		ZmtpMetadata metadata = new ZmtpMetadata();
		int position = offset;
		int end = offset + length;
		while (position < end) {
			int nameSize = data[position++] & 0xFF;
			if (nameSize == 0) {
				throw malformed("property at offset " + (position - 1 - offset) + " has an empty name");
			}
			if (nameSize > end - position) {
				throw malformed("property name of " + nameSize + " bytes is truncated after " + (end - position));
			}
			// ISO-8859-1 keeps any octet the peer sent, so a strange name is visible rather than silently altered.
			String name = new String(data, position, nameSize, StandardCharsets.ISO_8859_1);
			position += nameSize;
			if (end - position < 4) {
				throw malformed("property '" + name + "' is truncated before its value length");
			}
			long valueSize = ((data[position] & 0xFFL) << 24) | ((data[position + 1] & 0xFF) << 16)
					| ((data[position + 2] & 0xFF) << 8) | (data[position + 3] & 0xFF);
			position += 4;
			if (valueSize > end - position) {
				throw malformed("property '" + name + "' declares a value of " + valueSize + " bytes but only "
						+ (end - position) + " remain");
			}
			if (metadata.findName(name) != null) {
				// libzmq keeps the first and checks some on every occurrence: refusing removes the ambiguity.
				throw malformed("property '" + name + "' appears more than once");
			}
			byte[] value = new byte[(int) valueSize];
			System.arraycopy(data, position, value, 0, value.length);
			position += value.length;
			metadata.add(name, value);
		}
		return metadata;
	}

	private static ZmtpProtocolException malformed(String message) {
		return new ZmtpProtocolException(Reason.MALFORMED_METADATA, "malformed metadata: " + message);
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("{");
		for (Map.Entry<String, byte[]> property : this.properties.entrySet()) {
			if (text.length() > 1) {
				text.append(", ");
			}
			text.append(property.getKey()).append('=').append(property.getValue().length).append(" bytes");
		}
		return text.append('}').toString();
	}

}
