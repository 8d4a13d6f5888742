package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.github.zmqspring.core.internal.zmtp.ZmtpCommand;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;

/**
 * PLAIN (RFC 24): the client sends HELLO with a user name and a password (one-octet lengths each), the server asks
 * ZAP and answers WELCOME (or ERROR), the client sends INITIATE with its metadata and the server READY with its own.
 * Credentials travel in clear text: PLAIN authenticates, it does not protect.
 */
final class PlainMechanism {

	static final String HELLO = "HELLO";

	static final String WELCOME = "WELCOME";

	static final String INITIATE = "INITIATE";

	private static final int MAX_CREDENTIAL = 255;

	private PlainMechanism() {
	}

	/**
	 * The PLAIN client: HELLO, then INITIATE after WELCOME, complete after READY.
	 */
	static final class Client extends MechanismBase {

		private final byte[] username;

		private final byte[] password;

		private boolean welcomed;

		Client(ZmtpMetadata local, byte[] username, byte[] password, int maxMetadataSize) {
			super("PLAIN", false, local, maxMetadataSize);
			this.username = check(username, "username");
			this.password = check(password, "password");
		}

		private static byte[] check(byte[] credential, String name) {
			Objects.requireNonNull(credential, () -> "'" + name + "' must not be null");
			if (credential.length > MAX_CREDENTIAL) {
				throw new IllegalArgumentException("'" + name + "' must have at most " + MAX_CREDENTIAL
						+ " octets in UTF-8 (RFC 24) but had " + credential.length);
			}
			return credential;
		}

		@Override
		List<byte[]> begin() {
			byte[] data = new byte[2 + this.username.length + this.password.length];
			data[0] = (byte) this.username.length;
			System.arraycopy(this.username, 0, data, 1, this.username.length);
			data[1 + this.username.length] = (byte) this.password.length;
			System.arraycopy(this.password, 0, data, 2 + this.username.length, this.password.length);
			return List.of(ZmtpCommand.body(HELLO, data));
		}

		@Override
		Step handshake(ZmtpCommand command) {
			if (!this.welcomed) {
				if (!command.is(WELCOME)) {
					throw unexpected(command, "WELCOME");
				}
				if (command.data().length != 0) {
					throw malformed("WELCOME carries " + command.data().length + " octets where it has none");
				}
				this.welcomed = true;
				return Step.next(ZmtpCommand.body(INITIATE, this.local.encode()));
			}
			if (!command.is(ZmtpCommand.READY)) {
				throw unexpected(command, "READY");
			}
			peer(metadata("READY", command.data(), 0, command.data().length));
			return Step.complete();
		}

	}

	/**
	 * The PLAIN server: asks ZAP about HELLO, WELCOME on 200, READY after INITIATE.
	 */
	static final class Server extends MechanismBase {

		private final String domain;

		private final String peerAddress;

		private boolean welcomed;

		Server(ZmtpMetadata local, String domain, String peerAddress, int maxMetadataSize) {
			super("PLAIN", true, local, maxMetadataSize);
			this.domain = Objects.requireNonNull(domain, "'domain' must not be null");
			this.peerAddress = Objects.requireNonNull(peerAddress, "'peerAddress' must not be null");
		}

		@Override
		List<byte[]> begin() {
			return List.of();
		}

		@Override
		Step handshake(ZmtpCommand command) {
			if (!this.welcomed) {
				if (!command.is(HELLO)) {
					throw unexpected(command, "HELLO");
				}
				return hello(command.data());
			}
			if (!command.is(INITIATE)) {
				throw unexpected(command, "INITIATE");
			}
			peer(metadata("INITIATE", command.data(), 0, command.data().length));
			return Step.complete(ZmtpCommand.ready(this.local));
		}

		private Step hello(byte[] data) {
			if (data.length < 1 || (data[0] & 0xFF) > data.length - 2) {
				throw malformed("HELLO of " + data.length + " octets cannot hold its user name");
			}
			int usernameSize = data[0] & 0xFF;
			int passwordSize = data[1 + usernameSize] & 0xFF;
			if (2 + usernameSize + passwordSize != data.length) {
				throw malformed("HELLO declares a user name of " + usernameSize + " and a password of " + passwordSize
						+ " octets but carries " + (data.length - 2) + " octets of credentials");
			}
			byte[] username = Arrays.copyOfRange(data, 1, 1 + usernameSize);
			byte[] password = Arrays.copyOfRange(data, 2 + usernameSize, data.length);
			return Step.zap(ZapRequest.of(this.domain, this.peerAddress, zapIdentity(), "PLAIN", username, password));
		}

		@Override
		Step accepted(ZapReply reply) {
			this.welcomed = true;
			return Step.next(ZmtpCommand.body(WELCOME, new byte[0]));
		}

	}

}
