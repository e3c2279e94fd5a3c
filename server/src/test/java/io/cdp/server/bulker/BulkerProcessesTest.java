package io.cdp.server.bulker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.event.EventEnvelope;
import io.cdp.server.testing.Eventually;
import io.cdp.server.testing.ServerProcess;
import io.cdp.server.testing.TestServices;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulkers as separate processes (the real server with {@code CDP_ROLES=bulker}): killed with
 * {@code kill -9} during a load, and two of them sharing one consumer group. Each event must be
 * shown exactly once by {@code SELECT count() FROM events__ws FINAL} (the workspace's events table).
 */
class BulkerProcessesTest {
    private static final Logger LOG = LoggerFactory.getLogger(BulkerProcessesTest.class);
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static BulkerFixture fixture;

    @BeforeAll
    static void createServices() throws Exception {
        fixture = new BulkerFixture();
    }

    @AfterAll
    static void dropServices() {
        fixture.close();
    }

    /** Sends {@code count} events {@code prefix-0 …} in chunks, spread over seconds (4 for 20,000), on another thread. */
    private static CompletableFuture<Void> load(String prefix, int count) {
        return CompletableFuture.runAsync(() -> {
            for (int start = 0; start < count; start += 500) {
                fixture.send(IntStream.range(start, Math.min(count, start + 500))
                        .mapToObj(i -> fixture.envelope(prefix + "-" + i, "{\"type\":\"track\",\"anonymousId\":\"visitor-"
                                + (i % 97) + "\",\"properties\":{\"i\":" + i + ",\"load\":\"" + prefix + "\"}}"))
                        .toArray(EventEnvelope[]::new));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
    }

    private static long shown(String prefix) {
        return fixture.clickHouseCount(BulkerFixture.EVENTS, "message_id LIKE '" + prefix + "-%'");
    }

    private static long distinct(String prefix) {
        return fixture.clickHouse.query("SELECT uniqExact(message_id) AS n FROM " + BulkerFixture.EVENTS
                + " WHERE message_id LIKE '"
                + prefix + "-%'").get(0).get("n").asLong();
    }

    private static long stored(String prefix) {
        return fixture.clickHouse.query("SELECT count() AS n FROM " + BulkerFixture.EVENTS
                + " WHERE message_id LIKE '" + prefix + "-%'")
                .get(0).get("n").asLong();
    }

    @Test
    void aBulkerKilledDuringALoadLosesNothingAndShowsNothingTwiceAfterRestart() throws Exception {
        int events = 20_000;
        ServerProcess first = fixture.bulkerProcess("bulker-crash-first");
        CompletableFuture<Void> sending;
        try {
            // Start the load only once the bulker reads: a bulker that joins after the whole load is
            // on Kafka can store all of it before the kill, and the test would prove nothing.
            fixture.send(fixture.envelope("ready-crash", "{\"type\":\"track\"}"));
            Eventually.await(WAIT, "the first bulker reading (log: " + first.log() + ")",
                    () -> fixture.clickHouseCount(BulkerFixture.EVENTS, "message_id = 'ready-crash'"), count -> count >= 1);
            sending = load("crash", events);
            Eventually.await(WAIT, "the first bulker storing part of the load (log: " + first.log() + ")",
                    () -> shown("crash"), count -> count >= events / 5);
        } finally {
            first.kill();
        }
        sending.get(120, TimeUnit.SECONDS);
        long beforeRestart = shown("crash");
        assertThat(beforeRestart).as("killed during the load").isLessThan(events);

        try (ServerProcess second = fixture.bulkerProcess("bulker-crash-second")) {
            Eventually.await(WAIT, events + " events shown once (log: " + second.log() + ")",
                    () -> shown("crash"), count -> count >= events);
            assertThat(shown("crash")).isEqualTo(events);
            assertThat(distinct("crash")).isEqualTo(events);
            LOG.info("kill -9 after {} of {} events were shown; rows stored before merging: {} (re-written after the "
                    + "crash: {}), shown with FINAL: {}", beforeRestart, events, stored("crash"),
                    stored("crash") - events, shown("crash"));
        }
    }

    @Test
    void twoBulkerProcessesShareThePartitionsAndStoreEachEventOnce() throws Exception {
        int events = 10_000;
        String group = "bulker-test-" + fixture.suffix + "-clickhouse";
        try (ServerProcess one = fixture.bulkerProcess("bulker-pair-one");
             ServerProcess two = fixture.bulkerProcess("bulker-pair-two")) {
            ConsumerGroupDescription shared = Eventually.await(WAIT, "two members sharing the partitions of " + group,
                    () -> TestServices.consumerGroup(group), description -> description.members().size() == 2
                            && description.members().stream().allMatch(member ->
                            !member.assignment().topicPartitions().isEmpty()));
            Set<TopicPartition> assigned = shared.members().stream()
                    .flatMap(member -> member.assignment().topicPartitions().stream()).collect(Collectors.toSet());
            assertThat(assigned).hasSize(3);

            load("pair", events).get(120, TimeUnit.SECONDS);

            Eventually.await(WAIT, events + " events shown (logs: " + one.log() + ", " + two.log() + ")",
                    () -> shown("pair"), count -> count >= events);
            assertThat(shown("pair")).isEqualTo(events);
            assertThat(distinct("pair")).isEqualTo(events);
            assertThat(one.alive() && two.alive()).isTrue();
        }
    }
}
