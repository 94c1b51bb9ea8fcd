/**
 * The node's configuration: one typed tree ({@link io.herald.config.HeraldConfig}) built by
 * {@link io.herald.config.ConfigLoader} from the bundled {@code defaults.yaml} (the single source
 * of keys, defaults and documentation, and so also the schema), a YAML file, {@code HERALD_*}
 * environment variables and {@code key=value} flags, in that order of precedence, reporting
 * every problem at once. Start reading at {@code ConfigLoader}. Depends on nothing else in Herald
 * but the app records: nothing here knows about Netty or the command line.
 */
package io.herald.config;
