package io.cdp.server.rotor;

import io.cdp.server.event.EventJson;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rotor's consumer loop, a Dropwizard {@link Managed} with its own thread. Each poll's records
 * are processed concurrently on the worker pool (records with the same key one after another, so
 * one visitor's events keep their order), and the offsets are committed only when every output of
 * the batch is acknowledged by Kafka. If anything could not be written, nothing is committed and
 * the batch is read again (at-least-once; the bulker removes duplicates by message id).
 *
 * <p>Retry-topic records wait for their {@code not_before}: the partition is paused at the first
 * record that is not due yet and resumed when it is.
 *
 * <p>{@link #stop()} lets the current batch finish, commits it, and closes the consumer.
 */
public class RotorLoop implements Managed, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RotorLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long BACKOFF_AFTER_FAILURE_MS = 1000;

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final List<String> topics;
    private final String retryTopic;
    private final RecordProcessor processor;
    private final ExecutorService workers;
    private final Clock clock;
    private final Map<TopicPartition, Instant> pausedUntil = new HashMap<>();
    private volatile boolean running;
    private volatile Consumer<String, byte[]> consumer;
    private Thread thread;

    public RotorLoop(Supplier<Consumer<String, byte[]>> consumers, List<String> topics, String retryTopic,
                     RecordProcessor processor, ExecutorService workers, Clock clock) {
        this.consumers = consumers;
        this.topics = topics;
        this.retryTopic = retryTopic;
        this.processor = processor;
        this.workers = workers;
        this.clock = clock;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this, "cdp-rotor");
        thread.start();
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        Consumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        workers.shutdown();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Override
    public void run() {
        try (Consumer<String, byte[]> opened = consumers.get()) {
            consumer = opened;
            opened.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    pausedUntil.keySet().removeAll(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    LOG.info("rotor assigned {}", partitions);
                }
            });
            LOG.info("rotor consuming {}", topics);
            while (running) {
                try {
                    resumeDuePartitions(opened);
                    ConsumerRecords<String, byte[]> records = opened.poll(POLL);
                    if (!records.isEmpty()) {
                        handle(opened, records);
                    }
                } catch (WakeupException stopping) {
                    // stop() woke the poll up; the loop condition ends it.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    LOG.error("rotor batch failed; it will be read again", e);
                    sleepQuietly(BACKOFF_AFTER_FAILURE_MS);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("rotor consumer stopped", e);
        } finally {
            consumer = null;
        }
    }

    private void handle(Consumer<String, byte[]> opened, ConsumerRecords<String, byte[]> records)
            throws InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        Map<String, CompletableFuture<Void>> byKey = new HashMap<>();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        Instant now = clock.instant();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (partition.topic().equals(retryTopic)) {
                    Instant due = notBefore(record);
                    if (due != null && due.isAfter(now)) {
                        opened.seek(partition, record.offset());
                        opened.pause(List.of(partition));
                        pausedUntil.put(partition, due);
                        break;
                    }
                }
                firstOffsets.putIfAbsent(partition, record.offset());
                String key = record.key() != null ? record.key() : partition + "@" + record.offset();
                CompletableFuture<Void> previous = byKey.get(key);
                CompletableFuture<Void> start = previous == null ? CompletableFuture.completedFuture(null)
                        : previous.handle((ignored, error) -> null);
                CompletableFuture<Void> done = start.thenComposeAsync(ignored -> processor.process(record), workers);
                byKey.put(key, done);
                all.add(done);
                commit.put(partition, new OffsetAndMetadata(record.offset() + 1));
            }
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            LOG.error("rotor could not write a batch's results; reading it again", e.getCause());
            firstOffsets.forEach(opened::seek);
            sleepQuietly(BACKOFF_AFTER_FAILURE_MS);
            return;
        }
        if (!commit.isEmpty()) {
            try {
                opened.commitSync(commit);
            } catch (WakeupException stopping) {
                // stop() woke the consumer while this batch finished: its results are out, so commit
                // them now (the wake-up is used up) rather than have them read again after a restart.
                opened.commitSync(commit);
            }
        }
    }

    private void resumeDuePartitions(Consumer<String, byte[]> opened) {
        if (pausedUntil.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<TopicPartition> due = pausedUntil.entrySet().stream()
                .filter(entry -> !entry.getValue().isAfter(now)).map(Map.Entry::getKey).toList();
        if (!due.isEmpty()) {
            due.forEach(pausedUntil::remove);
            opened.resume(due);
        }
    }

    private static Instant notBefore(ConsumerRecord<String, byte[]> record) {
        try {
            return EventJson.envelope(record.value()).notBefore();
        } catch (Exception malformed) {
            return null; // the processor dead-letters it
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
