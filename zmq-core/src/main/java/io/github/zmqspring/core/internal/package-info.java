/**
 * The engine's inside: socket loops, the dispatcher, the handshake watchdog and the driver seam with its JeroMQ
 * implementation. Not an API: types here are public only because the engine in the parent package uses them.
 */
@NullMarked
package io.github.zmqspring.core.internal;

import org.jspecify.annotations.NullMarked;
