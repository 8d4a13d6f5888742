package io.github.zmqspring.core.internal.engine;

import java.util.Arrays;

/**
 * A byte string used as a hash key: a subscription prefix, a routing id. Compares the first {@code length} bytes of
 * its array, so that a probe can view a prefix of a frame without copying it.
 */
final class Prefix {

	final byte[] bytes;

	final int length;

	private final int hash;

	Prefix(byte[] bytes) {
		this(bytes, bytes.length);
	}

	Prefix(byte[] bytes, int length) {
		this.bytes = bytes;
		this.length = length;
		int h = 1;
		for (int i = 0; i < length; i++) {
			h = 31 * h + bytes[i];
		}
		this.hash = h;
	}

	/** @return a copy of the bytes, exactly {@code length} long */
	byte[] toArray() {
		return Arrays.copyOf(this.bytes, this.length);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Prefix that && that.length == this.length
				&& Arrays.equals(this.bytes, 0, this.length, that.bytes, 0, that.length);
	}

	@Override
	public int hashCode() {
		return this.hash;
	}

}
