/**
 * One Pusher subscriber connection on Netty ({@link io.herald.bench.client.SubscriberHandler}),
 * the bench event payload and how it is read from raw frames, the shared clock, and failure
 * causes. Everything here runs on client event loops and must stay cheap per delivery.
 */
package io.herald.bench.client;
