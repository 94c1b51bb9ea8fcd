/**
 * Signatures Pusher defines: HMAC-SHA256 for channel, presence and signin auth
 * ({@link io.herald.auth.Signatures}) and signed HTTP API requests
 * ({@link io.herald.auth.RequestSignature}). Pure logic over strings and bytes; no network code.
 */
package io.herald.auth;
