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

    /** A request that looks the id up and forwards it if it is new; whether it was. */
    private boolean sentOnce(String workspaceId, String messageId) {
        Deduplicator.Sightings seen = deduplicator.check(workspaceId, List.of(messageId));
        if (seen.firstSeen(0)) {
            seen.remember(Set.of(messageId));
        }
        return seen.firstSeen(0);
    }

    private static List<Boolean> firstSeen(Deduplicator.Sightings seen, int count) {
        return IntStream.range(0, count).mapToObj(seen::firstSeen).toList();
    }

    @Test
    void theFirstSightingWinsPerWorkspace() {
        assertThat(sentOnce(workspace, "m1")).isTrue();
        assertThat(sentOnce(workspace, "m1")).isFalse();
        assertThat(sentOnce(TestServices.uniqueName("other"), "m1")).isTrue();
    }

    @Test
    void aBatchIsCheckedInOneGoIncludingRepeatsWithinIt() {
        sentOnce(workspace, "seen");
        assertThat(firstSeen(deduplicator.check(workspace, List.of("a", "seen", "b", "a")), 4))
                .containsExactly(true, false, true, false);
    }

    @Test
    void anIdIsRememberedForTheTtlOnceItsEventWasForwarded() {
        sentOnce(workspace, "ttl");
        long ttl = REDIS.pttl(Deduplicator.key(workspace, "ttl"));
        assertThat(ttl).isBetween(Duration.ofHours(23).toMillis(), Duration.ofHours(24).toMillis());
    }

    @Test
    void onlyTheForwardedFirstSightingsAreRememberedSoARequestThatDiedLeavesNoMark() {
        sentOnce(workspace, "other-request");
        Deduplicator.Sightings seen = deduplicator.check(workspace,
                List.of("forwarded", "refused", "other-request", "refused-twice", "refused-twice"));
        Deduplicator.Sightings diedBeforeTheHandOver = deduplicator.check(workspace, List.of("died"));

        seen.remember(Set.of("forwarded"));

        assertThat(REDIS.exists(Deduplicator.key(workspace, "forwarded"))).isTrue();
        assertThat(REDIS.exists(Deduplicator.key(workspace, "refused"))).isFalse();
        assertThat(REDIS.exists(Deduplicator.key(workspace, "refused-twice"))).isFalse();
        assertThat(diedBeforeTheHandOver.firstSeen(0)).isTrue();
        assertThat(sentOnce(workspace, "died")).as("the retry of a request that never finished").isTrue();
    }

    @Test
    void noIdsMeansNothingToCheckOrRemember() {
        Deduplicator.Sightings seen = deduplicator.check(workspace, List.of());
        seen.remember(Set.of());
        assertThat(sentOnce(workspace, "later")).isTrue();
    }
}
