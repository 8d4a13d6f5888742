/**
 * The public API of the socket engine: socket specs, messages, the engine, sockets, requesters, servers, proxies and
 * socket events. Spring-free; JeroMQ types never appear here.
 */
@NullMarked
package io.github.zmqspring.core;

import org.jspecify.annotations.NullMarked;
