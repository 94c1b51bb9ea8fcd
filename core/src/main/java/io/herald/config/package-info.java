/**
 * The node's configuration: one typed tree ({@link io.herald.config.HeraldConfig}) built by
 * {@link io.herald.config.ConfigLoader} from the bundled {@code defaults.yaml} (which is also the
 * schema), a YAML file, {@code HERALD_*} environment variables and {@code key=value} flags, in
 * that order of precedence. Start reading at {@code ConfigLoader}. Plain Java and Jackson only:
 * nothing here knows about Netty or the command line.
 */
package io.herald.config;
