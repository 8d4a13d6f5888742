package io.github.zmqspring.samples.rawtcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * A client that knows nothing about ZeroMQ: a {@link java.net.Socket} that writes a few lines (the last two in one
 * write, so that the server sees them in one TCP read) and reads the echoes. Disabled with
 * {@code echo.client.enabled=false}.
 */
@Component
@ConditionalOnBooleanProperty(name = "echo.client.enabled", matchIfMissing = true)
class PlainTcpClient implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(PlainTcpClient.class);

	private final String host;

	private final int port;

	PlainTcpClient(@Value("${echo.host}") String host, @Value("${echo.port}") int port) {
		this.host = host;
		this.port = port;
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		try (Socket socket = new Socket(this.host, this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			for (String chunk : List.of("hello\n", "ZeroMQ, meet plain TCP\n", "one\ntwo\n")) {
				out.write(chunk.getBytes(StandardCharsets.UTF_8));
				out.flush();
				for (int i = 0; i < chunk.chars().filter((c) -> c == '\n').count(); i++) {
					logger.info("Plain TCP client received: {}", in.readLine());
				}
			}
		}
		logger.info("Raw TCP sample done");
	}

}
