package io.github.zmqspring.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.github.zmqspring.core.SocketType;
import io.github.zmqspring.core.ZmqSocketSpec;

/**
 * Describes a peer before {@link #open()}: where it binds or connects, its name and any other socket option. A peer
 * with neither a bind nor a connect binds {@value #DEFAULT_BIND} (a random free port on the loopback interface; read it
 * with {@link ZmqPeer#port()} or {@link ZmqPeer#endpoint()}). Not thread-safe; one builder opens one peer.
 *
 * @param <B> the builder's own type
 * @param <P> the type of peer it opens
 */
public abstract class PeerBuilder<B extends PeerBuilder<B, P>, P extends ZmqPeer> {

	/** Where a peer binds when it is given no endpoint. */
	public static final String DEFAULT_BIND = "tcp://127.0.0.1:*";

	private final ZmqPeers peers;

	private final SocketType type;

	private final List<String> binds = new ArrayList<>();

	private final List<String> connects = new ArrayList<>();

	private final List<Consumer<ZmqSocketSpec.Builder>> customizers = new ArrayList<>();

	private @Nullable String name;

	PeerBuilder(ZmqPeers peers, SocketType type) {
		this.peers = peers;
		this.type = type;
	}

	/**
	 * Names the socket (default {@code test-<type>-<n>}); the name must be unique among the open peers.
	 * @param name the name
	 * @return this builder
	 */
	public B name(String name) {
		this.name = Objects.requireNonNull(name, "'name' must not be null");
		return self();
	}

	/**
	 * Adds endpoints to bind: {@code tcp://127.0.0.1:*} (a random port), {@code ipc:///tmp/dir/name.sock},
	 * {@code inproc://name} (same engine only: use {@link ZmqPeers#using} with the application's engine).
	 * @param endpoints the endpoints
	 * @return this builder
	 */
	public B bind(String... endpoints) {
		this.binds.addAll(List.of(endpoints));
		return self();
	}

	/**
	 * Adds endpoints to connect to; the connection is retried until the other side binds.
	 * @param endpoints the endpoints, for example {@code tcp://127.0.0.1:5556}
	 * @return this builder
	 */
	public B connect(String... endpoints) {
		this.connects.addAll(List.of(endpoints));
		return self();
	}

	/**
	 * Sets any other socket option on the spec (high water marks, linger, heartbeats, security, ...), after the peer's
	 * own settings.
	 * @param customizer changes the spec builder
	 * @return this builder
	 */
	public B spec(Consumer<ZmqSocketSpec.Builder> customizer) {
		this.customizers.add(Objects.requireNonNull(customizer, "'customizer' must not be null"));
		return self();
	}

	/**
	 * Opens the peer: it is bound (a failed bind throws) and connecting when this returns, and closes with its
	 * {@link ZmqPeers}.
	 * @return the open peer
	 * @throws IllegalStateException naming the peer and its endpoints when the socket cannot be opened
	 */
	public P open() {
		return this.peers.open(this);
	}

	/** @return the socket type this peer plays */
	SocketType type() {
		return this.type;
	}

	/** @return the socket type the engine opens (XPUB for a publisher) */
	SocketType socketType() {
		return this.type;
	}

	@Nullable String name() {
		return this.name;
	}

	/** Applies the settings of the peer's kind (topics, options) before the user's customizers. */
	void configure(ZmqSocketSpec.Builder builder) {
	}

	/** Opens the engine socket and wraps it. */
	abstract P open(ZmqPeer.PeerSetup setup, ZmqSocketSpec spec);

	ZmqSocketSpec spec(String socketName) {
		ZmqSocketSpec.Builder builder = ZmqSocketSpec.builder(socketName, socketType());
		if (this.binds.isEmpty() && this.connects.isEmpty()) {
			builder.bind(DEFAULT_BIND);
		}
		this.binds.forEach(builder::bind);
		this.connects.forEach(builder::connect);
		configure(builder);
		this.customizers.forEach((customizer) -> customizer.accept(builder));
		return builder.build();
	}

	String describe() {
		return this.type + " peer (bind " + this.binds + ", connect " + this.connects + ")";
	}

	@SuppressWarnings("unchecked")
	private B self() {
		return (B) this;
	}

}
