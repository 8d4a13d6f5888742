package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ZAP request (RFC 27), as a server mechanism asks it: the frames after the empty delimiter of the request that a
 * handler on {@code inproc://zeromq.zap.01} would read. Wire-invisible: the peer never sees it.
 *
 * @param version always {@value #VERSION}
 * @param requestId unique among the requests of this JVM, echoed by the reply
 * @param domain the server socket's ZAP domain, possibly empty
 * @param address the peer's address (libzmq sends the IP address)
 * @param identity the server socket's own routing id, possibly empty (libzmq sends its {@code ZMQ_ROUTING_ID})
 * @param mechanism {@code PLAIN} or {@code CURVE}
 * @param credentials PLAIN: user name and password; CURVE: the client's 32-octet permanent public key
 */
public record ZapRequest(String version, String requestId, String domain, String address, byte[] identity,
		String mechanism, List<byte[]> credentials) {

	/** The ZAP version of requests and replies. */
	public static final String VERSION = "1.0";

	private static final AtomicLong REQUEST_IDS = new AtomicLong();

	/**
	 * Checks the parts and copies the list of credentials.
	 * @param version always {@value #VERSION}
	 * @param requestId the request id
	 * @param domain the ZAP domain
	 * @param address the peer's address
	 * @param identity the server socket's routing id
	 * @param mechanism the mechanism
	 * @param credentials the credentials frames
	 */
	public ZapRequest {
		Objects.requireNonNull(version, "'version' must not be null");
		Objects.requireNonNull(requestId, "'requestId' must not be null");
		Objects.requireNonNull(domain, "'domain' must not be null");
		Objects.requireNonNull(address, "'address' must not be null");
		Objects.requireNonNull(identity, "'identity' must not be null");
		Objects.requireNonNull(mechanism, "'mechanism' must not be null");
		credentials = List.copyOf(credentials);
	}

	static ZapRequest of(String domain, String address, byte[] identity, String mechanism, byte[]... credentials) {
		return new ZapRequest(VERSION, Long.toString(REQUEST_IDS.incrementAndGet()), domain, address, identity,
				mechanism, List.of(credentials));
	}

	/**
	 * Returns a credentials frame as text, such as a PLAIN user name.
	 * @param index the frame's index
	 * @return the frame decoded as UTF-8
	 */
	public String credential(int index) {
		return new String(this.credentials.get(index), StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		// Never the credentials: a PLAIN password must not end up in a log.
		return "ZapRequest[" + this.mechanism + ", id " + this.requestId + ", domain '" + this.domain + "', address "
				+ this.address + ", " + this.credentials.size() + " credentials frames]";
	}

}
