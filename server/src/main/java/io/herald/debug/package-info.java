/**
 * The debug stream of the web console: what happens to one app (connections, subscriptions,
 * channel and member changes, published and client events, webhooks), told only while a console
 * watches the app. {@link io.herald.debug.DebugTap} is where the rest of the server reports and
 * asks whether anyone watches; {@link io.herald.debug.DebugWatcher} is one console's bounded,
 * sampled queue. This package depends on nothing of the server but Jackson.
 */
package io.herald.debug;
