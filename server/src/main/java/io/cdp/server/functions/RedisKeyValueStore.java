package io.cdp.server.functions;

import io.cdp.functions.store.KeyValueStore;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * {@code ctx.store} in Redis, one key space per workspace ({@code cdp:store:{workspace}:{key}}),
 * so functions of different workspaces never see each other's keys. Thread-safe.
 */
public final class RedisKeyValueStore implements KeyValueStore {
    private final RedisClient redis;
    private final String prefix;

    public RedisKeyValueStore(RedisClient redis, String workspaceId) {
        this.redis = redis;
        this.prefix = "cdp:store:" + workspaceId + ":";
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(redis.get(prefix + key));
    }

    @Override
    public void set(String key, String json, Duration ttl) {
        if (ttl == null) {
            redis.set(prefix + key, json);
        } else {
            redis.set(prefix + key, json, SetParams.setParams().px(Math.max(1, ttl.toMillis())));
        }
    }

    @Override
    public void del(String key) {
        redis.del(prefix + key);
    }

    @Override
    public long ttl(String key) {
        return redis.ttl(prefix + key);
    }

    @Override
    public String getOrSet(String key, String json, Duration ttl) {
        SetParams params = SetParams.setParams().nx();
        if (ttl != null) {
            params.px(Math.max(1, ttl.toMillis()));
        }
        if ("OK".equals(redis.set(prefix + key, json, params))) {
            return json;
        }
        String existing = redis.get(prefix + key);
        return existing != null ? existing : json;
    }
}
