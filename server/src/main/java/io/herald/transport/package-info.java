/**
 * Netty plumbing: transport choice (epoll, io_uring, NIO), HTTP listeners (plain or TLS with a
 * certificate {@link io.herald.transport.ServerTls} reloads from PEM files), the router that sends a
 * request to the WebSocket upgrade, the HTTP API or the probes, and the once-per-node frame encoder.
 * Start with {@link io.herald.transport.HttpRouter}.
 */
package io.herald.transport;
