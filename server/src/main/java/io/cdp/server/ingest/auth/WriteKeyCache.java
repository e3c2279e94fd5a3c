package io.cdp.server.ingest.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cdp.server.error.AppError;
import io.cdp.server.event.EventJson;
import io.cdp.server.keys.KeyOwner;
import io.cdp.server.keys.WriteKeyRepo;
import io.cdp.server.keys.WriteKeyRevocations;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Write-key lookups in three layers: this process's memory (Caffeine), Redis shared by all
 * ingest processes, then PostgreSQL. Entries are keyed by the key's SHA-256, never the key, and
 * unknown keys are cached too (as "none") so a flood of bad keys does not reach PostgreSQL.
 *
 * <p>A revocation deletes the Redis entry and reaches {@link #invalidate} in every process
 * through {@link RevocationSubscriber}; the TTLs only bound how long a missed message could
 * matter. Redis being down degrades to PostgreSQL lookups, not to refusals. Thread-safe.
 */
public class WriteKeyCache {
    private static final Logger LOG = LoggerFactory.getLogger(WriteKeyCache.class);
    private static final String NONE = "none";

    private final Cache<String, Optional<KeyOwner>> local;
    private final UnifiedJedis redis;
    private final WriteKeyRepo repo;
    private final SetParams redisExpiry;

    public WriteKeyCache(UnifiedJedis redis, WriteKeyRepo repo, Duration localTtl, Duration redisTtl) {
        this.redis = redis;
        this.repo = repo;
        this.local = Caffeine.newBuilder().expireAfterWrite(localTtl).maximumSize(100_000).build();
        this.redisExpiry = SetParams.setParams().px(redisTtl.toMillis());
    }

    /** What the key with this hash unlocks; empty for an unknown key. */
    public Optional<KeyOwner> lookup(String keyHash) {
        return local.get(keyHash, this::loadShared);
    }

    /** Forgets one key in this process (a revocation announced by another process). */
    public void invalidate(String keyHash) {
        local.invalidate(keyHash);
    }

    /** Forgets every key in this process (after missing revocation messages). */
    public void invalidateAll() {
        local.invalidateAll();
    }

    private Optional<KeyOwner> loadShared(String keyHash) {
        String cacheKey = WriteKeyRevocations.cacheKey(keyHash);
        try {
            String cached = redis.get(cacheKey);
            if (cached != null) {
                return NONE.equals(cached) ? Optional.empty()
                        : Optional.of(EventJson.MAPPER.readValue(cached, KeyOwner.class));
            }
        } catch (RuntimeException | IOException redisTrouble) {
            LOG.warn("write-key cache in Redis unavailable, asking PostgreSQL: {}", redisTrouble.toString());
        }
        Optional<KeyOwner> owner = loadFromDatabase(keyHash);
        try {
            redis.set(cacheKey, owner.map(found -> new String(EventJson.toBytes(found),
                    java.nio.charset.StandardCharsets.UTF_8)).orElse(NONE), redisExpiry);
        } catch (RuntimeException redisTrouble) {
            LOG.warn("could not cache a write-key lookup in Redis: {}", redisTrouble.toString());
        }
        return owner;
    }

    private Optional<KeyOwner> loadFromDatabase(String keyHash) {
        try {
            return repo.findOwner(keyHash);
        } catch (RuntimeException databaseTrouble) {
            throw AppError.unavailable("write keys cannot be checked right now; retry shortly", databaseTrouble);
        }
    }
}
