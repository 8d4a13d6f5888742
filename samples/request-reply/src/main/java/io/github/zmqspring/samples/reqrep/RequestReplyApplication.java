package io.github.zmqspring.samples.reqrep;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Request/reply hello world, as in the ZeroMQ guide's {@code hwserver}/{@code hwclient}: a REP server
 * ({@link HelloServer}, a {@code @ZmqListener}) answers every request, and a few clients ({@link HelloClients}, each
 * on its own REQ socket through {@code ZmqTemplate.request}) send requests at the same time and are served fairly.
 * <p>
 * Run both sides (exits when the clients are done): {@code mvn -pl samples/request-reply -am spring-boot:run}.
 * Only the server, kept running for a pyzmq REQ client: add {@code -Dspring-boot.run.profiles=server}. Only the
 * clients, against a pyzmq REP server on port 5555: {@code -Dspring-boot.run.profiles=client}.
 */
@SpringBootApplication
public class RequestReplyApplication {

	/**
	 * Starts the sample.
	 * @param args command-line arguments (Spring Boot properties such as {@code --hello.port=5555})
	 */
	public static void main(String[] args) {
		SpringApplication.run(RequestReplyApplication.class, args);
	}

}
