package io.github.zmqspring.samples.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The main demo: request/reply, the weather feed, a pipeline and a broker, each through {@code @ZmqListener} and
 * {@code ZmqTemplate} on real sockets (tcp on 127.0.0.1, free ports picked at start-up), in one process. It prints
 * what happens and a summary, then exits: status 0 when every pattern worked.
 */
@SpringBootApplication
public class DemoApplication {

	/**
	 * Runs the demo and exits with its status.
	 * @param args Spring Boot arguments
	 */
	public static void main(String[] args) {
		System.exit(run(args));
	}

	/**
	 * Runs the demo in a fresh application context, closed afterwards.
	 * @param args Spring Boot arguments
	 * @return 0 when every pattern worked, 1 otherwise
	 */
	static int run(String... args) {
		SpringApplication application = new SpringApplication(DemoApplication.class);
		Map<String, Object> ports = new LinkedHashMap<>();
		for (String name : new String[] { "hello", "weather", "tasks", "results", "frontend", "backend" }) {
			ports.put("demo." + name + "-port", freePort());
		}
		application.setDefaultProperties(ports);
		ConfigurableApplicationContext context = application.run(args);
		DemoRunner runner = context.getBean(DemoRunner.class);
		return SpringApplication.exit(context, () -> runner.succeeded() ? 0 : 1);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no free TCP port on this machine", ex);
		}
	}

}
