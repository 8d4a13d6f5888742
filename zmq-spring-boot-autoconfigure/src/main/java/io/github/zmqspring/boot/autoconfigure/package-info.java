/**
 * Spring Boot auto-configuration: the engine, template, listeners, Spring Integration adapters, properties, metrics
 * and health.
 */
@NullMarked
package io.github.zmqspring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
