package io.github.zmqspring.core.internal.zmtp.mechanism;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.github.zmqspring.core.internal.zmtp.ZmtpCommand;
import io.github.zmqspring.core.internal.zmtp.ZmtpFrameDecoder;
import io.github.zmqspring.core.internal.zmtp.ZmtpFrameEncoder;
import io.github.zmqspring.core.internal.zmtp.ZmtpGreeting;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism.Frame;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism.State;
import io.github.zmqspring.core.internal.zmtp.mechanism.ZmtpMechanism.Step;

/**
 * A test-only, blocking driver of one mechanism over a plain {@link Socket}, with the sans-I/O codec: the greeting,
 * the handshake (ZAP answered by the test) and then frames through {@link ZmtpMechanism#encode} and
 * {@link ZmtpMechanism#decode}. Every read is bounded by the socket's timeout. Public for the socket-level interop
 * tests of other packages, which drive a mechanism against our engine's sockets or libzmq's.
 */
public final class MechanismOverSocket implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	private final ZmtpMechanism mechanism;

	private final ZmtpFrameDecoder decoder = new ZmtpFrameDecoder(16 << 20, 1 << 20);

	private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).flip();

	/** The sizes of the handshake command bodies received, in order. */
	final List<Integer> handshakeSizes = new ArrayList<>();

	/** The COMMAND flag of every wire frame received after the handshake. */
	final List<Boolean> wireCommandFlags = new ArrayList<>();

	ZmtpGreeting peerGreeting;

	State state = State.CONTINUE;

	public MechanismOverSocket(Socket socket, ZmtpMechanism mechanism, int timeoutMillis) throws IOException {
		this.socket = socket;
		this.mechanism = mechanism;
		socket.setSoTimeout(timeoutMillis);
		socket.setTcpNoDelay(true);
		this.in = socket.getInputStream();
		this.out = socket.getOutputStream();
	}

	/**
	 * Exchanges greetings and runs the handshake until it is complete or refused.
	 * @return the last step's state
	 */
	public State handshake(Function<ZapRequest, ZapReply> zap) throws IOException {
		this.out.write(ZmtpGreeting.encode(this.mechanism.name(), this.mechanism.asServer()));
		this.out.flush();
		byte[] greeting = this.in.readNBytes(ZmtpGreeting.SIZE);
		if (greeting.length < ZmtpGreeting.SIZE) {
			throw new EOFException("the peer closed during the greeting after " + greeting.length + " octets");
		}
		this.peerGreeting = ZmtpGreeting.parse(greeting);
		this.peerGreeting.checkMechanism(this.mechanism.name());
		write(this.mechanism.start());
		while (this.state != State.COMPLETE && this.state != State.REFUSED) {
			Frame frame = readWireFrame();
			if (!frame.command()) {
				throw new AssertionError("a data frame arrived during the handshake");
			}
			this.handshakeSizes.add(frame.body().length);
			Step step = this.mechanism.onCommand(frame.body());
			while (step.state() == State.NEEDS_ZAP) {
				step = this.mechanism.zapReply(zap.apply(step.zapRequest()));
			}
			write(step.commands());
			this.state = step.state();
		}
		return this.state;
	}

	/** Sends one message: every frame but the last with MORE. */
	public void sendMessage(byte[]... frames) throws IOException {
		for (int i = 0; i < frames.length; i++) {
			writeFrame(this.mechanism.encode(i < frames.length - 1, false, frames[i]));
		}
		this.out.flush();
	}

	/** Encodes one data frame through the mechanism and returns it as it would go on the wire, without sending it. */
	byte[] encodeToWire(boolean more, byte[] body) {
		Frame frame = this.mechanism.encode(more, false, body);
		return ZmtpFrameEncoder.frame(frame.body(), frame.more(), frame.command());
	}

	/** Writes bytes as they are, such as a frame from {@link #encodeToWire} a second time (a replay). */
	void writeRaw(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	/** Sends one command (PING, PONG, SUBSCRIBE...) through the mechanism. */
	void sendCommand(byte[] commandBody) throws IOException {
		writeFrame(this.mechanism.encode(false, true, commandBody));
		this.out.flush();
	}

	/** Receives the next frame, decoded by the mechanism. */
	Frame receive() throws IOException {
		Frame wire = readWireFrame();
		this.wireCommandFlags.add(wire.command());
		return this.mechanism.decode(wire.more(), wire.command(), wire.body());
	}

	/** Receives frames, answering PINGs, until a whole data message has arrived. */
	public List<byte[]> receiveMessage() throws IOException {
		List<byte[]> message = new ArrayList<>();
		while (true) {
			Frame frame = receive();
			if (frame.command()) {
				continue;
			}
			message.add(frame.body());
			if (!frame.more()) {
				return message;
			}
		}
	}

	private void write(List<byte[]> commands) throws IOException {
		for (byte[] command : commands) {
			this.out.write(ZmtpFrameEncoder.frame(command, false, true));
		}
		this.out.flush();
	}

	private void writeFrame(Frame frame) throws IOException {
		this.out.write(ZmtpFrameEncoder.frame(frame.body(), frame.more(), frame.command()));
	}

	private Frame readWireFrame() throws IOException {
		while (!this.decoder.next(this.buffer)) {
			this.buffer.compact();
			int n = this.in.read(this.buffer.array(), this.buffer.position(), this.buffer.remaining());
			if (n < 0) {
				throw new EOFException("the peer closed the connection");
			}
			this.buffer.position(this.buffer.position() + n);
			this.buffer.flip();
		}
		return new Frame(this.decoder.more(), this.decoder.command(), this.decoder.body());
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
