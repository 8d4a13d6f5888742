/**
 * Spring Integration channel adapters, gateways and a proxy over the ZeroMQ engine: event-driven inbound adapters
 * (SUB, PULL, PAIR, DEALER, ROUTER), outbound adapters (PUB, PUSH, PAIR, DEALER, ROUTER), request/reply gateways in
 * both directions and a proxy lifecycle bean.
 */
@NullMarked
package io.github.zmqspring.integration;

import org.jspecify.annotations.NullMarked;
