package io.github.zmqspring.test;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqMessage;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * A REP or ROUTER peer that answers every request with a {@link Responder} and records the requests, for the test to
 * wait for and assert on ({@link #awaitRequests(int, Duration)}, {@link #requests()}).
 * <p>
 * It runs on the engine's request server ({@link io.github.zmqspring.core.ZmqServer}): a REQ or DEALER client gets
 * its reply routed back; a ROUTER peer also answers DEALER peers that send no empty delimiter. A request is recorded
 * before it is answered; a responder that throws answers with the engine's error reply, so the client is never left
 * waiting. The responder can be replaced at any time ({@link #answer(Responder)}). The default echoes the request.
 * Thread-safe.
 */
public final class ReplierPeer extends ZmqPeer {

	private final MessageLog log;

	private final ResponderHolder responder;

	private ReplierPeer(PeerSetup setup, ManagedSocket socket, MessageLog log, ResponderHolder responder) {
		super(setup, socket);
		this.log = log;
		this.responder = responder;
	}

	/**
	 * Replaces the responder; requests that arrive from now on are answered by it.
	 * @param responder the new responder
	 */
	public void answer(Responder responder) {
		this.responder.current = Objects.requireNonNull(responder, "'responder' must not be null");
	}

	/**
	 * Waits, up to the default timeout, until at least {@code count} requests were received.
	 * @param count the number of requests
	 * @return the first {@code count} requests, in arrival order
	 * @throws AssertionError when fewer arrived, listing those that did
	 */
	public List<PeerMessage> awaitRequests(int count) {
		return awaitRequests(count, defaultTimeout());
	}

	/**
	 * Waits until at least {@code count} requests were received.
	 * @param count the number of requests
	 * @param timeout how long to wait at most
	 * @return the first {@code count} requests, in arrival order
	 * @throws AssertionError when fewer arrived before the deadline, listing those that did
	 */
	public List<PeerMessage> awaitRequests(int count, Duration timeout) {
		return this.log.awaitCount(count, timeout, "request", this::describe);
	}

	/**
	 * Waits, up to the default timeout, until a request matching the predicate was received.
	 * @param predicate the condition
	 * @return the first matching request
	 * @throws AssertionError when none matched, listing what arrived
	 */
	public PeerMessage awaitRequest(Predicate<? super PeerMessage> predicate) {
		return awaitRequest(predicate, defaultTimeout());
	}

	/**
	 * Waits until a request matching the predicate was received; the predicate runs on the calling thread.
	 * @param predicate the condition
	 * @param timeout how long to wait at most
	 * @return the first matching request
	 * @throws AssertionError when none matched before the deadline, listing what arrived
	 */
	public PeerMessage awaitRequest(Predicate<? super PeerMessage> predicate, Duration timeout) {
		return this.log.awaitMatch(predicate, timeout, "request", this::describe);
	}

	/**
	 * The requests received so far (since the last {@link #clear()}), in arrival order: their bodies, with the routing
	 * envelope in {@link PeerMessage#envelope()}.
	 * @return a snapshot
	 */
	public List<PeerMessage> requests() {
		return this.log.snapshot();
	}

	/**
	 * Forgets the requests received so far; later waits count from here.
	 */
	public void clear() {
		this.log.clear();
	}

	/**
	 * Computes the reply to one request. Runs on the engine's thread for the socket, one request at a time.
	 */
	@FunctionalInterface
	public interface Responder {

		/**
		 * Answers a request.
		 * @param request the request body (its envelope in {@link PeerMessage#envelope()})
		 * @return the reply frames, or {@code null} for one empty frame
		 * @throws Exception any failure: the requester gets the engine's error reply
		 */
		@Nullable ZmqMessage answer(PeerMessage request) throws Exception;

	}

	/** The responder a running peer uses; replaced by {@link ReplierPeer#answer(Responder)}. */
	private static final class ResponderHolder {

		volatile Responder current;

		ResponderHolder(Responder initial) {
			this.current = initial;
		}

	}

	/**
	 * Builds a {@link ReplierPeer} on a REP or ROUTER socket. Not thread-safe.
	 */
	public static final class Builder extends PeerBuilder<Builder, ReplierPeer> {

		private Responder responder = PeerMessage::message;

		Builder(ZmqPeers peers, SocketType type) {
			super(peers, type);
		}

		/**
		 * Answers with a responder (default: echo the request).
		 * @param responder the responder
		 * @return this builder
		 */
		public Builder answer(Responder responder) {
			this.responder = Objects.requireNonNull(responder, "'responder' must not be null");
			return this;
		}

		/**
		 * Answers text with text: the function gets the last frame of the request as UTF-8 and returns the one-frame
		 * reply.
		 * @param function computes the reply, for example {@code (request) -> "World"}
		 * @return this builder
		 */
		public Builder answerText(Function<String, String> function) {
			Objects.requireNonNull(function, "'function' must not be null");
			return answer((request) -> ZmqMessage.of(function.apply(request.text())));
		}

		/**
		 * Answers JSON with JSON (Jackson 3 on the class path): the request's last frame is read as
		 * {@code requestType}, and the function's result is written as the one-frame reply.
		 * @param <T> the request type
		 * @param requestType the request type
		 * @param function computes the reply object
		 * @return this builder
		 */
		public <T> Builder answerJson(Class<T> requestType, Function<? super T, ?> function) {
			Objects.requireNonNull(requestType, "'requestType' must not be null");
			Objects.requireNonNull(function, "'function' must not be null");
			return answer((request) -> JsonPayloads.defaults()
				.message(function.apply(JsonPayloads.defaults().read(request, requestType))));
		}

		@Override
		ReplierPeer open(PeerSetup setup, ZmqSocketSpec spec) {
			MessageLog log = new MessageLog();
			ResponderHolder holder = new ResponderHolder(this.responder);
			ManagedSocket socket = setup.peers().engine().server(spec, (request) -> {
				PeerMessage message = PeerMessage.of(request);
				log.add(message);
				return holder.current.answer(message);
			});
			return new ReplierPeer(setup, socket, log, holder);
		}

	}

}
