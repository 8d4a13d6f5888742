/**
 * {@link io.github.zmqspring.annotation.ZmqListener @ZmqListener},
 * {@link io.github.zmqspring.annotation.EnableZmq @EnableZmq} and the bean post-processor that turns annotated methods into listener endpoints.
 */
@NullMarked
package io.github.zmqspring.annotation;

import org.jspecify.annotations.NullMarked;
