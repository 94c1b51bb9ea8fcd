/**
 * The fixed-rate publisher on the signed HTTP API ({@link io.herald.bench.publish.Publisher}),
 * Pusher request signing ({@link io.herald.bench.publish.RestSigner}) and what the publisher counts.
 */
package io.herald.bench.publish;
