package io.github.zmqspring.samples.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class DemoApplicationTests {

	@Test
	void everyPatternWorksAndTheSummarySaysSo(CapturedOutput output) {
		int status = DemoApplication.run();
		assertThat(status).as(output.getOut()).isZero();
		assertThat(output.getOut()).contains("client got: World", "average temperature for zipcode 10001 over 20 updates",
				"30 tasks in", "per worker: {", "served job 3", "All patterns worked.");
	}

}
