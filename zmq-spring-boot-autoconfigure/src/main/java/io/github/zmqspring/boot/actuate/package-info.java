/**
 * Operations support: the {@code zmq} health contributor (one entry per socket and listener), the {@code zmq}
 * actuator endpoint, and the peer tracker behind it.
 */
@NullMarked
package io.github.zmqspring.boot.actuate;

import org.jspecify.annotations.NullMarked;
