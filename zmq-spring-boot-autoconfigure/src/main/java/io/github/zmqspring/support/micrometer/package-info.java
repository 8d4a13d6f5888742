/**
 * Micrometer Observation of the template and the listeners: the documented observations ({@code zmq.template},
 * {@code zmq.listener}), their contexts, whose carrier is the message's header map (so that a tracer's propagation
 * fields travel in the optional header frame), and their replaceable conventions.
 */
@NullMarked
package io.github.zmqspring.support.micrometer;

import org.jspecify.annotations.NullMarked;
