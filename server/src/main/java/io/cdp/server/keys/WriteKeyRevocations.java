package io.cdp.server.keys;

import redis.clients.jedis.UnifiedJedis;

/**
 * How a revocation reaches every ingest process at once: the shared Redis entry of the key is
 * deleted and the key's hash is published on {@value #CHANNEL}, where each process's subscriber
 * drops it from its in-process cache. Without this a revoked key would keep working until the
 * caches expire. Thread-safe.
 */
public class WriteKeyRevocations {
    /** Redis pub/sub channel carrying the hash of each revoked key. */
    public static final String CHANNEL = "cdp:write-keys:revoked";
    private static final String CACHE_KEY_PREFIX = "cdp:wk:";

    private final UnifiedJedis redis;

    public WriteKeyRevocations(UnifiedJedis redis) {
        this.redis = redis;
    }

    /** The Redis key under which the lookup result of a key hash is cached. */
    public static String cacheKey(String keyHash) {
        return CACHE_KEY_PREFIX + keyHash;
    }

    public void announce(String keyHash) {
        redis.del(cacheKey(keyHash));
        redis.publish(CHANNEL, keyHash);
    }
}
