package io.herald.redis;

/** The bus contract on Redis with classic PUBLISH/SUBSCRIBE, as on servers before 7.0. */
class ClassicRedisBusIT extends RedisBusIT {

    @Override
    RedisBus.PubSub pubSub() {
        return RedisBus.PubSub.CLASSIC;
    }
}
