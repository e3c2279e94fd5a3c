package io.cdp.server.ingest.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.testing.TestServices;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

class DeduplicatorTest {
    private static final RedisClient REDIS = RedisClient.create(TestServices.REDIS_HOST, TestServices.REDIS_PORT);
    private final Deduplicator deduplicator = new Deduplicator(REDIS, Duration.ofHours(24));
    private final String workspace = TestServices.uniqueName("ws");

    @AfterAll
    static void close() {
        REDIS.close();
    }

    @Test
    void theFirstSightingWinsPerWorkspace() {
        assertThat(deduplicator.firstSeen(workspace, "m1")).isTrue();
        assertThat(deduplicator.firstSeen(workspace, "m1")).isFalse();
        assertThat(deduplicator.firstSeen(TestServices.uniqueName("other"), "m1")).isTrue();
    }

    @Test
    void aBatchIsMarkedInOneGoIncludingRepeatsWithinIt() {
        deduplicator.firstSeen(workspace, "seen");
        assertThat(deduplicator.firstSeen(workspace, List.of("a", "seen", "b", "a"))).containsExactly(true, false,
                true, false);
    }

    @Test
    void marksExpireAfterTheTtlAndCanBeReleased() {
        assertThat(deduplicator.firstSeen(workspace, "ttl")).isTrue();
        long ttl = REDIS.pttl(Deduplicator.key(workspace, "ttl"));
        assertThat(ttl).isBetween(Duration.ofHours(23).toMillis(), Duration.ofHours(24).toMillis());
        deduplicator.release(workspace, "ttl");
        assertThat(deduplicator.firstSeen(workspace, "ttl")).isTrue();
    }
}
