/**
 * The engine's own ZMTP 3.1 implementation: socket semantics per type over pipes with high water marks, I/O threads
 * with java.nio selectors, and the tcp, ipc (Unix domain sockets) and inproc transports. Not API.
 */
@NullMarked
package io.github.zmqspring.core.internal.engine;

import org.jspecify.annotations.NullMarked;
