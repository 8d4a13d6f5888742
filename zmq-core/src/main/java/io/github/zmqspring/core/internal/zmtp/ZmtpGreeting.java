package io.github.zmqspring.core.internal.zmtp;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException.Reason;

/**
 * The 64-octet ZMTP 3 greeting: signature ({@code FF}, 8 padding octets, {@code 7F}), version, mechanism, as-server
 * flag and filler. Strict on output, lenient on input: the padding octets are not significant (libzmq writes its
 * routing-id length plus one there), the filler and the as-server flag are never checked (libzmq always writes 0 and
 * never reads it), and a major version above 3 is treated as 3.1.
 * <p>
 * A parsed greeting is immutable.
 */
public final class ZmtpGreeting {

	/** The size of a greeting in octets. */
	public static final int SIZE = 64;

	/** The number of octets after which the ZMTP 1.0 check can be made: the whole signature. */
	public static final int SIGNATURE_SIZE = 10;

	/** The major version we speak. */
	public static final int MAJOR = 3;

	/** The minor version we speak. */
	public static final int MINOR = 1;

	private static final int MAJOR_OFFSET = 10;

	private static final int MINOR_OFFSET = 11;

	private static final int MECHANISM_OFFSET = 12;

	private static final int MECHANISM_SIZE = 20;

	private static final int AS_SERVER_OFFSET = 32;

	private final int major;

	private final int minor;

	private final String mechanism;

	private final boolean asServer;

	private ZmtpGreeting(int major, int minor, String mechanism, boolean asServer) {
		this.major = major;
		this.minor = minor;
		this.mechanism = mechanism;
		this.asServer = asServer;
	}

	/**
	 * Encodes our greeting: {@code FF}, 8 zero octets, {@code 7F}, version 3.1, the mechanism NUL-padded to 20 octets,
	 * the as-server octet and 31 zero octets. It is meant to be sent whole, at once.
	 * @param mechanism the security mechanism, such as {@code NULL}, {@code PLAIN} or {@code CURVE}: 1 to 20 of the
	 * characters RFC 23 allows ({@code A-Z}, digits, {@code - _ . +})
	 * @param asServer whether we act as the server of the mechanism
	 * @return a new array of {@value #SIZE} octets
	 * @throws IllegalArgumentException if the mechanism name is empty, too long or has other characters
	 */
	public static byte[] encode(String mechanism, boolean asServer) {
		Objects.requireNonNull(mechanism, "'mechanism' must not be null");
		if (mechanism.isEmpty() || mechanism.length() > MECHANISM_SIZE) {
			throw new IllegalArgumentException(
					"'mechanism' must have 1 to " + MECHANISM_SIZE + " characters but was '" + mechanism + "'");
		}
		byte[] greeting = new byte[SIZE];
		greeting[0] = (byte) 0xFF;
		greeting[9] = 0x7F;
		greeting[MAJOR_OFFSET] = MAJOR;
		greeting[MINOR_OFFSET] = MINOR;
		for (int i = 0; i < mechanism.length(); i++) {
			char c = mechanism.charAt(i);
			if (!isMechanismChar(c)) {
				throw new IllegalArgumentException("'mechanism' must consist of A-Z, 0-9, '-', '_', '.' and '+' but was '"
						+ mechanism + "'");
			}
			greeting[MECHANISM_OFFSET + i] = (byte) c;
		}
		greeting[AS_SERVER_OFFSET] = (byte) (asServer ? 1 : 0);
		return greeting;
	}

	private static boolean isMechanismChar(char c) {
		return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '+';
	}

