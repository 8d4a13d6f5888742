/**
 * Listener containers: they open a receiving or serving socket on the engine in {@code start()}, hand each message
 * to a {@link io.github.zmqspring.listener.ZmqMessageListener}, and route failures to a
 * {@link io.github.zmqspring.listener.ZmqListenerErrorHandler}.
 */
@NullMarked
package io.github.zmqspring.listener;

import org.jspecify.annotations.NullMarked;
