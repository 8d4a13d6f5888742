/**
 * {@link io.github.zmqspring.template.ZmqOperations} and its implementation {@link io.github.zmqspring.template.ZmqTemplate}:
 * sending converted payloads to named sockets and request/reply with typed timeouts.
 */
@NullMarked
package io.github.zmqspring.template;

import org.jspecify.annotations.NullMarked;
