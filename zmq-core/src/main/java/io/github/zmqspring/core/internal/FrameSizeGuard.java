package io.github.zmqspring.core.internal;

import zmq.Msg;
import zmq.ZMQ;
import zmq.msg.MsgAllocator;

/**
 * Contains JeroMQ 0.6.0's frame-size defect (the security issue's item 1). Its decoder compares a ZMTP long-frame size
 * as a <em>signed</em> long and then casts it to {@code int}: a size with the top bit set passes the maximum message
 * size check, and the I/O thread then allocates {@code (int) size} bytes. {@code FF×8} gives {@code allocate(-1)}, a
 * {@link NegativeArraySizeException} that leaves the decoder in a state where its next call loops forever, wedging
 * every connection of that I/O thread; {@code 2^63 + 2^31 - 1} reserves 2 GiB whatever the limit.
 * <p>
 * JeroMQ calls this allocator only after its own (signed) check, so a request below zero or above the socket's maximum
 * message size can only come from such a header. Instead of allocating it, the guard returns a {@link HostileFrame}:
 * an empty frame that ends the message (so it reaches the owner at once) and that the owner recognises, drops and
 * reports, together with everything else that connection sends afterwards (see {@link JeroMqDriver}). Nothing is
 * thrown in the I/O thread, so the decoder stays usable and every other connection is unaffected.
 * <p>
 * Stateless apart from the limit; called on JeroMQ's I/O threads.
 */
final class FrameSizeGuard implements MsgAllocator {

	private final MsgAllocator delegate = ZMQ.DEFAULT_MSG_ALLOCATOR;

	private final long maxMessageSize;

	FrameSizeGuard(long maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	@Override
	public Msg allocate(int size) {
		if (size < 0 || size > this.maxMessageSize) {
			return new HostileFrame();
		}
		return this.delegate.allocate(size);
	}

	/**
	 * The marker frame handed to the decoder in place of an impossible allocation. It is never a command and never
	 * has a next frame, so the message it ends is delivered to the owner and can be dropped there.
	 */
	static final class HostileFrame extends Msg {

		HostileFrame() {
			super(0);
		}

		@Override
		public void setFlags(int flags) {
			super.setFlags(flags & ~(Msg.MORE | Msg.COMMAND));
		}

	}

}
