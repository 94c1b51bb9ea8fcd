/**
 * The Pusher HTTP API under {@code {prefix}/apps/{app_id}/}: publishing events and batches,
 * channel queries, presence users and terminating a user's connections (docs/http-api.md).
 *
 * <p>Start at {@link io.herald.api.ApiRequestHandler}, which authenticates a request with
 * {@link io.herald.auth.RequestSignature}, picks the endpoint through {@code ApiRoutes} and is
 * the only place that turns an {@link io.herald.api.ApiException} into a response. Endpoints
 * talk to the realtime side only through {@link io.herald.channel.ChannelHub}; this package
 * knows nothing of connections or the gateway.
 */
package io.herald.api;
