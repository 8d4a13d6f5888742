/**
 * The Java DSL for the ZeroMQ adapters and gateways: start from {@link io.github.zmqspring.integration.dsl.Zmq}.
 */
@NullMarked
package io.github.zmqspring.integration.dsl;

import org.jspecify.annotations.NullMarked;
