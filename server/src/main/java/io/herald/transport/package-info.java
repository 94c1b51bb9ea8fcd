/**
 * Netty plumbing: transport choice (epoll, io_uring, NIO), HTTP listeners, the router that sends a
 * request to the WebSocket upgrade, the HTTP API or the probes, and the once-per-node frame encoder.
 * Start with {@link io.herald.transport.HttpRouter}.
 */
package io.herald.transport;
