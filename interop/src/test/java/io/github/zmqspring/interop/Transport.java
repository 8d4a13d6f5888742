package io.github.zmqspring.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketEventListener;
import io.github.zmqspring.core.ZmqEngine;

/**
 * The transports the interoperability matrix runs over. {@code tcp} runs on whichever engine is the default;
 * {@code ipc} always runs on the ZMTP engine, the only one that speaks real {@code ipc://} (Unix domain sockets) with
 * libzmq (JeroMQ 0.6.0 fakes ipc over a hashed TCP port).
 */
enum Transport {

	/** {@code tcp://127.0.0.1} with a random free port. */
	TCP,

	/** {@code ipc://} on a socket file in a fresh temporary directory. */
	IPC;

	private static final AtomicInteger files = new AtomicInteger();

	/**
	 * An endpoint to bind: a random free port on 127.0.0.1, or a new socket file under {@code dir}.
	 * @param dir the temporary directory for socket files
	 * @return the endpoint
	 */
	String bindEndpoint(Path dir) {
		return (this == TCP) ? "tcp://127.0.0.1:*" : "ipc://" + dir.resolve("s" + files.incrementAndGet() + ".sock");
	}

	/**
	 * An endpoint nobody listens on yet, to connect to before a peer binds it: a port the kernel just handed out and
	 * released, or a new socket file under {@code dir}.
	 * @param dir the temporary directory for socket files
	 * @return the endpoint
	 */
	String unusedEndpoint(Path dir) {
		if (this == IPC) {
			return bindEndpoint(dir);
		}
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return "tcp://127.0.0.1:" + socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Builds an engine for this transport.
	 * @param name the engine name
	 * @param listener the engine's event listener
	 * @return a new engine
	 */
	ZmqEngine newEngine(String name, SocketEventListener listener) {
		return ZmqEngine.builder().name(name + "-" + name().toLowerCase()).eventListener(listener).build();
	}

	/**
	 * The endpoint a peer connects to for a socket bound on this transport.
	 * @param socket a socket bound once
	 * @return its actual endpoint
	 */
	static String endpointOf(ManagedSocket socket) {
		return socket.boundEndpoints().get(0);
	}

}
