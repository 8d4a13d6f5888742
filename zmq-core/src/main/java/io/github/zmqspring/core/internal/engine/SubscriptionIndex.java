package io.github.zmqspring.core.internal.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Prefixes mapped to values, matched against the start of a frame without recursion: for each distinct prefix length
 * no longer than the frame, one hash lookup. Not thread-safe (guarded by its socket).
 * @param <V> the value type
 */
final class SubscriptionIndex<V> {

	private final Map<Prefix, V> entries = new HashMap<>();

	/** Distinct prefix lengths with the number of prefixes of that length. */
	private final TreeMap<Integer, Integer> lengths = new TreeMap<>();

	/** The keys of {@link #lengths}, ascending: what a match walks on every message, without a view or a box. */
	private int[] sortedLengths = new int[0];

	/**
	 * The value for a prefix.
	 * @param prefix the prefix
	 * @return the value, or {@code null}
	 */
	V get(Prefix prefix) {
		return this.entries.get(prefix);
	}

	/**
	 * Sets a prefix's value.
	 * @param prefix the prefix
	 * @param value the value
	 */
	void put(Prefix prefix, V value) {
		if (this.entries.put(prefix, value) == null && this.lengths.merge(prefix.length, 1, Integer::sum) == 1) {
			refreshLengths();
		}
	}

	/**
	 * Removes a prefix.
	 * @param prefix the prefix
	 */
	void remove(Prefix prefix) {
		if (this.entries.remove(prefix) != null
				&& this.lengths.computeIfPresent(prefix.length, (length, count) -> (count == 1) ? null : count - 1) == null) {
			refreshLengths();
		}
	}

	/** @return whether there is no prefix */
	boolean isEmpty() {
		return this.entries.isEmpty();
	}

	/** @return the number of prefixes */
	int size() {
		return this.entries.size();
	}

	/**
	 * Calls the consumer with the value of every prefix the frame starts with.
	 * @param frame the frame
	 * @param matched the consumer
	 */
	void match(byte[] frame, Consumer<V> matched) {
		for (int length : this.sortedLengths) {
			if (length > frame.length) {
				return;
			}
			V value = this.entries.get(new Prefix(frame, length));
			if (value != null) {
				matched.accept(value);
			}
		}
	}

	/**
	 * Whether the frame starts with any prefix.
	 * @param frame the frame
	 * @return the answer
	 */
	boolean matches(byte[] frame) {
		for (int length : this.sortedLengths) {
			if (length > frame.length) {
				return false;
			}
			if (this.entries.containsKey(new Prefix(frame, length))) {
				return true;
			}
		}
		return false;
	}

	private void refreshLengths() {
		this.sortedLengths = this.lengths.keySet().stream().mapToInt(Integer::intValue).toArray();
	}

	/** @return the prefixes and their values */
	Map<Prefix, V> entries() {
		return this.entries;
	}

}
