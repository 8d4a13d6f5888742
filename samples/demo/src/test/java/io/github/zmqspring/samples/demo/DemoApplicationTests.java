package io.github.zmqspring.samples.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoApplicationTests {

	@Test
	void everyPatternWorksAndTheSummarySaysSo() {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		boolean ok = new DemoApplication(new PrintStream(buffer, true, StandardCharsets.UTF_8)).run();
		String output = buffer.toString(StandardCharsets.UTF_8);
		assertThat(ok).as(output).isTrue();
		assertThat(output).contains("client got: World", "average temperature for zipcode 10001 over 20 updates",
				"30 tasks in", "per worker: ", "4 clients answered through the broker", "All patterns worked.");
	}

}
