package io.github.zmqspring.core;

import java.time.Duration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ZmqSocketSpecTests {

	@Nested
	class Defaults {

		@Test
		void areSafeWhereJeroMqsAreDangerous() {
			ZmqSocketSpec spec = ZmqSocketSpec.builder("tasks", SocketType.PUSH).connect("tcp://localhost:5557").build();
			assertThat(spec.maxMessageSize()).isEqualTo(4L * 1024 * 1024);
			assertThat(spec.linger()).isEqualTo(Duration.ofSeconds(1));
			assertThat(spec.handshakeInterval()).isEqualTo(Duration.ofSeconds(5));
			assertThat(spec.immediate()).isFalse();
			assertThat(spec.sendHighWaterMark()).isEqualTo(1000);
		}

		@Test
		void acceptEveryTransportAndWildcardBinds() {
			ZmqSocketSpec spec = ZmqSocketSpec.builder("any", SocketType.PULL)
				.bind("tcp://*:5556", "tcp://127.0.0.1:*", "tcp://0.0.0.0:0", "inproc://jobs", "ipc://jobs.sock")
				.connect("tcp://example.org:80", "tcp://[::1]:9000")
				.build();
			assertThat(spec.binds()).hasSize(5);
			assertThat(spec.connects()).hasSize(2);
		}

	}

	@Nested
	class InvalidSpecs {

		@Test
		void badBindNamesTheFieldAndTheValue() {
			assertThatExceptionOfType(InvalidSocketSpecException.class)
				.isThrownBy(() -> ZmqSocketSpec.builder("weather", SocketType.PUB).bind("tcp:/*:5556").build())
				.withMessageContaining("socket 'weather'")
				.withMessageContaining("bind 'tcp:/*:5556' is not a valid endpoint")
				.satisfies((ex) -> assertThat(ex.getField()).isEqualTo("bind"));
		}

		@Test
		void connectNeedsAHostAndANumericPort() {
			assertThatExceptionOfType(InvalidSocketSpecException.class)
				.isThrownBy(() -> ZmqSocketSpec.builder("c", SocketType.SUB).connect("tcp://*:5556").build())
				.withMessageContaining("connect 'tcp://*:5556'");
			assertThatExceptionOfType(InvalidSocketSpecException.class)
				.isThrownBy(() -> ZmqSocketSpec.builder("c", SocketType.SUB).connect("tcp://localhost:99999").build())
				.withMessageContaining("connect 'tcp://localhost:99999'");
		}

		@Test
		void negativeHighWaterMarkNamesTheField() {
			assertThatExceptionOfType(InvalidSocketSpecException.class)
				.isThrownBy(() -> ZmqSocketSpec.builder("s", SocketType.PUSH).sendHighWaterMark(-1).build())
				.withMessageContaining("sendHighWaterMark '-1'")
				.satisfies((ex) -> assertThat(ex.getField()).isEqualTo("sendHighWaterMark"));
		}

		@Test
		void negativeLingerNamesTheField() {
			assertThatExceptionOfType(InvalidSocketSpecException.class)
				.isThrownBy(() -> ZmqSocketSpec.builder("s", SocketType.PUSH).linger(Duration.ofMillis(-5)).build())
				.withMessageContaining("linger 'PT-0.005S' must not be negative");
		}

		@Test
		void unlimitedMaxMessageSizeIsRefused() {
			assertThatExceptionOfType(InvalidSocketSpecException.class)
				.isThrownBy(() -> ZmqSocketSpec.builder("s", SocketType.PULL).maxMessageSize(-1).build())
				.withMessageContaining("maxMessageSize '-1'");
		}

		@Test
		void subscriptionsOnANonSubscriberAreRefused() {
			assertThatExceptionOfType(InvalidSocketSpecException.class)
				.isThrownBy(() -> ZmqSocketSpec.builder("s", SocketType.PULL).subscribe("10001").build())
				.withMessageContaining("apply to SUB and XSUB sockets only");
		}

		@Test
		void routingIdStartingWithZeroIsRefused() {
			assertThatExceptionOfType(InvalidSocketSpecException.class)
				.isThrownBy(() -> ZmqSocketSpec.builder("s", SocketType.DEALER).routingId(new byte[] { 0, 1 }).build())
				.withMessageContaining("routingId")
				.withMessageContaining("must not start with a zero byte");
		}

		@Test
		void reconnectMaxBelowIntervalIsRefused() {
			assertThatExceptionOfType(InvalidSocketSpecException.class)
				.isThrownBy(() -> ZmqSocketSpec.builder("s", SocketType.DEALER)
					.reconnectInterval(Duration.ofSeconds(1))
					.reconnectIntervalMax(Duration.ofMillis(500))
					.build())
				.withMessageContaining("reconnectIntervalMax");
		}

	}

}
