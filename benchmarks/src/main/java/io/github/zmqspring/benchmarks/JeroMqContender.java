package io.github.zmqspring.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Raw JeroMQ in cases 7 and 8, written as {@code zmq_bench.c} is: one {@code ZContext} with one I/O thread, blocking
 * {@code send}/{@code recv}, the receiving socket on the measuring thread. CURVE is JeroMQ's own (jnacl), with no ZAP
 * handler; JeroMQ 0.6.0 reports no handshake event, so the proof that CURVE ran is that both sockets report the CURVE
 * mechanism and that messages arrive at all: a CURVE server refuses a peer of any other mechanism in the greeting.
 */
final class JeroMqContender implements Contender {

	static final String NAME = "raw JeroMQ 0.6.0";

	private static final int SETUP_TIMEOUT_MS = 3000;

	private static final int TIMEOUT_MS = 10_000;

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Sample setup(int cycles) {
		try (ZContext context = new ZContext(1)) {
			ZMQ.Socket pull = context.createSocket(SocketType.PULL);
			pull.setLinger(0);
			pull.setReceiveTimeOut(SETUP_TIMEOUT_MS);
			String endpoint = "tcp://127.0.0.1:" + pull.bindToRandomPort("tcp://127.0.0.1");
			long[] nanos = new long[cycles];
			long[] opened = new long[cycles];
			int delivered = 0;
			long lost = 0;
			long begin = System.nanoTime();
			for (int i = 0; i < cycles; i++) {
				long start = System.nanoTime();
				ZMQ.Socket push = context.createSocket(SocketType.PUSH);
				push.setLinger(0);
				push.connect(endpoint);
				long connected = System.nanoTime() - start;
				push.send(SetupMessage.of(start, i), 0);
				while (true) {
					byte[] received = pull.recv(0);
					if (received == null) {
						lost++;
						break;
					}
					if (SetupMessage.index(received) == i) {
						opened[delivered] = connected;
						nanos[delivered++] = System.nanoTime() - start;
						break;
					}
				}
				context.destroySocket(push);
			}
			double seconds = (System.nanoTime() - begin) / 1e9;
			return Sample.setup(cycles / seconds, opened, nanos, delivered, lost);
		}
	}

