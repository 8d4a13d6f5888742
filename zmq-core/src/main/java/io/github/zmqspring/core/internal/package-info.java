/**
 * The engine's inside: socket loops, the dispatcher, and the driver seam over the ZMTP engine
 * ({@code internal.engine}). Not an API: types here are public only because the engine in the parent package uses them.
 */
@NullMarked
package io.github.zmqspring.core.internal;

import org.jspecify.annotations.NullMarked;
