package io.github.zmqspring.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Raw JeroMQ as its users write it: one thread per socket, blocking send and receive, one context.
 */
final class RawJeroMqPipe extends Pipe {

	private final ZContext context = new ZContext(1);

	private final Pattern pattern;

	private final byte[] payload;

	private final Thread receiver;

	private final CountDownLatch bound = new CountDownLatch(1);

	private volatile int port;

	private volatile boolean stop;

	RawJeroMqPipe(Pattern pattern, int size) {
		super("raw-jeromq");
		this.pattern = pattern;
		this.payload = payload(size);
		this.receiver = new Thread(this::receive, "bench-raw-receiver");
		this.receiver.setDaemon(true);
	}

	/**
	 * Starts: the sender binds, the receiver connects.
	 * @return this pipe
	 */
	RawJeroMqPipe start() throws InterruptedException {
		startSenders(1);
		if (!this.bound.await(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("raw sender did not bind");
		}
		this.receiver.start();
		return this;
	}

	@Override
	protected Sender sender(int index) {
		ZMQ.Socket socket = this.context.createSocket(this.pattern == Pattern.PUSH_PULL ? SocketType.PUSH : SocketType.PUB);
		socket.setSendTimeOut(200);
		socket.setLinger(0);
		this.port = socket.bindToRandomPort("tcp://127.0.0.1");
		this.bound.countDown();
		return new Sender() {

			@Override
			public void send() {
				socket.send(RawJeroMqPipe.this.payload, 0);
			}

			@Override
			public void close() {
				socket.close();
			}

		};
	}

	private void receive() {
		ZMQ.Socket socket = this.context.createSocket(this.pattern == Pattern.PUSH_PULL ? SocketType.PULL : SocketType.SUB);
		socket.setReceiveTimeOut(200);
		socket.setLinger(0);
		if (this.pattern == Pattern.PUB_SUB) {
			socket.subscribe(TOPIC.getBytes(StandardCharsets.US_ASCII));
		}
		socket.connect("tcp://127.0.0.1:" + this.port);
		try {
			while (!this.stop) {
				if (socket.recv(0) != null) {
					this.delivered.incrementAndGet();
				}
			}
		}
		finally {
			socket.close();
		}
	}

	@Override
	protected void closeResources() throws InterruptedException {
		this.stop = true;
		this.receiver.join(5000);
		this.context.close();
	}

}
