/**
 * The Pusher protocol rules for WebSocket clients: admission and refusal codes, subscribe and
 * unsubscribe, client events, sign-in and watchlists, liveness. {@link io.herald.gateway.Gateway} is the
 * entry; {@link io.herald.gateway.GatewayHandler} adapts Netty frames to it. Runs on event loops only.
 */
package io.herald.gateway;
