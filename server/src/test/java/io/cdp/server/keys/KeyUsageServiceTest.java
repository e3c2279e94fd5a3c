package io.cdp.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.testing.TestServices;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** Keys' last use on the real Redis: kept in memory until a flush, and a later time always wins. */
class KeyUsageServiceTest {
    private static final RedisClient REDIS = RedisClient.create(TestServices.REDIS_HOST, TestServices.REDIS_PORT);
    private static final Instant T0 = Instant.parse("2026-12-05T20:00:00Z");

    @AfterAll
    static void close() {
        REDIS.close();
    }

    private static KeyUsageService at(Instant now) {
        return new KeyUsageService(new KeyUsageRepo(REDIS), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aUseIsSeenAtOnceByItsProcessAndByOthersAfterTheFlush() {
        String key = TestServices.uniqueName("key");
        KeyUsageService ingest = at(T0);
        KeyUsageService api = at(T0);

        ingest.used(key);
        assertThat(ingest.lastUses()).containsEntry(key, T0);
        assertThat(api.lastUses()).doesNotContainKey(key);

        ingest.flush();
        assertThat(api.lastUses()).containsEntry(key, T0);
    }

    @Test
    void anEarlierTimeFromAnotherProcessNeverReplacesALaterOne() {
        String key = TestServices.uniqueName("key");
        KeyUsageService late = at(T0.plusSeconds(30));
        KeyUsageService early = at(T0);
        late.used(key);
        late.flush();
        early.used(key);
        early.flush();

        Map<String, Instant> stored = new KeyUsageRepo(REDIS).all();
        assertThat(stored).containsEntry(key, T0.plusSeconds(30));
    }
}
