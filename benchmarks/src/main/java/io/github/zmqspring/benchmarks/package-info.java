/**
 * Side-by-side benchmarks of raw JeroMQ, the engine, {@code ZmqTemplate}/{@code @ZmqListener}, our Spring Integration
 * adapters and spring-integration-zeromq; run by {@link io.github.zmqspring.benchmarks.Benchmarks}.
 */
@NullMarked
package io.github.zmqspring.benchmarks;

import org.jspecify.annotations.NullMarked;
