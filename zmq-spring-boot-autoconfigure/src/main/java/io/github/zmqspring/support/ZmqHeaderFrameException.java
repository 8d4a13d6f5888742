package io.github.zmqspring.support;

import org.springframework.messaging.converter.MessageConversionException;

/**
 * A received header frame that breaks the {@linkplain ZmqHeaderFrame layout} or a limit. The codec does not throw it
 * while it maps the frames: it puts it in the {@link ZmqHeaders#HEADER_FRAME_ERROR} header, and whoever consumes the
 * message fails with it (a {@code @ZmqListener} before its method runs, so that the listener's error handler gets it
 * and it is counted as a conversion error; an inbound adapter to its error channel), while the socket goes on
 * receiving. Being a {@link MessageConversionException}, it counts in {@code zmq.conversion.errors}.
 */
public class ZmqHeaderFrameException extends MessageConversionException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception.
	 * @param message what is wrong, naming the socket
	 */
	public ZmqHeaderFrameException(String message) {
		super(message);
	}

}
