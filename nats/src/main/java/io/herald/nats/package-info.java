/**
 * The NATS drivers. The JetStream webhook queue: start at {@link io.herald.nats.NatsWebhookQueue};
 * names are in {@link io.herald.nats.NatsNames}, stream and consumer creation in
 * {@link io.herald.nats.NatsTopology}, the wire-level pulls and acks in
 * {@link io.herald.nats.NatsPuller}, the message format in {@link io.herald.nats.NatsEnvelope}.
 * The core NATS bus: start at {@link io.herald.nats.NatsBus}; subjects are
 * {@link io.herald.nats.NatsBusSubjects}. Depends on core only.
 */
package io.herald.nats;
