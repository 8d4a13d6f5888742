/**
 * The ZMTP security mechanisms as sans-I/O state machines: NULL (RFC 37), PLAIN (RFC 24) and CURVE (RFC 26,
 * CurveZMQ), with the inputs and outputs of ZAP (RFC 27) as plain values. A mechanism takes the peer's handshake
 * commands and returns the commands to send; it asks for a ZAP decision by returning a {@link
 * io.github.zmqspring.core.internal.zmtp.mechanism.ZapRequest} and goes on when the caller hands it the {@link
 * io.github.zmqspring.core.internal.zmtp.mechanism.ZapReply}; after the handshake it turns frames into what goes on
 * the wire and back (CURVE: one MESSAGE box per frame). No threads, sockets or clocks.
 * <p>
 * Every command from the peer is hostile input: sizes are checked against the command before anything is allocated
 * for it, and every buffer is sized from the command actually received. CURVE's cryptography is Bouncy Castle's
 * (X25519, XSalsa20, Poly1305), composed as NaCl's {@code crypto_box}; nothing here implements a cipher.
 * <p>
 * Not an API: the types are public only for the connection layer in a sibling package. A mechanism belongs to one
 * connection and is not thread-safe.
 */
@NullMarked
package io.github.zmqspring.core.internal.zmtp.mechanism;

import org.jspecify.annotations.NullMarked;