	/**
	 * Checks the first octets of a peer's greeting as they arrive, so that a peer that does not speak ZMTP 3 is
	 * refused before it has sent all 64 octets (a ZMTP 1.0 peer never does). Checks the first octet as soon as there
	 * is one, octet 9's bit 0 once there are 10 and the major version once there are 11. The padding octets 1 to 8,
	 * the mechanism, the as-server flag and the filler are not checked here.
	 * @param received the octets received so far, from index 0
	 * @param length how many octets of {@code received} are valid, 0 to {@value #SIZE}
	 * @throws ZmtpProtocolException {@link Reason#NOT_ZMTP} if the first octet is not {@code FF},
	 * {@link Reason#UNSUPPORTED_VERSION} for a ZMTP 1.0 or 2.0 peer
	 * @throws IndexOutOfBoundsException if {@code length} is negative, above {@value #SIZE} or beyond the array
	 */
	public static void checkPrefix(byte[] received, int length) {
		Objects.requireNonNull(received, "'received' must not be null");
		Objects.checkFromIndexSize(0, length, Math.min(received.length, SIZE));
		if (length >= 1 && received[0] != (byte) 0xFF) {
			throw new ZmtpProtocolException(Reason.NOT_ZMTP, String.format(
					"peer does not speak ZMTP: its greeting starts with 0x%02X instead of 0xFF", received[0] & 0xFF));
		}
		if (length >= SIGNATURE_SIZE && (received[9] & 0x01) == 0) {
			// A ZMTP 1.0 peer with an identity of 255 octets or more starts with FF too; its octet 9 is the
			// identity frame's flags, whose bit 0 is clear, while the 3.x signature's 7F has it set.
			throw new ZmtpProtocolException(Reason.UNSUPPORTED_VERSION,
					"peer speaks ZMTP 1.0, which is not supported (ZMTP 3.0 or later required)");
		}
		if (length > MAJOR_OFFSET && (received[MAJOR_OFFSET] & 0xFF) < MAJOR) {
			int major = received[MAJOR_OFFSET] & 0xFF;
			// Revision 1 is how ZMTP 2.0 announces itself; 0 would be 1.0 in the 2.0 signature format.
			String version = (major == 1) ? "2.0" : (major == 0) ? "1.0" : "major version " + major;
			throw new ZmtpProtocolException(Reason.UNSUPPORTED_VERSION,
					"peer speaks ZMTP " + version + ", which is not supported (ZMTP 3.0 or later required)");
		}
	}

	/**
	 * Parses a peer's complete greeting, checking it as {@link #checkPrefix(byte[], int)} does.
	 * @param greeting exactly {@value #SIZE} octets
	 * @return the parsed greeting
	 * @throws ZmtpProtocolException as {@link #checkPrefix(byte[], int)}
	 * @throws IllegalArgumentException if the array does not hold exactly {@value #SIZE} octets
	 */
	public static ZmtpGreeting parse(byte[] greeting) {
		Objects.requireNonNull(greeting, "'greeting' must not be null");
		if (greeting.length != SIZE) {
			throw new IllegalArgumentException(
					"'greeting' must have " + SIZE + " octets but had " + greeting.length);
		}
		checkPrefix(greeting, SIZE);
		int end = MECHANISM_OFFSET;
		while (end < MECHANISM_OFFSET + MECHANISM_SIZE && greeting[end] != 0) {
			end++;
		}
		// ISO-8859-1 maps each octet to one char, so a garbled name still shows up octet for octet in a mismatch.
		String mechanism = new String(greeting, MECHANISM_OFFSET, end - MECHANISM_OFFSET, StandardCharsets.ISO_8859_1);
		return new ZmtpGreeting(greeting[MAJOR_OFFSET] & 0xFF, greeting[MINOR_OFFSET] & 0xFF, mechanism,
				greeting[AS_SERVER_OFFSET] != 0);
	}

	/**
	 * Returns the peer's major version, 3 or more.
	 * @return the major version
	 */
	public int major() {
		return this.major;
	}

	/**
	 * Returns the peer's minor version: 0 for ZMTP 3.0 peers (libzmq up to 4.3.2, JeroMQ 0.6.0), 1 for 3.1.
	 * @return the minor version
	 */
	public int minor() {
		return this.minor;
	}

	/**
	 * Returns whether the peer follows ZMTP 3.1's rules: minor version 1 or more, or any major version above 3. A 3.0
	 * peer expects subscriptions as {@code 01}/{@code 00}-prefixed data frames and knows no PING/PONG.
	 * @return {@code true} for 3.1 rules, {@code false} for 3.0 rules
	 */
	public boolean zmtp31() {
		return this.major > MAJOR || this.minor >= 1;
	}

	/**
	 * Returns the peer's security mechanism without its NUL padding.
	 * @return the mechanism name, possibly empty if the peer sent none
	 */
	public String mechanism() {
		return this.mechanism;
	}

	/**
	 * Returns the peer's as-server flag. Informational only: libzmq always sends 0 and roles come from local options.
	 * @return whether the as-server octet was non-zero
	 */
	public boolean asServer() {
		return this.asServer;
	}

	/**
	 * Checks that the peer uses the same security mechanism as we do.
	 * @param local our mechanism, such as {@code NULL}
	 * @throws ZmtpProtocolException {@link Reason#MECHANISM_MISMATCH} if the mechanisms differ (exact comparison, as
	 * libzmq makes it)
	 */
	public void checkMechanism(String local) {
		Objects.requireNonNull(local, "'local' must not be null");
		if (!local.equals(this.mechanism)) {
			throw new ZmtpProtocolException(Reason.MECHANISM_MISMATCH,
					"peer uses security mechanism '" + this.mechanism + "' but this socket uses '" + local + "'");
		}
	}

	@Override
	public String toString() {
		return "ZMTP " + this.major + "." + this.minor + " " + this.mechanism + (this.asServer ? " as-server" : "");
	}

}
