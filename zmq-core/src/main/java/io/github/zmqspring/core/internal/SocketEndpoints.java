package io.github.zmqspring.core.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The endpoints a socket bound (wildcards resolved) and those it connects to, the spec's and those connected at run
 * time. Thread-safe.
 */
final class SocketEndpoints {

	private volatile List<String> bound = List.of();

	private final List<String> connected = Collections.synchronizedList(new ArrayList<>());

	/** @return the bound endpoints */
	List<String> bound() {
		return this.bound;
	}

	/** @param bound the bound endpoints, wildcards resolved */
	void bound(List<String> bound) {
		this.bound = List.copyOf(bound);
	}

	/** @return a copy of the connected endpoints */
	List<String> connected() {
		synchronized (this.connected) {
			return List.copyOf(this.connected);
		}
	}

	/**
	 * Records a connect or a disconnect.
	 * @param endpoint the endpoint
	 * @param connect {@code true} for a connect
	 */
	void record(String endpoint, boolean connect) {
		if (connect) {
			this.connected.add(endpoint);
		}
		else {
			this.connected.remove(endpoint);
		}
	}

	@Override
	public String toString() {
		List<String> all = new ArrayList<>(this.bound);
		all.addAll(connected());
		return all.toString();
	}

}
