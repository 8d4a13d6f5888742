package io.github.zmqspring.samples.rawtcp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.support.ZmqSockets;

/**
 * A line echo on the STREAM socket {@code zmq.sockets.echo} (declared in {@code application.yml}, opened here with a
 * handler). A STREAM socket receives {@code [connection id][bytes]}: the bytes are whatever TCP delivered (part of a
 * line, or several lines), and an empty frame means a client connected or disconnected. Sending
 * {@code [connection id][bytes]} writes raw bytes to that client. Lines are buffered per connection and each complete
 * line is answered with {@code "echo: <line>\n"}. The handler runs on the socket's owner thread, so the buffers need
 * no locking.
 */
@Component
class LineEchoServer implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(LineEchoServer.class);

	private static final HexFormat HEX = HexFormat.of();

	private final ZmqEngine engine;

	private final ZmqSockets sockets;

	private final Map<ByteBuffer, ByteArrayOutputStream> partialLines = new HashMap<>();

	private volatile ZmqSocket socket;

	LineEchoServer(ZmqEngine engine, ZmqSockets sockets) {
		this.engine = engine;
		this.sockets = sockets;
	}

	@Override
	public void start() {
		this.socket = this.engine.open(this.sockets.spec("echo"), this::onBytes);
		logger.info("Line echo listening on {}", this.socket.boundEndpoints());
	}

	private void onBytes(ZmqMessage message) {
		byte[] connection = message.frame(0);
		ByteBuffer key = ByteBuffer.wrap(connection);
		byte[] data = message.frame(1);
		if (data.length == 0) {
			if (this.partialLines.remove(key) != null) {
				logger.info("Client {} disconnected", HEX.formatHex(connection));
			}
			else {
				this.partialLines.put(key, new ByteArrayOutputStream());
				logger.info("Client {} connected", HEX.formatHex(connection));
			}
			return;
		}
		ByteArrayOutputStream line = this.partialLines.computeIfAbsent(key, (id) -> new ByteArrayOutputStream());
		for (byte b : data) {
			if (b != '\n') {
				line.write(b);
				continue;
			}
			String text = line.toString(StandardCharsets.UTF_8).stripTrailing();
			line.reset();
			logger.info("Client {} sent line: {}", HEX.formatHex(connection), text);
			this.socket.send(ZmqMessage.of(connection, ("echo: " + text + "\n").getBytes(StandardCharsets.UTF_8)));
		}
	}

	@Override
	public void stop() {
		ZmqSocket open = this.socket;
		if (open != null) {
			open.close();
			this.socket = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.socket != null;
	}

	/** Starts after the named sockets, stops before them. */
	@Override
	public int getPhase() {
		return ZmqSockets.PHASE + 1;
	}

}
