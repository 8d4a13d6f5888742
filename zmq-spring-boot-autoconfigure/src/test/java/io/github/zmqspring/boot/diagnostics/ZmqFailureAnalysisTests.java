package io.github.zmqspring.boot.diagnostics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.handler.annotation.SendTo;

import io.github.zmqspring.annotation.ZmqListener;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.template.ZmqTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Start-up failures as a user sees them: a real {@link SpringApplication} run, so that Spring Boot's failure
 * analyzers run and print the "APPLICATION FAILED TO START" report, with the property's origin (file and line).
 */
@ExtendWith(OutputCaptureExtension.class)
class ZmqFailureAnalysisTests {

	@Nested
	class AddressInUse {

		@Test
		void aDeclaredSocketNamesTheEndpointThePropertyItsOriginAndTheAction(CapturedOutput output) throws IOException {
			try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
				int port = taken.getLocalPort();
				assertThatException().isThrownBy(() -> run(Empty.class, "address-in-use", "--test.taken-port=" + port));
				assertThat(output).contains("APPLICATION FAILED TO START")
					.contains("ZeroMQ socket 'feed' could not bind tcp://127.0.0.1:" + port
							+ ": the address is already in use.")
					.containsPattern("The endpoint is configured by 'zmq.sockets.feed.bind' \\(originating from "
							+ "'class path resource \\[diagnostics/address-in-use.yml\\][^']* - 6:\\d+'\\)")
					.contains("Action:")
					.contains("Identify and stop the process that is listening on port " + port)
					.contains("or change 'zmq.sockets.feed.bind' to another port");
			}
		}

		@Test
		void anotherSocketOfTheApplicationOnThePortIsNamed(CapturedOutput output) throws IOException {
			int port;
			try (ServerSocket free = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
				port = free.getLocalPort();
			}
			assertThatException().isThrownBy(() -> run(Empty.class, "same-port-twice", "--test.port=" + port));
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("ZeroMQ socket 'audit' could not bind tcp://127.0.0.1:" + port)
				.containsPattern("Other sockets of this application are configured on port " + port
						+ ": 'zmq.sockets.feed.bind' \\(originating from 'class path resource "
						+ "\\[diagnostics/same-port-twice.yml\\][^']* - 5:\\d+'\\)");
		}

		@Test
		void aListenerSocketNamesTheListener(CapturedOutput output) throws IOException {
			try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
				int port = taken.getLocalPort();
				assertThatException().isThrownBy(() -> run(BindingListener.class, null, "--test.taken-port=" + port));
				assertThat(output).contains("APPLICATION FAILED TO START")
					.contains("ZeroMQ socket 'orders' (a @ZmqListener) could not bind tcp://127.0.0.1:" + port)
					.contains("or change the bind of @ZmqListener 'orders' to another port");
			}
		}

	}

	@Nested
	class UnknownSocket {

		@Test
		void aListenerListsTheDeclaredSocketsAndTheClosestName(CapturedOutput output) {
			assertThatException().isThrownBy(() -> run(MisspelledListener.class, "unknown-socket"));
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("No ZeroMQ socket is named 'ordrs'.")
				.contains("@ZmqListener 'ordersListener' on MisspelledListenerBean.onOrder: socket 'ordrs' is not "
						+ "defined")
				.contains("The declared sockets (zmq.sockets.<name>) are: orders, invoices.")
				.contains("Action:")
				.contains("Did you mean 'orders'? Correct the socket name, or declare the socket: set "
						+ "zmq.sockets.ordrs.type and zmq.sockets.ordrs.bind or .connect.");
		}

		@Test
		void aTemplateSendAtStartUpGetsTheSameReport(CapturedOutput output) {
			assertThatException().isThrownBy(() -> run(MisspelledTemplateUse.class, "unknown-socket"));
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("No ZeroMQ socket is named 'invoice'.")
				.contains("Did you mean 'invoices'?");
		}

		@Test
		void aSendToTargetGetsTheSameReport(CapturedOutput output) {
			assertThatException().isThrownBy(() -> run(MisspelledSendTo.class, "unknown-socket"));
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("No ZeroMQ socket is named 'invoice'.")
				.contains("Did you mean 'invoices'?");
		}

		@Test
		void closestNamesAreWithinASmallEditDistance() {
			assertThat(NoSuchZmqSocketFailureAnalyzer.closest("ordrs", List.of("orders", "invoices", "ord")))
				.containsExactly("orders", "ord");
			assertThat(NoSuchZmqSocketFailureAnalyzer.closest("weather", List.of("orders"))).isEmpty();
		}

	}

	@Nested
	class InvalidProperty {

		@Test
		void namesThePropertyTheValueItsOriginTheReasonAndTheAction(CapturedOutput output) {
			assertThatException().isThrownBy(() -> run(Empty.class, "invalid-endpoint"));
			assertThat(output).contains("APPLICATION FAILED TO START")
				.containsPattern("Invalid value 'tcp:/\\*:5556' for configuration property 'zmq.sockets.weather.bind' "
						+ "\\(originating from 'class path resource \\[diagnostics/invalid-endpoint.yml\\][^']* - 6:\\d+'\\)")
				.contains("is not a valid endpoint")
				.contains("Action:")
				.containsPattern("Update 'zmq.sockets.weather.bind' in 'class path resource "
						+ "\\[diagnostics/invalid-endpoint.yml\\][^']*' as the reason above says.");
		}

		@Test
		void aValueBootCannotConvertIsReportedByBootWithItsOrigin(CapturedOutput output) {
			assertThatException().isThrownBy(() -> run(Empty.class, null, "--zmq.sockets.feed.type=PUB",
					"--zmq.sockets.feed.bind=inproc://feed", "--zmq.sockets.feed.send-hwm=lots"));
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("zmq.sockets.feed.send-hwm")
				.contains("lots")
				.contains("Action:");
		}

	}

	private static void run(Class<?> app, String config, String... args) {
		SpringApplication application = new SpringApplication(app);
		application.setWebApplicationType(WebApplicationType.NONE);
		List<String> all = new java.util.ArrayList<>(List.of(args));
		if (config != null) {
			all.add("--spring.config.location=classpath:/diagnostics/" + config + ".yml");
		}
		all.add("--spring.main.banner-mode=off");
		application.run(all.toArray(String[]::new)).close();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Empty {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class BindingListener {

		@Bean
		BindingListenerBean bindingListenerBean() {
			return new BindingListenerBean();
		}

	}

	static class BindingListenerBean {

		@ZmqListener(id = "orders", type = SocketType.PULL, bind = "tcp://127.0.0.1:${test.taken-port}")
		void onOrder(String order) {
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class MisspelledListener {

		@Bean
		MisspelledListenerBean misspelledListenerBean() {
			return new MisspelledListenerBean();
		}

	}

	static class MisspelledListenerBean {

		@ZmqListener(id = "ordersListener", socket = "ordrs")
		void onOrder(String order) {
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class MisspelledSendTo {

		@Bean
		MisspelledSendToBean misspelledSendToBean() {
			return new MisspelledSendToBean();
		}

	}

	static class MisspelledSendToBean {

		@ZmqListener(id = "orders", socket = "orders")
		@SendTo("invoice")
		String onOrder(String order) {
			return order;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class MisspelledTemplateUse {

		@Bean
		ApplicationRunner sendAtStartUp(ZmqTemplate template) {
			return (args) -> template.send("invoice", "first");
		}

	}

}
