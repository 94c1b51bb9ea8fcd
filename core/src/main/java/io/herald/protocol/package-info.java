/**
 * The Pusher protocol vocabulary: close and error codes ({@link io.herald.protocol.CloseCode}), channel
 * names and kinds, and the exact server-to-client message shapes ({@link io.herald.protocol.PusherMessages}).
 * No network code.
 */
package io.herald.protocol;
