package io.github.zmqspring.core.internal.engine;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

import io.github.zmqspring.core.ZmqException;

/**
 * A parsed endpoint: {@code tcp://host:port}, {@code ipc://path} or {@code inproc://name}.
 * @param transport the transport
 * @param host the tcp host ({@code *} for every interface), or {@code null}
 * @param port the tcp port (0 for a random one on bind)
 * @param path the ipc path or inproc name
 */
record Address(Transport transport, String host, int port, String path) {

	/** The transports. */
	enum Transport {
		TCP, IPC, INPROC
	}

	/**
	 * Parses an endpoint.
	 * @param socket the socket's name, for messages
	 * @param endpoint the endpoint
	 * @param bind whether it is for a bind (wildcards allowed)
	 * @return the address
	 * @throws ZmqException when the endpoint is invalid or unsupported
	 */
	static Address parse(String socket, String endpoint, boolean bind) {
		if (endpoint.startsWith("inproc://")) {
			return new Address(Transport.INPROC, "", 0, endpoint.substring("inproc://".length()));
		}
		if (endpoint.startsWith("ipc://")) {
			String path = endpoint.substring("ipc://".length());
			if (path.startsWith("@")) {
				throw new ZmqException("socket '" + socket + "': " + endpoint + " is in the Linux abstract namespace, "
						+ "which Java cannot reach; use a file path such as ipc:///tmp/" + path.substring(1) + ".sock");
			}
			if (path.isEmpty() || path.equals("*")) {
				throw new ZmqException("socket '" + socket + "': " + endpoint + " needs a file path (ipc:///tmp/name.sock)");
			}
			return new Address(Transport.IPC, "", 0, path);
		}
		if (!endpoint.startsWith("tcp://")) {
			throw new ZmqException("socket '" + socket + "': '" + endpoint
					+ "' has an unsupported transport (expected tcp://host:port, ipc://path or inproc://name)");
		}
		String rest = endpoint.substring("tcp://".length());
		int colon = rest.lastIndexOf(':');
		if (colon <= 0) {
			throw new ZmqException("socket '" + socket + "': '" + endpoint + "' has no port (expected tcp://host:port)");
		}
		String host = rest.substring(0, colon);
		String portText = rest.substring(colon + 1);
		int semicolon = host.indexOf(';');
		if (semicolon >= 0) {
			// libzmq's "source;destination" form: only the destination matters here.
			host = host.substring(semicolon + 1);
		}
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		int port;
		if (portText.equals("*") || portText.equals("!")) {
			if (!bind) {
				throw new ZmqException("socket '" + socket + "': '" + endpoint + "' needs a numeric port to connect to");
			}
			port = 0;
		}
		else {
			try {
				port = Integer.parseInt(portText);
			}
			catch (NumberFormatException ex) {
				throw new ZmqException("socket '" + socket + "': '" + endpoint + "' has an invalid port '" + portText + "'");
			}
			if (port < 0 || port > 65535 || (!bind && port == 0)) {
				throw new ZmqException("socket '" + socket + "': '" + endpoint + "' has an invalid port " + port);
			}
		}
		if (!bind && host.equals("*")) {
			throw new ZmqException("socket '" + socket + "': '" + endpoint + "' needs a host to connect to");
		}
		return new Address(Transport.TCP, host, port, "");
	}

	/** @return the JDK socket address (resolving the tcp host now) */
	SocketAddress socketAddress() {
		return switch (this.transport) {
			case TCP -> new InetSocketAddress(this.host.equals("*") ? "0.0.0.0" : this.host, this.port);
			case IPC -> UnixDomainSocketAddress.of(Path.of(this.path));
			case INPROC -> throw new IllegalStateException("inproc has no socket address");
		};
	}

	/** @return the protocol family of the channel to open */
	StandardProtocolFamily family() {
		if (this.transport == Transport.IPC) {
			return StandardProtocolFamily.UNIX;
		}
		SocketAddress address = socketAddress();
		return (address instanceof InetSocketAddress inet && inet.getAddress() instanceof java.net.Inet6Address)
				? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
	}

	/**
	 * The endpoint text of a bound or peer address.
	 * @param address the JDK address
	 * @return e.g. {@code tcp://127.0.0.1:5556} or {@code ipc:///tmp/x.sock}
	 */
	static String format(SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			String host = inet.getAddress().getHostAddress();
			if (inet.getAddress() instanceof java.net.Inet6Address) {
				int zone = host.indexOf('%');
				host = "[" + ((zone >= 0) ? host.substring(0, zone) : host) + "]";
			}
			return "tcp://" + host + ":" + inet.getPort();
		}
		if (address instanceof UnixDomainSocketAddress unix) {
			return "ipc://" + unix.getPath();
		}
		return String.valueOf(address);
	}

}
