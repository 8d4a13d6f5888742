package io.github.zmqspring.core;

/**
 * Serves requests on a REP or ROUTER socket: each request goes to a {@link RequestHandler} and its return value goes
 * back to the requester, also when the handler runs on worker threads (concurrency &gt; 1).
 * <p>
 * A REP-type server runs on a ROUTER socket driven by the engine: a request without the empty envelope delimiter is
 * malformed and dropped (counted in {@link SocketStats#malformed()}) without disturbing any other request's reply —
 * unlike libzmq's and JeroMQ's REP sockets, which can lose the next reply in that case. A ROUTER-type server also
 * accepts requests without a delimiter (a DEALER peer sending {@code [body]}); it replies to them without one.
 * Handler failures answer with the error reply, and the server keeps serving. Thread-safe.
 */
public interface ZmqServer extends ManagedSocket {

}
