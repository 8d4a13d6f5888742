package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.github.zmqspring.core.internal.zmtp.ZmtpCommand;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism.State;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism.Step;

/**
 * Runs a client and a server mechanism against each other in memory, as two connections would: the command bodies
 * each side returns are parsed and handed to the other, ZAP is answered by the test, and a test may rewrite any
 * command on its way (to tamper with it).
 */
final class InMemoryHandshake {

	private final ZmtpMechanism client;

	private final ZmtpMechanism server;

	private final Function<ZapRequest, ZapReply> zap;

	private UnaryOperator<byte[]> toServer = UnaryOperator.identity();

	private UnaryOperator<byte[]> toClient = UnaryOperator.identity();

	final List<ZapRequest> zapRequests = new ArrayList<>();

	/** Every command body the client sent, in order, as it left the client (before any rewriting). */
	final List<byte[]> clientSent = new ArrayList<>();

	/** Every command body the server sent, in order. */
	final List<byte[]> serverSent = new ArrayList<>();

	State clientState = State.CONTINUE;

	State serverState = State.CONTINUE;

	InMemoryHandshake(ZmtpMechanism client, ZmtpMechanism server, Function<ZapRequest, ZapReply> zap) {
		this.client = client;
		this.server = server;
		this.zap = zap;
	}

	static InMemoryHandshake accepting(ZmtpMechanism client, ZmtpMechanism server) {
		return new InMemoryHandshake(client, server, (request) -> ZapReply.accept(request, "user"));
	}

	/** Rewrites the n-th command (0-based) from the client to the server. */
	InMemoryHandshake tamperToServer(int index, UnaryOperator<byte[]> change) {
		int[] count = { 0 };
		this.toServer = (body) -> (count[0]++ == index) ? change.apply(body.clone()) : body;
		return this;
	}

	/** Rewrites the n-th command (0-based) from the server to the client. */
	InMemoryHandshake tamperToClient(int index, UnaryOperator<byte[]> change) {
		int[] count = { 0 };
		this.toClient = (body) -> (count[0]++ == index) ? change.apply(body.clone()) : body;
		return this;
	}

	/**
	 * Delivers commands both ways until both sides are complete or nothing is left to deliver (a refusal); an
	 * exception from either side propagates.
	 */
	InMemoryHandshake run() {
		Deque<byte[]> forServer = new ArrayDeque<>();
		Deque<byte[]> forClient = new ArrayDeque<>();
		send(this.client.start(), forServer, this.clientSent);
		send(this.server.start(), forClient, this.serverSent);
		while (!(this.clientState == State.COMPLETE && this.serverState == State.COMPLETE)) {
			if (forServer.isEmpty() && forClient.isEmpty()) {
				return this;
			}
			byte[] body = forServer.poll();
			if (body != null) {
				Step step = this.server.onCommand(ZmtpCommand.parse(this.toServer.apply(body)));
				while (step.state() == State.NEEDS_ZAP) {
					this.zapRequests.add(step.zapRequest());
					step = this.server.zapReply(this.zap.apply(step.zapRequest()));
				}
				this.serverState = step.state();
				send(step.commands(), forClient, this.serverSent);
			}
			body = forClient.poll();
			if (body != null) {
				Step step = this.client.onCommand(ZmtpCommand.parse(this.toClient.apply(body)));
				this.clientState = step.state();
				send(step.commands(), forServer, this.clientSent);
			}
		}
		return this;
	}

	private static void send(List<byte[]> commands, Deque<byte[]> to, List<byte[]> log) {
		to.addAll(commands);
		log.addAll(commands);
	}

}
