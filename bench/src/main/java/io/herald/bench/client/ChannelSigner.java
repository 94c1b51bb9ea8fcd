package io.herald.bench.client;

import io.herald.auth.Signatures;

/**
 * Signs private-channel subscriptions as an app's auth endpoint would: the bench knows the app
 * secret, so its clients need no auth server.
 */
public record ChannelSigner(String key, String secret) {

    /** The {@code auth} value for subscribing {@code socketId} to private {@code channel}. */
    public String auth(String socketId, String channel) {
        return Signatures.channelAuth(key, secret, socketId, channel);
    }

    @Override
    public String toString() {
        return "ChannelSigner[key=" + key + "]";
    }
}
