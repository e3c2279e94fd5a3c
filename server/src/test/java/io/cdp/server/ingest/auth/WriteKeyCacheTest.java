package io.cdp.server.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.cdp.server.keys.KeyOwner;
import io.cdp.server.keys.WriteKeyRepo;
import io.cdp.server.keys.WriteKeyRevocations;
import io.cdp.server.keys.WriteKeys;
import io.cdp.server.testing.TestServices;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The cache layers on the real Redis, with the database behind a stub that counts its lookups. */
class WriteKeyCacheTest {
    private static final RedisClient REDIS = RedisClient.create(TestServices.REDIS_HOST, TestServices.REDIS_PORT);
    private final WriteKeyRepo repo = mock(WriteKeyRepo.class);
    private final String hash = WriteKeys.hash(WriteKeys.generate());
    private final KeyOwner owner = new KeyOwner("key_1", "src_1", "ws_1", "pro", null, null, null, null);

    @AfterAll
    static void close() {
        REDIS.close();
    }

    private WriteKeyCache cache() {
        return new WriteKeyCache(REDIS, repo, Duration.ofMinutes(10), Duration.ofMinutes(1));
    }

    @Test
    void aLookupIsSharedThroughRedisAndKeptInMemory() {
        when(repo.findOwner(hash)).thenReturn(Optional.of(owner));
        WriteKeyCache first = cache();
        assertThat(first.lookup(hash)).contains(owner);
        assertThat(first.lookup(hash)).contains(owner);
        assertThat(cache().lookup(hash)).contains(owner); // another process: from Redis
        verify(repo, times(1)).findOwner(hash);
        assertThat(REDIS.pttl(WriteKeyRevocations.cacheKey(hash))).isBetween(1L, 60_000L);
        assertThat(REDIS.get(WriteKeyRevocations.cacheKey(hash))).contains("ws_1").doesNotContain("cdp_wk_");
    }

    @Test
    void unknownKeysAreCachedToo() {
        when(repo.findOwner(hash)).thenReturn(Optional.empty());
        assertThat(cache().lookup(hash)).isEmpty();
        assertThat(cache().lookup(hash)).isEmpty();
        verify(repo, times(1)).findOwner(hash);
    }

    @Test
    void aRevocationReachesTheDatabaseAgain() {
        when(repo.findOwner(hash)).thenReturn(Optional.of(owner));
        WriteKeyCache cache = cache();
        cache.lookup(hash);
        KeyOwner revoked = new KeyOwner("key_1", "src_1", "ws_1", "pro", null, null, java.time.Instant.now(), null);
        when(repo.findOwner(hash)).thenReturn(Optional.of(revoked));
        new WriteKeyRevocations(REDIS).announce(hash); // deletes the Redis entry
        cache.invalidate(hash);                        // what the subscriber does on the message
        assertThat(cache.lookup(hash)).hasValueSatisfying(found -> assertThat(found.revoked()).isTrue());
    }
}
