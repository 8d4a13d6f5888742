/**
 * Auto-configuration of the ZeroMQ engine, the named sockets, the template, listeners, message conversion, metrics and
 * health, and the {@code zmq.*} configuration properties.
 */
@NullMarked
package io.github.zmqspring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
