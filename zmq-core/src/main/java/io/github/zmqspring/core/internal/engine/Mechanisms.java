package io.github.zmqspring.core.internal.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSecurity;
import io.github.zmqspring.core.ZmqSocketSpec;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism;

/**
 * What a connection's handshake is made of: the security mechanism of its socket's spec (NULL, PLAIN or CURVE, as
 * client or server), its own READY metadata, and the decoder limits the mechanism needs. Stateless.
 */
final class Mechanisms {

	/** Handshake commands other than a PUB's SUBSCRIBE. */
	static final int MAX_COMMAND_SIZE = 64 * 1024;

	/** The largest INITIATE or READY metadata accepted from a peer, in octets. */
	static final int MAX_METADATA_SIZE = ZmtpMechanism.DEFAULT_MAX_METADATA_SIZE;

	/** A CURVE MESSAGE box around a frame: command name, short nonce, Poly1305 tag and the flags octet. */
	private static final int CURVE_BOX_OVERHEAD = 33;

	/** A CURVE INITIATE without its metadata (RFC 26: 257 octets and the metadata). */
	private static final int CURVE_INITIATE_SIZE = 257;

	/** A PLAIN INITIATE without its metadata: name length and name. */
	private static final int PLAIN_INITIATE_SIZE = 9;

	private Mechanisms() {
	}

	/**
	 * The mechanism of one connection.
	 * @param socket the socket
	 * @param accepted whether the connection was accepted (the NULL mechanism's server side)
	 * @param channel the channel, for the peer's IP in ZAP requests
	 * @return a fresh mechanism
	 */
	static ZmtpMechanism create(EngineSocket socket, boolean accepted, SocketChannel channel) {
		ZmqSocketSpec spec = socket.spec;
		ZmtpMetadata local = readyMetadata(socket.type, spec);
		ZmqSecurity security = socket.security;
		if (security == null) {
			return ZmtpMechanism.nullMechanism(local, accepted, MAX_METADATA_SIZE);
		}
		String domain = ZmtpDriver.zapDomain(spec);
		return switch (security.mechanism()) {
			case CURVE_SERVER -> ZmtpMechanism.curveServer(local, key(security.publicKey()), key(security.secretKey()),
					domain, peerIp(channel), MAX_METADATA_SIZE);
			case CURVE_CLIENT -> ZmtpMechanism.curveClient(local, key(security.publicKey()), key(security.secretKey()),
					key(security.serverKey()), MAX_METADATA_SIZE);
			case PLAIN_SERVER -> ZmtpMechanism.plainServer(local, domain, peerIp(channel), MAX_METADATA_SIZE);
			case PLAIN_CLIENT -> ZmtpMechanism.plainClient(local, Objects.requireNonNull(security.username()),
					Objects.requireNonNull(security.password()), MAX_METADATA_SIZE);
		};
	}

	/**
	 * Our READY metadata: {@code Socket-Type}, and {@code Identity} for REQ, DEALER and ROUTER (empty when unset), as
	 * libzmq sends them.
	 */
	static ZmtpMetadata readyMetadata(SocketType wire, ZmqSocketSpec spec) {
		ZmtpMetadata metadata = new ZmtpMetadata();
		metadata.put(ZmtpMetadata.SOCKET_TYPE, wire.name().getBytes(StandardCharsets.US_ASCII));
		if (wire == SocketType.REQ || wire == SocketType.DEALER || wire == SocketType.ROUTER) {
			byte[] id = spec.routingId();
			metadata.put(ZmtpMetadata.IDENTITY, (id != null) ? id : new byte[0]);
		}
		return metadata;
	}

	/**
	 * The largest command a peer may send: small, except SUBSCRIBE to a PUB/XPUB (as long as the peer's subscription
	 * budget) and the PLAIN/CURVE handshake commands (their metadata).
	 */
	static int maxCommandSize(EngineSocket socket, @Nullable ZmtpMechanism mechanism) {
		long max = socket.takesSubscriptionMessages()
				? Math.min(Integer.MAX_VALUE - 8L, Math.max(MAX_COMMAND_SIZE, socket.spec.maxSubscriptionBytes() + 64))
				: MAX_COMMAND_SIZE;
		if (mechanism != null && mechanism.encrypts()) {
			max = Math.max(max, CURVE_INITIATE_SIZE + MAX_METADATA_SIZE);
		}
		else if (mechanism != null && mechanism.name().equals("PLAIN")) {
			max = Math.max(max, PLAIN_INITIATE_SIZE + MAX_METADATA_SIZE);
		}
		return (int) max;
	}

	/** The largest frame a peer may send: the spec's, plus a CURVE box's overhead. */
	static long maxFrameSize(ZmqSocketSpec spec, @Nullable ZmtpMechanism mechanism) {
		return spec.maxMessageSize() + ((mechanism != null && mechanism.encrypts()) ? CURVE_BOX_OVERHEAD : 0);
	}

	private static byte[] key(byte @Nullable [] key) {
		// ZmqSecurity's factories guarantee the keys of each mechanism.
		return Objects.requireNonNull(key, "a CURVE key is missing");
	}

	/** @return the peer's IP address, as libzmq puts it in ZAP requests; empty for ipc */
	static String peerIp(SocketChannel channel) {
		try {
			SocketAddress remote = channel.getRemoteAddress();
			if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
				return inet.getAddress().getHostAddress();
			}
		}
		catch (IOException ex) {
			// closed already: the handshake fails on its own
		}
		return "";
	}

	/** @return the IP part of a {@code tcp://ip:port} peer address, as ZAP and JeroMQ's events name the peer */
	static String peerIpOf(String address) {
		String rest = address.startsWith("tcp://") ? address.substring("tcp://".length()) : address;
		int colon = rest.lastIndexOf(':');
		String host = (colon > 0 && address.startsWith("tcp://")) ? rest.substring(0, colon) : rest;
		return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
	}

}
