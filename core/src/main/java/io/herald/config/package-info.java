/**
 * The typed configuration: {@link io.herald.config.ConfigLoader} layers defaults, a YAML file, the
 * environment and flags, and reports every problem at once. {@code defaults.yaml} beside it is the
 * single source of keys, defaults and documentation. Depends on nothing else in Herald but the app
 * records.
 */
package io.herald.config;
