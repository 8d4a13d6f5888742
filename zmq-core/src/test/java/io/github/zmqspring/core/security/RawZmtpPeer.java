package io.github.zmqspring.core.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A peer that writes exact ZMTP bytes over a plain {@link Socket}: the greeting, the NULL handshake, then whatever a
 * test wants to send, hostile or not.
 */
final class RawZmtpPeer implements AutoCloseable {

	private final Socket socket;

	private final OutputStream out;

	private final InputStream in;

	private RawZmtpPeer(int port) throws IOException {
		this.socket = new Socket("127.0.0.1", port);
		this.socket.setSoTimeout(5000);
		this.socket.setTcpNoDelay(true);
		this.out = this.socket.getOutputStream();
		this.in = this.socket.getInputStream();
	}

	/** Connects without sending anything. */
	static RawZmtpPeer connect(int port) throws IOException {
		return new RawZmtpPeer(port);
	}

	/**
	 * Connects and completes a ZMTP 3.0 NULL handshake declaring the given socket type.
	 */
	static RawZmtpPeer handshake(int port, String socketType) throws IOException {
		RawZmtpPeer peer = new RawZmtpPeer(port);
		peer.write(greeting("NULL"));
		if (peer.in.readNBytes(64).length != 64) {
			throw new IOException("no greeting from the server");
		}
		peer.write(ready(socketType));
		// The server's READY: once it is here, the server takes our next bytes as traffic (JeroMQ 0.6.0 treats
		// traffic that arrives before its own READY went out as an unexpected command).
		int flags = peer.in.read();
		int size = peer.in.read();
		if (flags != 0x04 || size < 0 || peer.in.readNBytes(size).length != size) {
			throw new IOException("no READY from the server (flags " + flags + ")");
		}
		return peer;
	}

	/** The ZMTP 3.0 greeting with the given mechanism, as client. */
	static byte[] greeting(String mechanism) {
		byte[] greeting = new byte[64];
		greeting[0] = (byte) 0xFF;
		greeting[9] = 0x7F;
		greeting[10] = 3;
		byte[] name = mechanism.getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(name, 0, greeting, 12, name.length);
		return greeting;
	}

	/** A READY command with a Socket-Type property. */
	static byte[] ready(String socketType) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write(5);
		body.writeBytes("READY".getBytes(StandardCharsets.US_ASCII));
		body.write(11);
		body.writeBytes("Socket-Type".getBytes(StandardCharsets.US_ASCII));
		byte[] type = socketType.getBytes(StandardCharsets.US_ASCII);
		body.writeBytes(ByteBuffer.allocate(4).putInt(type.length).array());
		body.writeBytes(type);
		byte[] bytes = body.toByteArray();
		ByteArrayOutputStream command = new ByteArrayOutputStream();
		command.write(0x04);
		command.write(bytes.length);
		command.writeBytes(bytes);
		return command.toByteArray();
	}

	/** A long-frame header (flags {@code 0x02}) declaring the given size, as 8 raw bytes. */
	static byte[] longFrameHeader(long size) {
		return ByteBuffer.allocate(9).put((byte) 0x02).putLong(size).array();
	}

	/** Short frames making one message: MORE on all but the last. */
	static byte[] message(String... frames) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (int i = 0; i < frames.length; i++) {
			byte[] data = frames[i].getBytes(StandardCharsets.UTF_8);
			out.write((i < frames.length - 1) ? 0x01 : 0x00);
			out.write(data.length);
			out.writeBytes(data);
		}
		return out.toByteArray();
	}

	RawZmtpPeer write(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
		return this;
	}

	/**
	 * Reads one message (skipping commands), short and long frames alike.
	 * @return the frames as UTF-8 strings
	 */
	List<String> readMessage() throws IOException {
		List<String> frames = new ArrayList<>();
		while (true) {
			int flags = this.in.read();
			if (flags < 0) {
				throw new IOException("connection closed");
			}
			long size = ((flags & 0x02) != 0) ? ByteBuffer.wrap(this.in.readNBytes(8)).getLong() : this.in.read();
			byte[] data = this.in.readNBytes((int) size);
			if ((flags & 0x04) != 0) {
				continue;
			}
			frames.add(new String(data, StandardCharsets.UTF_8));
			if ((flags & 0x01) == 0) {
				return frames;
			}
		}
	}

	/** @return the raw input stream */
	InputStream input() {
		return this.in;
	}

	int localPort() {
		return this.socket.getLocalPort();
	}

	/**
	 * Waits until the server closes the connection: reads (and discards) until end of stream.
	 * @return {@code true} when the server closed it within the timeout
	 */
	boolean closedByServerWithin(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		byte[] buffer = new byte[4096];
		while (System.nanoTime() < deadline) {
			this.socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
			try {
				if (this.in.read(buffer) < 0) {
					return true;
				}
			}
			catch (SocketTimeoutException ex) {
				return false;
			}
			catch (IOException ex) {
				// Reset by the server: closed as well.
				return true;
			}
		}
		return false;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
