/**
 * The {@code herald} command line (picocli): {@code start}, {@code sender} (webhook delivery only),
 * {@code webhooks dead|replay}, {@code usage}, {@code config check}, {@code config defaults} and
 * {@code version}. Start reading at {@link io.herald.cli.HeraldCommand}, which builds the command
 * tree. Commands only parse arguments, load the configuration and call
 * {@link io.herald.node.HeraldNode}, {@link io.herald.sender.StandaloneSender}, the configured
 * webhook queue or, for {@code usage}, {@link io.herald.usage}; nothing here knows the protocol.
 */
package io.herald.cli;
