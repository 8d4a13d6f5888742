package io.github.zmqspring.listener;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

import io.github.zmqspring.core.ManagedSocket;
import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.support.ZmqLifecycle.State;

/**
 * A listener container: one receiving (SUB, PULL, PAIR, DEALER) or serving (REP, ROUTER) socket on the engine whose
 * messages go to a {@link ZmqMessageListener}. The socket opens in {@link #start()} and closes in {@link #stop()};
 * a stopped container can be started again. Containers are usually created by a
 * {@link io.github.zmqspring.config.ZmqListenerContainerFactory} and owned by the
 * {@link io.github.zmqspring.config.ZmqListenerEndpointRegistry}, which starts and stops them with the application
 * context. Implementations are thread-safe.
 */
public interface ZmqListenerContainer extends SmartLifecycle {

	/**
	 * The container's id: the {@code @ZmqListener} id, or a generated one.
	 * @return the id
	 */
	String getListenerId();

	/**
	 * The name of the socket the container listens on (used in logs, metrics and health).
	 * @return the socket name
	 */
	String getSocketName();

	/**
	 * The type of that socket.
	 * @return the socket type
	 */
	SocketType getSocketType();

	/**
	 * The current life-cycle state, the one every lifecycle component of this project reports
	 * ({@code CREATED -> STARTING -> STARTED -> STOPPING -> STOPPED}, {@code STOPPED -> STARTING} on a restart,
	 * {@code STARTING -> FAILED} when the socket cannot be opened; a failed container can be started again). A started
	 * container whose socket died reports {@link State#FAILED}.
	 * @return the state
	 */
	State getState();

	/**
	 * Why the container failed, when {@link #getState()} is {@link State#FAILED}.
	 * @return the failure, or {@code null}
	 */
	@Nullable Throwable getFailure();

	/**
	 * The open socket while the container runs, for its endpoints ({@link ManagedSocket#boundPort()}) and counters.
	 * @return the socket, or {@code null} when the container is not started
	 */
	@Nullable ManagedSocket getSocket();

	/**
	 * The number of handler threads.
	 * @return at least 1
	 */
	int getConcurrency();

	/**
	 * How many received messages could not be converted to the listener method's arguments since the container was
	 * created.
	 * @return the count
	 */
	long getConversionErrors();

	/**
	 * How many times the listener method threw (conversion errors excluded) since the container was created.
	 * @return the count
	 */
	long getListenerErrors();

	/**
	 * Pauses the container: its socket hands no more messages to the listener (the one in hand finishes) until
	 * {@link #resume()}; received messages wait in the socket's queues up to the receive high water mark, then the
	 * connections stop reading, so the peers' own high water marks push back (a PUSH peer waits or sends to other
	 * workers, a PUB peer drops for this subscriber, a requester's requests wait). The socket stays bound and
	 * connected, unlike {@link #stop()}. A pause requested while the container is not running takes effect when it
	 * starts; a stop of a paused container still handles what its socket received.
	 */
	void pause();

	/** Resumes a paused container: the queued messages go to the listener first, in order. */
	void resume();

	/**
	 * Whether a pause is requested (between {@link #pause()} and {@link #resume()}), running or not.
	 * @return {@code true} when paused
	 */
	boolean isPauseRequested();

}
