package io.github.zmqspring.benchmarks;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqEngine;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocket;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * Our engine without Spring: {@code engine.open(spec)} to send, {@code engine.open(spec, handler)} to receive.
 */
final class EnginePipe extends Pipe {

	private final ZmqEngine engine = ZmqEngine.builder().name("bench-engine").build();

	private final ZmqSocket sender;

	private final ZmqSocket receiver;

	private final ZmqMessage message;

	EnginePipe(Pattern pattern, int size) {
		super("engine");
		this.message = ZmqMessage.of(payload(size));
		boolean push = pattern == Pattern.PUSH_PULL;
		this.sender = this.engine.open(ZmqSocketSpec.builder("bench-out", push ? SocketType.PUSH : SocketType.PUB)
			.bind("tcp://127.0.0.1:*")
			.build());
		ZmqSocketSpec.Builder in = ZmqSocketSpec.builder("bench-in", push ? SocketType.PULL : SocketType.SUB)
			.connect("tcp://127.0.0.1:" + this.sender.boundPort());
		if (!push) {
			in.subscribe(TOPIC);
		}
		this.receiver = this.engine.open(in.build(), (received) -> this.delivered.incrementAndGet());
	}

	@Override
	protected Sender sender(int index) {
		return () -> this.sender.send(this.message);
	}

	@Override
	protected void closeResources() {
		this.engine.close();
	}

}
