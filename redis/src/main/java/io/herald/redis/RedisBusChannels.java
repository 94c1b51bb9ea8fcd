package io.herald.redis;

import io.herald.bus.BusTopic;

/**
 * The pub/sub channel of each bus topic: {@code PREFIX:bus:APP:c:CHANNEL} for a channel and
 * {@code PREFIX:bus:APP:u:USER} for a user. The topic's name comes last and is written as it is,
 * so it may hold anything, ':' included; the app id is the only part before it that could hold a
 * ':', so there {@code %} and {@code :} are written {@code %25} and {@code %3A} (app ids from the
 * configuration never hold either). Two topics therefore never share a channel, and the names
 * stay readable in {@code PUBSUB SHARDCHANNELS} and {@code MONITOR}.
 */
record RedisBusChannels(String prefix) {

    static RedisBusChannels of(String prefix) {
        return new RedisBusChannels(prefix == null || prefix.isBlank() ? RedisKeys.DEFAULT_PREFIX : prefix);
    }

    String of(BusTopic topic) {
        String kind = topic.kind() == BusTopic.Kind.CHANNEL ? ":c:" : ":u:";
        return prefix + ":bus:" + escapeApp(topic.appId()) + kind + topic.name();
    }

    private static String escapeApp(String appId) {
        if (appId.indexOf('%') < 0 && appId.indexOf(':') < 0) {
            return appId;
        }
        return appId.replace("%", "%25").replace(":", "%3A");
    }
}
