package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.util.List;

import io.github.zmqspring.core.internal.zmtp.ZmtpCommand;
import io.github.zmqspring.core.internal.zmtp.ZmtpMetadata;

/**
 * NULL (RFC 37): both sides send READY with their metadata; no authentication, no encryption.
 */
final class NullMechanism extends MechanismBase {

	NullMechanism(ZmtpMetadata local, boolean asServer, int maxMetadataSize) {
		super("NULL", asServer, local, maxMetadataSize);
	}

	@Override
	List<byte[]> begin() {
		return List.of(ZmtpCommand.ready(this.local));
	}

	@Override
	Step handshake(ZmtpCommand command) {
		if (!command.is(ZmtpCommand.READY)) {
			throw unexpected(command, "READY");
		}
		peer(metadata("READY", command.data(), 0, command.data().length));
		return Step.complete();
	}

}
