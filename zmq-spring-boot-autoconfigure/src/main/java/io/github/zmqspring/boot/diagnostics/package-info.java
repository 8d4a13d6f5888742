/**
 * Start-up diagnostics: failure analyzers that turn ZeroMQ start-up failures (an address in use, an unknown socket
 * name, an invalid {@code zmq.*} property) into Spring Boot's "APPLICATION FAILED TO START" report, naming the
 * property and its origin.
 */
@NullMarked
package io.github.zmqspring.boot.diagnostics;

import org.jspecify.annotations.NullMarked;
