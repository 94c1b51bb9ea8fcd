package io.herald.config;

/**
 * How Herald reaches Redis: one server ({@code standalone}, also a primary behind Sentinel or a
 * managed endpoint), or a Redis Cluster found from seed nodes ({@code cluster}).
 */
public enum RedisMode { STANDALONE, CLUSTER }
