/**
 * Signed-in users on this node: which connections belong to a user (server-to-user events,
 * terminate connections) and who watches whom (watchlist events). It records; whether a user came
 * online or went offline is decided by the cluster state. Tells a higher package only through
 * {@link io.herald.user.UserInterest}. Must not import {@code link}, {@code channel} or
 * {@code gateway}.
 */
package io.herald.user;
