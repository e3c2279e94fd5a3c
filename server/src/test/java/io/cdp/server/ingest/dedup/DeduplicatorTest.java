package io.cdp.server.ingest.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.testing.TestServices;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
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

    private boolean firstSeen(String workspaceId, String messageId) {
        return deduplicator.mark(workspaceId, List.of(messageId)).firstSeen(0);
    }

    private static List<Boolean> firstSeen(Deduplicator.Marks marks, int count) {
        return IntStream.range(0, count).mapToObj(marks::firstSeen).toList();
    }

    @Test
    void theFirstSightingWinsPerWorkspace() {
        assertThat(firstSeen(workspace, "m1")).isTrue();
        assertThat(firstSeen(workspace, "m1")).isFalse();
        assertThat(firstSeen(TestServices.uniqueName("other"), "m1")).isTrue();
    }

    @Test
    void aBatchIsMarkedInOneGoIncludingRepeatsWithinIt() {
        firstSeen(workspace, "seen");
        assertThat(firstSeen(deduplicator.mark(workspace, List.of("a", "seen", "b", "a")), 4))
                .containsExactly(true, false, true, false);
    }

    @Test
    void marksExpireAfterTheTtlAndCanBeReleased() {
        Deduplicator.Marks marks = deduplicator.mark(workspace, List.of("ttl"));
        assertThat(marks.firstSeen(0)).isTrue();
        long ttl = REDIS.pttl(Deduplicator.key(workspace, "ttl"));
        assertThat(ttl).isBetween(Duration.ofHours(23).toMillis(), Duration.ofHours(24).toMillis());
        marks.releaseAllBut(Set.of());
        assertThat(firstSeen(workspace, "ttl")).isTrue();
    }

    @Test
    void releasingFreesExactlyTheMarksThisCallSetForEventsThatDidNotGoOn() {
        firstSeen(workspace, "other-request");
        Deduplicator.Marks marks = deduplicator.mark(workspace,
                List.of("forwarded", "refused", "other-request", "refused-twice", "refused-twice"));

        marks.releaseAllBut(Set.of("forwarded"));

        assertThat(REDIS.exists(Deduplicator.key(workspace, "forwarded"))).isTrue();
        assertThat(REDIS.exists(Deduplicator.key(workspace, "other-request"))).as("set by another request").isTrue();
        assertThat(REDIS.exists(Deduplicator.key(workspace, "refused"))).isFalse();
        assertThat(REDIS.exists(Deduplicator.key(workspace, "refused-twice"))).isFalse();
    }

    @Test
    void noIdsMeansNothingToMarkOrRelease() {
        Deduplicator.Marks marks = deduplicator.mark(workspace, List.of());
        marks.releaseAllBut(Set.of());
        assertThat(firstSeen(workspace, "later")).isTrue();
    }
}
