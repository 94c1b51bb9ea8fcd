/**
 * Signed-in users: which connections belong to a user (server-to-user events, terminate
 * connections) and who watches whom (watchlist online/offline events).
 */
package io.herald.user;
