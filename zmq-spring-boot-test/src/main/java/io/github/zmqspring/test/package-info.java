/**
 * Test support for applications using ZeroMQ: in-JVM peers on the project's own engine ({@link
 * io.github.zmqspring.test.ZmqPeers}: repliers, subscribers and pullers that record what they receive, publishers and
 * pushers that feed, requesters), with a deadline-based, AssertJ-friendly API and a JUnit 5 extension that closes them;
 * and a TCP fault-injecting proxy ({@link io.github.zmqspring.test.TcpFaultProxy}) to put between two sockets.
 * Add it with {@code <scope>test</scope>}.
 */
@NullMarked
package io.github.zmqspring.test;

import org.jspecify.annotations.NullMarked;
