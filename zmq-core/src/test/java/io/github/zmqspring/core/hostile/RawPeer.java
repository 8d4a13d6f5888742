package io.github.zmqspring.core.hostile;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A ZMTP peer over a plain blocking {@link Socket} that writes and reads exact octets: the greeting, the NULL
 * handshake, frames and commands, hostile or conforming. It reads frame by frame, so a test can see every command
 * (READY, PONG, SUBSCRIBE) the engine sends. Not thread-safe: one thread writes, one reads.
 */
final class RawPeer implements AutoCloseable {

	/** How long any single read waits before the peer gives up (the tests' "within 5 s"). */
	static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

	private final Socket socket;

	private final OutputStream out;

	private final DataInputStream in;

	private byte[] serverGreeting = new byte[0];

	private RawPeer(int port) throws IOException {
		this.socket = new Socket();
		this.socket.setTcpNoDelay(true);
		this.socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
		this.socket.connect(new InetSocketAddress("127.0.0.1", port), (int) READ_TIMEOUT.toMillis());
		this.out = this.socket.getOutputStream();
		this.in = new DataInputStream(this.socket.getInputStream());
	}

	/** A frame as it came off the wire. */
	record Frame(int flags, byte[] body) {

		boolean more() {
			return (this.flags & ZmtpBytes.MORE) != 0;
		}

		boolean isCommand() {
			return (this.flags & ZmtpBytes.COMMAND) != 0;
		}

		/** The command name, or empty for a data frame. */
		String commandName() {
			if (!isCommand() || this.body.length == 0) {
				return "";
			}
			int length = Math.min(this.body[0] & 0xFF, this.body.length - 1);
			return new String(this.body, 1, length, StandardCharsets.US_ASCII);
		}

		/** The command's data after its name. */
		byte[] commandData() {
			int start = 1 + (this.body[0] & 0xFF);
			return Arrays.copyOfRange(this.body, start, this.body.length);
		}

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

	/** Connects without sending anything. */
	static RawPeer connect(int port) throws IOException {
		return new RawPeer(port);
	}

	/**
	 * Connects and completes the NULL handshake as a ZMTP 3.1 peer of the given socket type: sends the greeting,
	 * reads the server's, sends READY and reads the server's READY.
	 */
	static RawPeer handshake(int port, String socketType) throws IOException {
		return handshake(port, ZmtpBytes.greeting(), socketType);
	}

	/** As {@link #handshake(int, String)}, with a greeting of the caller's choice. */
	static RawPeer handshake(int port, byte[] greeting, String socketType) throws IOException {
		RawPeer peer = new RawPeer(port);
		try {
			peer.write(greeting);
			peer.readGreeting();
			peer.write(ZmtpBytes.ready(socketType));
			Frame ready = peer.readFrame();
			if (!ready.commandName().equals("READY")) {
				throw new IOException("expected the server's READY, got flags " + ready.flags() + " '"
						+ ready.commandName() + "'");
			}
			return peer;
		}
		catch (IOException ex) {
			peer.close();
			throw ex;
		}
	}

	/** Reads the server's 64-octet greeting. */
	byte[] readGreeting() throws IOException {
		this.serverGreeting = new byte[64];
		this.in.readFully(this.serverGreeting);
		return this.serverGreeting.clone();
	}

	RawPeer write(byte[]... parts) throws IOException {
		for (byte[] part : parts) {
			this.out.write(part);
		}
		this.out.flush();
		return this;
	}

	/**
	 * Writes what an offender sends after its offence: the server may already have closed the connection, so a failed
	 * write is expected and ignored.
	 * @return {@code true} when everything was written
	 */
	boolean writeAfterOffence(byte[]... parts) {
		try {
			write(parts);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Writes what {@code next} supplies until the server closes the connection (a write fails), the cap is reached,
	 * the supplier runs dry (an empty chunk) or the deadline passes.
	 * @return the number of bytes written before the write failed, or -1 when the connection stayed open
	 */
	long writeUntilClosed(Supplier<byte[]> next, long capBytes, Duration deadline) {
		long end = System.nanoTime() + deadline.toNanos();
		long written = 0;
		try {
			while (written < capBytes && System.nanoTime() < end) {
				byte[] chunk = next.get();
				if (chunk.length == 0) {
					break;
				}
				this.out.write(chunk);
				written += chunk.length;
			}
			this.out.flush();
			return -1;
		}
		catch (IOException ex) {
			return written;
		}
	}

	/** Reads one frame, data or command, short or long. */
	Frame readFrame() throws IOException {
		int flags = this.in.read();
		if (flags < 0) {
			throw new EOFException("connection closed by the server");
		}
		long size = ((flags & ZmtpBytes.LONG) != 0) ? this.in.readLong() : this.in.readUnsignedByte();
		if (size < 0 || size > 64L * 1024 * 1024) {
			throw new IOException("the server sent a frame size of " + Long.toUnsignedString(size));
		}
		byte[] body = new byte[(int) size];
		this.in.readFully(body);
		return new Frame(flags, body);
	}

	/** Reads frames until a command of that name arrives, skipping data frames and other commands. */
	Frame readCommand(String name) throws IOException {
		while (true) {
			Frame frame = readFrame();
			if (frame.isCommand() && frame.commandName().equals(name)) {
				return frame;
			}
		}
	}

	/** Reads one whole message, skipping commands. */
	List<byte[]> readMessage() throws IOException {
		List<byte[]> frames = new ArrayList<>();
		while (true) {
			Frame frame = readFrame();
			if (frame.isCommand()) {
				continue;
			}
			frames.add(frame.body());
			if (!frame.more()) {
				return frames;
			}
		}
	}

	/** Reads one whole message as UTF-8 strings, skipping commands. */
	List<String> readTextMessage() throws IOException {
		return readMessage().stream().map((frame) -> new String(frame, StandardCharsets.UTF_8)).toList();
	}

	/**
	 * Waits until the server closes the connection, discarding whatever it sends meanwhile.
	 * @return {@code true} when it closed (or reset) the connection within the timeout
	 */
	boolean closedByServerWithin(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		byte[] buffer = new byte[64 * 1024];
		InputStream raw = this.socket.getInputStream();
		try {
			while (true) {
				long remaining = (deadline - System.nanoTime()) / 1_000_000;
				if (remaining <= 0) {
					return false;
				}
				this.socket.setSoTimeout((int) remaining);
				if (raw.read(buffer) < 0) {
					return true;
				}
			}
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
		finally {
			if (!this.socket.isClosed()) {
				this.socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
			}
		}
	}

	/** The greeting the server sent, once read. */
	byte[] serverGreeting() {
		return this.serverGreeting.clone();
	}

	/** The peer's address as the engine reports it in events: {@code tcp://127.0.0.1:<local port>}. */
	String address() {
		return "tcp://127.0.0.1:" + this.socket.getLocalPort();
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// Nothing to do: the test is done with this peer.
		}
	}

}
