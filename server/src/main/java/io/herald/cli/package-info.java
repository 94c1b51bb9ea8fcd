/**
 * The {@code herald} command line (picocli): {@code start}, {@code config check},
 * {@code config defaults} and {@code version}. Start reading at {@link io.herald.cli.HeraldCommand},
 * which builds the command tree. Commands only parse arguments, load the configuration and call
 * {@link io.herald.node.HeraldNode}; nothing here knows the protocol.
 */
package io.herald.cli;
