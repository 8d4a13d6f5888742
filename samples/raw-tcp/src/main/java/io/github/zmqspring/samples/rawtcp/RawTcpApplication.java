package io.github.zmqspring.samples.rawtcp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * ZeroMQ talking to a peer that does not speak ZeroMQ: a STREAM socket ({@link LineEchoServer}) serves a line echo to
 * plain TCP clients ({@code nc}, telnet, Python's {@code socket}), and {@link PlainTcpClient} is such a client.
 * <p>
 * {@code mvn -pl samples/raw-tcp -am spring-boot:run} runs both and exits when the client is done; the {@code server}
 * profile runs only the server (port 5570), kept running: {@code nc localhost 5570}.
 */
@SpringBootApplication
public class RawTcpApplication {

	/**
	 * Starts the sample.
	 * @param args command-line arguments (Spring Boot properties such as {@code --echo.port=5570})
	 */
	public static void main(String[] args) {
		SpringApplication.run(RawTcpApplication.class, args);
	}

}