	@Override
	public Sample throughput(int size, int warmUp, int count, @Nullable Curve curve) throws InterruptedException {
		try (ZContext context = new ZContext(1)) {
			ZMQ.Socket pull = context.createSocket(SocketType.PULL);
			pull.setReceiveTimeOut(TIMEOUT_MS);
			if (curve != null) {
				pull.setCurveServer(true);
				pull.setCurvePublicKey(ZMQ.Curve.z85Decode(curve.server().publicKey()));
				pull.setCurveSecretKey(ZMQ.Curve.z85Decode(curve.server().secretKey()));
				requireCurve(pull, "PULL");
			}
			String endpoint = "tcp://127.0.0.1:" + pull.bindToRandomPort("tcp://127.0.0.1");
			AtomicReference<Throwable> failure = new AtomicReference<>();
			Thread sender = new Thread(() -> {
				try {
					ZMQ.Socket push = context.createSocket(SocketType.PUSH);
					if (curve != null) {
						push.setCurveServerKey(ZMQ.Curve.z85Decode(curve.server().publicKey()));
						push.setCurvePublicKey(ZMQ.Curve.z85Decode(curve.client().publicKey()));
						push.setCurveSecretKey(ZMQ.Curve.z85Decode(curve.client().secretKey()));
						requireCurve(push, "PUSH");
					}
					push.connect(endpoint);
					byte[] payload = Pipe.payload(size);
					for (int i = 0; i < warmUp + count; i++) {
						if (!push.send(payload, 0)) {
							throw new IllegalStateException("raw JeroMQ PUSH: send failed");
						}
					}
				}
				catch (Throwable ex) {
					failure.set(ex);
				}
			}, "bench-l4l-jeromq-push");
			sender.setDaemon(true);
			sender.start();
			long start = 0;
			long mangled = 0;
			for (int i = 0; i < warmUp + count; i++) {
				if (i == warmUp) {
					start = System.nanoTime();
				}
				byte[] received = pull.recv(0);
				if (received == null) {
					throw new IllegalStateException("raw JeroMQ PULL: nothing within " + TIMEOUT_MS + " ms after "
							+ i + " messages" + ((failure.get() != null) ? " (sender: " + failure.get() + ")" : ""));
				}
				if (received.length != size || pull.hasReceiveMore()) {
					mangled++;
				}
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			sender.join(TIMEOUT_MS);
			if (failure.get() != null) {
				throw new IllegalStateException("raw JeroMQ PUSH failed", failure.get());
			}
			return Sample.stream(count / seconds, mangled);
		}
	}

	@Override
	public Sample publish(int size, int warmUp, int count) throws InterruptedException {
		try (ZContext context = new ZContext(1)) {
			ZMQ.Socket sub = context.createSocket(SocketType.SUB);
			sub.setReceiveTimeOut(TIMEOUT_MS);
			sub.setRcvHWM(0);
			sub.subscribe(new byte[0]);
			String endpoint = "tcp://127.0.0.1:" + sub.bindToRandomPort("tcp://127.0.0.1");
			AtomicReference<Throwable> failure = new AtomicReference<>();
			Thread sender = new Thread(() -> {
				try {
					ZMQ.Socket xpub = context.createSocket(SocketType.XPUB);
					xpub.setSndHWM(0);
					xpub.setReceiveTimeOut(TIMEOUT_MS);
					xpub.connect(endpoint);
					byte[] subscription = xpub.recv(0);
					if (subscription == null || subscription.length < 1 || subscription[0] != 1) {
						throw new IllegalStateException("raw JeroMQ XPUB: no subscription within " + TIMEOUT_MS + " ms");
					}
					byte[] payload = Pipe.payload(size);
					for (int i = 0; i < warmUp + count; i++) {
						if (!xpub.send(payload, 0)) {
							throw new IllegalStateException("raw JeroMQ XPUB: send failed");
						}
					}
				}
				catch (Throwable ex) {
					failure.set(ex);
				}
			}, "bench-l4l-jeromq-xpub");
			sender.setDaemon(true);
			sender.start();
			long start = 0;
			long mangled = 0;
			for (int i = 0; i < warmUp + count; i++) {
				if (i == warmUp) {
					start = System.nanoTime();
				}
				byte[] received = sub.recv(0);
				if (received == null) {
					throw new IllegalStateException("raw JeroMQ SUB: nothing within " + TIMEOUT_MS + " ms after "
							+ i + " messages" + ((failure.get() != null) ? " (publisher: " + failure.get() + ")" : ""));
				}
				if (received.length != size || sub.hasReceiveMore()) {
					mangled++;
				}
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			sender.join(TIMEOUT_MS);
			if (failure.get() != null) {
				throw new IllegalStateException("raw JeroMQ XPUB failed", failure.get());
			}
			return Sample.stream(count / seconds, mangled);
		}
	}

	@Override
	public Sample requestReply(int size, int warmUp, int count) throws InterruptedException {
		try (ZContext context = new ZContext(1)) {
			ZMQ.Socket rep = context.createSocket(SocketType.REP);
			rep.setReceiveTimeOut(TIMEOUT_MS);
			String endpoint = "tcp://127.0.0.1:" + rep.bindToRandomPort("tcp://127.0.0.1");
			Thread replier = new Thread(() -> {
				for (int i = 0; i < warmUp + count; i++) {
					byte[] request = rep.recv(0);
					if (request == null) {
						return;
					}
					rep.send(request, 0);
				}
			}, "bench-l4l-jeromq-rep");
			replier.setDaemon(true);
			replier.start();
			ZMQ.Socket req = context.createSocket(SocketType.REQ);
			req.setReceiveTimeOut(TIMEOUT_MS);
			req.connect(endpoint);
			byte[] request = Pipe.payload(size);
			long[] nanos = new long[count];
			long begin = 0;
			for (int i = 0; i < warmUp + count; i++) {
				if (i == warmUp) {
					begin = System.nanoTime();
				}
				long start = System.nanoTime();
				req.send(request, 0);
				if (req.recv(0) == null) {
					throw new IllegalStateException("raw JeroMQ REQ: no reply within " + TIMEOUT_MS + " ms");
				}
				if (i >= warmUp) {
					nanos[i - warmUp] = System.nanoTime() - start;
				}
			}
			double seconds = (System.nanoTime() - begin) / 1e9;
			replier.join(TIMEOUT_MS);
			return Sample.of(count / seconds, nanos, count, 0);
		}
	}

	private static void requireCurve(ZMQ.Socket socket, String which) {
		if (socket.getMechanism() != ZMQ.Socket.Mechanism.CURVE) {
			throw new IllegalStateException("raw JeroMQ " + which + ": mechanism " + socket.getMechanism()
					+ ", not CURVE");
		}
	}

	/** The set-up message: the send time and the cycle's index (12 bytes, as {@code zmq_bench.c} sends). */
	static final class SetupMessage {

		private SetupMessage() {
		}

		static byte[] of(long start, int index) {
			return ByteBuffer.allocate(12).putLong(start).putInt(index).array();
		}

		static int index(byte[] message) {
			return (message.length == 12) ? ByteBuffer.wrap(message).getInt(8) : -1;
		}

	}

}
