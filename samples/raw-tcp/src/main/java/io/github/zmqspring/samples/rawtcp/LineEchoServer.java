package io.github.zmqspring.samples.rawtcp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.support.ZmqHeaders;

/**
 * A line echo on the STREAM socket {@code zmq.sockets.echo} (declared in {@code application.yml}): one
 * {@code @ZmqListener} method. A STREAM listener gets the bytes TCP delivered (part of a line, or several lines;
 * empty when a client connects or disconnects) with the connection's id in the {@code zmq_routingId} header, and what
 * it returns is written to that connection as raw bytes. Lines are buffered per connection; each complete line is
 * answered with {@code "echo: <line>\n"}. The listener runs on the socket's owner thread (concurrency 1), so the
 * buffers need no locking.
 */
@Component
class LineEchoServer {

	private static final Logger logger = LoggerFactory.getLogger(LineEchoServer.class);

	private static final HexFormat HEX = HexFormat.of();

	private final Map<ByteBuffer, ByteArrayOutputStream> partialLines = new HashMap<>();

	@ZmqListener(id = "line-echo", socket = "echo")
	@Nullable String onBytes(@Payload(required = false) byte @Nullable [] data,
			@Header(ZmqHeaders.ROUTING_ID) byte[] connection) {
		ByteBuffer key = ByteBuffer.wrap(connection);
		if (data == null || data.length == 0) {
			if (this.partialLines.remove(key) != null) {
				logger.info("Client {} disconnected", HEX.formatHex(connection));
			}
			else {
				this.partialLines.put(key, new ByteArrayOutputStream());
				logger.info("Client {} connected", HEX.formatHex(connection));
			}
			return null;
		}
		ByteArrayOutputStream line = this.partialLines.computeIfAbsent(key, (id) -> new ByteArrayOutputStream());
		StringBuilder answers = new StringBuilder();
		for (byte b : data) {
			if (b != '\n') {
				line.write(b);
				continue;
			}
			String text = line.toString(StandardCharsets.UTF_8).stripTrailing();
			line.reset();
			logger.info("Client {} sent line: {}", HEX.formatHex(connection), text);
			answers.append("echo: ").append(text).append('\n');
		}
		return (answers.length() > 0) ? answers.toString() : null;
	}

}
