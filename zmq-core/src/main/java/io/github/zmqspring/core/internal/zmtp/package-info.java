/**
 * The sans-I/O ZMTP 3.1 protocol core (RFC 37, with RFC 23's 3.0 peers): greeting, frame decoding and encoding,
 * message assembly, commands, metadata and socket-type compatibility. No threads, sockets or clocks: bytes go in,
 * frames, commands and messages come out, and bytes for the peer are written into buffers the caller owns. This is
 * the one place where hostile input is parsed, so every size read from the wire is checked before anything is
 * allocated for it.
 * <p>
 * Not an API: types here are public only because the connection layer in a sibling package uses them. None is
 * thread-safe unless it says so; each instance belongs to one connection and is used by one thread at a time.
 */
@NullMarked
package io.github.zmqspring.core.internal.zmtp;

import org.jspecify.annotations.NullMarked;
