/**
 * Headers and the mapping between ZeroMQ frames and Spring messages, shared by the template, the listeners and the
 * Spring Integration adapters.
 */
@NullMarked
package io.github.zmqspring.support;

import org.jspecify.annotations.NullMarked;
