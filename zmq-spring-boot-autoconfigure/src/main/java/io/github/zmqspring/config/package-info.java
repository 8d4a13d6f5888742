/**
 * The listener pipeline between the annotation and the containers: endpoints, the registrar that collects them at
 * start-up, the registry that owns the containers, and the container factory.
 */
@NullMarked
package io.github.zmqspring.config;

import org.jspecify.annotations.NullMarked;
