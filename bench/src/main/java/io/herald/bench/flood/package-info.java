/**
 * Hostile single clients: {@link io.herald.bench.flood.ControlFlood} sends WebSocket control
 * frames on one socket as fast as the server takes them and never reads, while
 * {@link io.herald.bench.flood.RssSampler} follows the server's resident memory. Used to show that
 * a client which will not read cannot grow the server's memory without bound.
 */
package io.herald.bench.flood;
