/**
 * HMAC-SHA256 signatures of the Pusher protocol: channel auth, presence auth, user sign-in, REST
 * requests and webhooks. Pure functions; no I/O.
 */
package io.herald.auth;
