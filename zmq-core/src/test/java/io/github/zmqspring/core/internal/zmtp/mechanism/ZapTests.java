package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.nio.charset.StandardCharsets;

import io.github.zmqspring.core.SocketEventReason;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ZapTests {

	private static ZapRequest request() {
		return ZapRequest.of("domain", "127.0.0.1", new byte[0], "PLAIN", "user".getBytes(StandardCharsets.UTF_8),
				"hunter2".getBytes(StandardCharsets.UTF_8));
	}

	@Nested
	class Requests {

		@Test
		void aRequestHasVersion10AndAnIdOfItsOwn() {
			ZapRequest first = request();
			ZapRequest second = request();

			assertThat(first.version()).isEqualTo("1.0");
			assertThat(first.requestId()).isNotEqualTo(second.requestId());
		}

		@Test
		void theTextOfARequestNeverShowsItsCredentials() {
			assertThat(request().toString()).contains("PLAIN", "domain", "127.0.0.1").doesNotContain("hunter2", "user");
		}

		@Test
		void theCredentialsListCannotChange() {
			assertThat(request().credentials()).isUnmodifiable();
		}

	}

	@Nested
	class Replies {

		@Test
		void acceptIs200ForTheSameRequest() {
			ZapRequest request = request();
			ZapReply reply = ZapReply.accept(request, "alice");

			assertThat(reply.statusCode()).isEqualTo("200");
			assertThat(reply.requestId()).isEqualTo(request.requestId());
			assertThat(reply.userId()).isEqualTo("alice");
			assertThat(reply.accepted()).isTrue();
		}

		@Test
		void refuseCarriesItsCodeAndText() {
			ZapReply reply = ZapReply.refuse(request(), "400", "no such user");

			assertThat(reply.accepted()).isFalse();
			assertThat(reply.statusText()).isEqualTo("no such user");
		}

		@Test
		void aReplyWithoutAReasonTakesItsReasonFromItsStatusCode() {
			assertThat(ZapReply.accept(request(), "").reason()).isEqualTo(SocketEventReason.NONE);
			assertThat(ZapReply.refuse(request(), "300", "later").reason()).isEqualTo(SocketEventReason.ACCESS_DENIED);
			assertThat(ZapReply.refuse(request(), "400", "no").reason()).isEqualTo(SocketEventReason.ACCESS_DENIED);
			assertThat(ZapReply.refuse(request(), "500", "broken").reason()).isEqualTo(SocketEventReason.ZAP_ERROR);
		}

		@Test
		void aHandlerNamesTheReasonOfARefusalForTheEventNotTheWire() {
			ZapReply reply = new ZapReply("1.0", "1", "400", "Access denied", "", new ZmtpMetadata(),
					SocketEventReason.CLIENT_KEY_REFUSED);

			assertThat(reply.reason()).isEqualTo(SocketEventReason.CLIENT_KEY_REFUSED);
			assertThat(reply.statusText()).isEqualTo("Access denied");
		}

		@Test
		void onlyTheFourRfc27StatusCodesExist() {
			for (String code : new String[] { "200", "300", "400", "500" }) {
				assertThat(new ZapReply("1.0", "1", code, "", "", new ZmtpMetadata()).statusCode()).isEqualTo(code);
			}
			for (String code : new String[] { "201", "404", "2000", "", "abc" }) {
				assertThatIllegalArgumentException()
					.isThrownBy(() -> new ZapReply("1.0", "1", code, "", "", new ZmtpMetadata()))
					.withMessageContaining("200, 300, 400 or 500");
			}
		}

	}

}
