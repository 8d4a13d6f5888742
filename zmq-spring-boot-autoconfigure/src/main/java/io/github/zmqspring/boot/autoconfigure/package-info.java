/**
 * Spring Boot auto-configuration of the ZeroMQ engine, template, listeners, metrics and health.
 */
@NullMarked
package io.github.zmqspring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
