package io.cdp.server.rotor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loop's bookkeeping with Kafka's MockConsumer: when it commits, and what it holds back. */
class RotorLoopTest {
    private static final TopicPartition INGEST = new TopicPartition("ingest", 0);
    private static final TopicPartition RETRY = new TopicPartition("retry", 0);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final Map<Long, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
    private final List<String> processed = new CopyOnWriteArrayList<>();
    private RotorLoop loop;

    private void start(RecordProcessor processor) {
        loop = new RotorLoop(() -> consumer, List.of("ingest", "retry"), "retry", processor,
                new RotorLoop.Settings(4, 1000, Duration.ofMillis(10), Duration.ofSeconds(5)),
                Clock.fixed(NOW, ZoneOffset.UTC));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(INGEST, RETRY));
            consumer.updateBeginningOffsets(Map.of(INGEST, 0L, RETRY, 0L));
        });
        loop.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        pending.values().forEach(future -> future.complete(null));
        loop.stop();
    }

    private static byte[] envelope(String messageId, Instant notBefore) {
        ObjectNode event = EventJson.MAPPER.createObjectNode().put("messageId", messageId);
        EventEnvelope envelope = new EventEnvelope("ws", "src", messageId, "track", NOW, null,
                notBefore == null ? 0 : 1, notBefore, event);
        return EventJson.toBytes(envelope);
    }

    private static ConsumerRecord<String, byte[]> record(TopicPartition partition, long offset, String key,
                                                        Instant notBefore) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, key,
                envelope(key + "-" + offset, notBefore));
    }

    /** Records that one poll returns together (the loop handles a poll's records as one batch). */
    @SafeVarargs
    private void poll(ConsumerRecord<String, byte[]>... records) {
        consumer.schedulePollTask(() -> List.of(records).forEach(consumer::addRecord));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committed() {
        return consumer.committed(Set.of(INGEST, RETRY));
    }

    @Test
    void commitsNoOffsetBeforeEveryEarlierRecordsOutputsAreAcknowledged() throws InterruptedException {
        start(record -> {
            processed.add(record.key() + "@" + record.offset());
            return pending.computeIfAbsent(record.offset(), offset -> new CompletableFuture<>());
        });
        poll(record(INGEST, 0, "a", null), record(INGEST, 1, "b", null));
        await(() -> processed.size() == 2);
        pending.get(1L).complete(null);
        Thread.sleep(300);
        assertThat(committed().get(INGEST)).isNull();

        pending.get(0L).complete(null);
        await(() -> committed().get(INGEST) != null);
        assertThat(committed().get(INGEST).offset()).isEqualTo(2);
    }

    @Test
    void commitsWhatIsAcknowledgedWhileLaterRecordsAreStillPending() throws InterruptedException {
        start(record -> {
            processed.add(record.key() + "@" + record.offset());
            return pending.computeIfAbsent(record.offset(), offset -> new CompletableFuture<>());
        });
        poll(record(INGEST, 0, "a", null), record(INGEST, 1, "b", null), record(INGEST, 2, "c", null));
        await(() -> processed.size() == 3);
        pending.get(0L).complete(null);
        await(() -> committed().get(INGEST) != null);
        assertThat(committed().get(INGEST).offset()).isEqualTo(1);
        poll(record(INGEST, 3, "d", null));
        await(() -> processed.size() == 4);
        pending.get(1L).complete(null);
        pending.get(3L).complete(null);
        await(() -> committed().get(INGEST).offset() == 2);
        Thread.sleep(300);
        assertThat(committed().get(INGEST).offset()).isEqualTo(2);
    }

    @Test
    void eventsOfOneKeyRunOneAfterAnotherOnOneThreadWhileOtherKeysRunAlongside() throws InterruptedException {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<String> threads = new CopyOnWriteArrayList<>();
        start(record -> {
            processed.add(record.key() + "@" + record.offset());
            threads.add(record.key() + "@" + Thread.currentThread().getName());
            if (record.offset() == 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return CompletableFuture.completedFuture(null);
        });
        String other = otherLane("same");
        poll(record(INGEST, 0, "same", null), record(INGEST, 1, "same", null), record(INGEST, 2, other, null));
        await(() -> processed.size() == 2);
        Thread.sleep(300);
        assertThat(processed).containsExactlyInAnyOrder("same@0", other + "@2");
        release.countDown();
        await(() -> processed.size() == 3);
        assertThat(processed.get(2)).isEqualTo("same@1");
        assertThat(threads.stream().filter(entry -> entry.startsWith("same@")).distinct()).hasSize(1);
        await(() -> committed().get(INGEST) != null && committed().get(INGEST).offset() == 3);
    }

    @Test
    void keepsEachKeysOrderOverManyPollsOnSeveralThreadsWithAcknowledgementsOutOfOrder() throws InterruptedException {
        Map<String, List<Long>> seen = new ConcurrentHashMap<>();
        java.util.concurrent.ScheduledExecutorService acks = java.util.concurrent.Executors.newScheduledThreadPool(2);
        try {
            start(record -> {
                seen.computeIfAbsent(record.key(), key -> new CopyOnWriteArrayList<>()).add(record.offset());
                CompletableFuture<Void> acked = new CompletableFuture<>();
                // Acknowledgements arrive in another order than the sends, as from several brokers.
                acks.schedule(() -> acked.complete(null), (record.offset() * 7919) % 5,
                        java.util.concurrent.TimeUnit.MILLISECONDS);
                return acked;
            });
            int records = 3000;
            for (int first = 0; first < records; first += 250) {
                ConsumerRecord<String, byte[]>[] batch = new ConsumerRecord[250];
                for (int i = 0; i < 250; i++) {
                    batch[i] = record(INGEST, first + i, "k" + ((first + i) % 37), null);
                }
                poll(batch);
            }
            await(() -> committed().get(INGEST) != null && committed().get(INGEST).offset() == records);
            assertThat(seen).hasSize(37);
            seen.forEach((key, offsets) -> {
                int index = Integer.parseInt(key.substring(1));
                List<Long> expected = java.util.stream.LongStream.range(0, records).filter(offset -> offset % 37 == index)
                        .boxed().toList();
                assertThat(offsets).as(key).containsExactlyElementsOf(expected);
            });
        } finally {
            acks.shutdownNow();
        }
    }

    /** A key that the loop's workers run on another thread than {@code key}'s. */
    private static String otherLane(String key) {
        for (int i = 0; ; i++) {
            if (KeyedLanes.lane("k" + i, 4) != KeyedLanes.lane(key, 4)) {
                return "k" + i;
            }
        }
    }

    @Test
    void aFailedWriteCommitsNothingAndReadsTheBatchAgain() throws InterruptedException {
        start(record -> {
            processed.add(record.key() + "@" + record.offset());
            return processed.size() == 1 ? CompletableFuture.failedFuture(new IllegalStateException("broker down"))
                    : CompletableFuture.completedFuture(null);
        });
        poll(record(INGEST, 0, "a", null));
        await(() -> processed.size() == 1);
        Thread.sleep(300);
        assertThat(committed().get(INGEST)).isNull();
        // The loop sought back to offset 0: the record comes again (MockConsumer needs it re-added).
        poll(record(INGEST, 0, "a", null));
        await(() -> committed().get(INGEST) != null);
        assertThat(processed).containsExactly("a@0", "a@0");
        assertThat(committed().get(INGEST).offset()).isEqualTo(1);
    }

    @Test
    void retriesWaitUntilTheyAreDue() throws InterruptedException {
        start(record -> {
            processed.add(record.topic() + ":" + record.key() + "@" + record.offset());
            return CompletableFuture.completedFuture(null);
        });
        poll(record(RETRY, 0, "due", NOW.minusSeconds(1)), record(RETRY, 1, "later", NOW.plusSeconds(3600)),
                record(INGEST, 0, "fresh", null));
        await(() -> processed.size() == 2);
        await(() -> committed().get(RETRY) != null);
        Thread.sleep(300);
        assertThat(processed).containsExactlyInAnyOrder("retry:due@0", "ingest:fresh@0");
        assertThat(committed().get(RETRY).offset()).isEqualTo(1);
        assertThat(consumer.paused()).containsExactly(RETRY);
    }
}
