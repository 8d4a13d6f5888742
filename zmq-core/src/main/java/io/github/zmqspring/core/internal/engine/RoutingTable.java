package io.github.zmqspring.core.internal.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * The peers of a ROUTER or STREAM socket by routing id. Generated ids are libzmq's: 5 octets, {@code 00} and a 32-bit
 * counter from a random start. Not thread-safe (guarded by its socket).
 */
final class RoutingTable {

	private final Map<Prefix, Link> byId = new HashMap<>();

	private int next = ThreadLocalRandom.current().nextInt();

	/**
	 * Registers a link under its own routing id if it has a free one, else under a generated one (set on the link).
	 * @param link the link
	 */
	void add(Link link) {
		byte[] own = link.routingId;
		Prefix id = (own != null && own.length > 0) ? new Prefix(own) : null;
		if (id == null || this.byId.containsKey(id)) {
			byte[] generated;
			do {
				generated = generatedId(this.next++);
				id = new Prefix(generated);
			}
			while (this.byId.containsKey(id));
			link.routingId = generated;
		}
		this.byId.put(id, link);
	}

	/**
	 * The link with a routing id.
	 * @param id the id
	 * @return the link, or {@code null}
	 */
	@Nullable Link get(byte[] id) {
		return this.byId.get(new Prefix(id));
	}

	/**
	 * Forgets the link that holds a routing id (ROUTER handover).
	 * @param id the id
	 * @return the link that had it, or {@code null}
	 */
	@Nullable Link take(byte[] id) {
		return this.byId.remove(new Prefix(id));
	}

	/**
	 * Forgets a link.
	 * @param link the link
	 */
	void remove(Link link) {
		byte[] id = link.routingId;
		if (id != null) {
			this.byId.remove(new Prefix(id), link);
		}
	}

	/**
	 * A routing id as libzmq generates them: 5 octets, {@code 00} and a 32-bit counter.
	 * @param counter the counter value
	 * @return the id
	 */
	static byte[] generatedId(int counter) {
		return new byte[] { 0, (byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8), (byte) counter };
	}

}
