package io.github.zmqspring.core.internal.zmtp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.github.zmqspring.core.internal.zmtp.ZmtpProtocolException.Reason;

/**
 * Which socket types may talk to which, as RFC 37 lists them: REQ with REP and ROUTER; REP with REQ and DEALER; DEALER
 * with REP, DEALER and ROUTER; ROUTER with REQ, DEALER and ROUTER; PUB and XPUB with SUB and XSUB; SUB and XSUB with
 * PUB and XPUB; PUSH with PULL; PAIR with PAIR. STREAM speaks no ZMTP and is not listed. Stateless.
 */
public final class ZmtpSocketTypes {

	private static final Map<String, Set<String>> PEERS = Map.ofEntries(
			Map.entry("REQ", Set.of("REP", "ROUTER")),
			Map.entry("REP", Set.of("REQ", "DEALER")),
			Map.entry("DEALER", Set.of("REP", "DEALER", "ROUTER")),
			Map.entry("ROUTER", Set.of("REQ", "DEALER", "ROUTER")),
			Map.entry("PUB", Set.of("SUB", "XSUB")),
			Map.entry("XPUB", Set.of("SUB", "XSUB")),
			Map.entry("SUB", Set.of("PUB", "XPUB")),
			Map.entry("XSUB", Set.of("PUB", "XPUB")),
			Map.entry("PUSH", Set.of("PULL")),
			Map.entry("PULL", Set.of("PUSH")),
			Map.entry("PAIR", Set.of("PAIR")));

	private static final String KNOWN = String.join(", ", new TreeSet<>(PEERS.keySet()));

	private ZmtpSocketTypes() {
	}

	/**
	 * Returns whether the given name is a socket type that speaks ZMTP.
	 * @param type a socket type name, upper case as in {@code DEALER}
	 * @return {@code true} for the eleven ZMTP socket types
	 */
	public static boolean isKnown(String type) {
		Objects.requireNonNull(type, "'type' must not be null");
		return PEERS.containsKey(type);
	}

	/**
	 * Returns whether a socket of the local type may talk to a peer of the given type.
	 * @param local our socket type, upper case as in {@code DEALER}
	 * @param peer the peer's socket type as it announced it, compared case-insensitively
	 * @return {@code true} when RFC 37 allows the pair
	 * @throws IllegalArgumentException if the local type is not a ZMTP socket type
	 */
	public static boolean compatible(String local, String peer) {
		Objects.requireNonNull(peer, "'peer' must not be null");
		return peersOf(local).contains(peer.toUpperCase(Locale.ROOT));
	}

	/**
	 * Checks the socket type a peer announced in its READY. A READY without {@link ZmtpMetadata#SOCKET_TYPE} is
	 * accepted, as libzmq accepts it.
	 * @param localType our socket type, upper case as in {@code DEALER}
	 * @param peer the peer's READY metadata
	 * @throws ZmtpProtocolException {@link Reason#INCOMPATIBLE_SOCKET_TYPE} when the peer's type cannot talk to ours
	 * @throws IllegalArgumentException if the local type is not a ZMTP socket type
	 */
	public static void checkReady(String localType, ZmtpMetadata peer) {
		Objects.requireNonNull(peer, "'peer' must not be null");
		Set<String> peers = peersOf(localType);
		byte[] value = peer.get(ZmtpMetadata.SOCKET_TYPE);
		if (value == null) {
			return;
		}
		String peerType = new String(value, StandardCharsets.ISO_8859_1);
		if (!peers.contains(peerType.toUpperCase(Locale.ROOT))) {
			throw new ZmtpProtocolException(Reason.INCOMPATIBLE_SOCKET_TYPE, "a " + localType
					+ " socket cannot talk to a " + printable(peerType) + " peer (it accepts " + String.join(", ",
							new TreeSet<>(peers)) + ")");
		}
	}

	private static Set<String> peersOf(String local) {
		Objects.requireNonNull(local, "'local' must not be null");
		Set<String> peers = PEERS.get(local);
		if (peers == null) {
			throw new IllegalArgumentException("'" + local + "' is not a ZMTP socket type (expected one of " + KNOWN + ")");
		}
		return peers;
	}

	private static String printable(String type) {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < type.length() && i < 32; i++) {
			char c = type.charAt(i);
			text.append((c > 0x20 && c < 0x7F) ? c : '?');
		}
		return (type.length() > 32) ? text.append("...").toString() : text.toString();
	}

}
