package io.github.zmqspring.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;

/**
 * TCP helpers of the {@link TcpFaultProxy}: reading a ZeroMQ {@code tcp://} endpoint as an address, and resetting a
 * socket.
 */
final class TcpEndpoints {

	private TcpEndpoints() {
	}

	/** Closes a socket abruptly: an RST instead of a FIN. */
	static void reset(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
			socket.close();
		}
		catch (SocketException ex) {
			closeQuietly(socket);
		}
		catch (IOException ex) {
			// already closed
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	/**
	 * Reads {@code tcp://host:port} or {@code host:port}; a wildcard host is the loopback address.
	 * @throws IllegalArgumentException when it is not TCP or has no actual port
	 */
	static InetSocketAddress parse(String target) {
		String address = target.startsWith("tcp://") ? target.substring("tcp://".length()) : target;
		int colon = address.lastIndexOf(':');
		if ((target.contains("://") && !target.startsWith("tcp://")) || colon <= 0) {
			throw new IllegalArgumentException("The fault proxy forwards TCP only: '" + target + "' is not "
					+ "tcp://host:port (bind the peer with tcp://127.0.0.1:* and pass its endpoint())");
		}
		String host = address.substring(0, colon);
		int port;
		try {
			port = Integer.parseInt(address.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			port = -1;
		}
		if (port <= 0 || port > 65535) {
			throw new IllegalArgumentException("The fault proxy needs the target's actual port: '" + target + "' has "
					+ "none (for a peer bound to a random port, pass its endpoint(), which resolves it)");
		}
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		if (host.equals("*") || host.equals("0.0.0.0")) {
			return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
		}
		if (host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
			host = "::1";
		}
		return new InetSocketAddress(host, port);
	}

}
