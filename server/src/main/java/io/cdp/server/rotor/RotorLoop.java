package io.cdp.server.rotor;

import io.cdp.server.event.EventJson;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 * The rotor's consumer loop, a Dropwizard {@link Managed} with its own thread. Polling,
 * processing, producing and committing overlap: the loop hands each record to a worker thread
 * chosen by the record's key ({@link KeyedLanes}: one visitor's events are processed one after
 * another, in the order read, on one thread) and polls again at once. A worker runs the record's
 * functions and hands the outputs to the producer without waiting for them to be acknowledged.
 * The loop commits, asynchronously every {@link Settings#commitInterval()}, each partition's
 * offset up to the first record whose outputs are not all acknowledged yet
 * ({@link OffsetTracker}): an offset is never committed before what it produced (events or dead
 * letters) is on Kafka (at-least-once; the bulker removes duplicates by message id).
 *
 * <p>At most {@link Settings#maxInFlight()} records are handed out and not yet committed: past
 * that the loop pauses its partitions (and keeps polling, so the group does not think it gone)
 * until half of them are done. A record whose outputs could not be written makes its partition
 * read again from that record, after a pause.
 *
 * <p>Retry-topic records wait for their {@code not_before}: the partition is paused at the first
 * record that is not due yet and resumed when it is.
 *
 * <p>When partitions are revoked (another rotor joins) or the loop stops, records of those
 * partitions a worker has not started are not run, the ones running are waited for (at most
 * {@link Settings#drainTimeout()}), and what is safe is committed synchronously; the next owner
 * reads on from there.
 */
public class RotorLoop implements Managed, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RotorLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long BACKOFF_AFTER_FAILURE_MS = 1000;

    /**
     * How the loop runs.
     *
     * @param threads        worker threads (records of one key always run on the same one)
     * @param maxInFlight    records handed to the workers and not yet committed, at most
     * @param commitInterval how often offsets are committed while records flow
     * @param drainTimeout   on revocation or stop, longest wait for the records being processed
     */
    public record Settings(int threads, int maxInFlight, Duration commitInterval, Duration drainTimeout) {
        public Settings {
            if (threads < 1 || maxInFlight < 1) {
                throw new IllegalArgumentException("threads and maxInFlight must be at least 1");
            }
        }
    }

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final List<String> topics;
    private final String retryTopic;
    private final RecordProcessor processor;
    private final Settings settings;
    private final KeyedLanes lanes;
    private final Clock clock;
    private final OffsetTracker tracker = new OffsetTracker();
    /** Bumped when a partition's queued records must not run any more (revoked, or read again). */
    private final Map<TopicPartition, Integer> epochs = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Instant> pausedUntil = new HashMap<>();
    private final Set<TopicPartition> throttled = new HashSet<>();
    private volatile boolean running;
    private volatile Consumer<String, byte[]> consumer;
    private Thread thread;
    private long lastCommitNanos;

    public RotorLoop(Supplier<Consumer<String, byte[]>> consumers, List<String> topics, String retryTopic,
                     RecordProcessor processor, Settings settings, Clock clock) {
        this.consumers = consumers;
        this.topics = topics;
        this.retryTopic = retryTopic;
        this.processor = processor;
        this.settings = settings;
        this.lanes = new KeyedLanes(settings.threads(), "cdp-rotor-worker");
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
            thread.join(TimeUnit.SECONDS.toMillis(60) + settings.drainTimeout().toMillis());
        }
        lanes.close();
    }

    @Override
    public void run() {
        try (Consumer<String, byte[]> opened = consumers.get()) {
            consumer = opened;
            opened.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    handOver(opened, partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    // Another rotor may own them already: committing now could move its position.
                    partitions.forEach(RotorLoop.this::abandonQueued);
                    tracker.forget(partitions);
                    pausedUntil.keySet().removeAll(partitions);
                    throttled.removeAll(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    LOG.info("rotor assigned {}", partitions);
                }
            });
            LOG.info("rotor consuming {} on {} worker threads", topics, lanes.threads());
            while (running) {
                try {
                    resumeDuePartitions(opened);
                    ConsumerRecords<String, byte[]> records = opened.poll(POLL);
                    dispatch(opened, records);
                    settle(opened);
                    throttle(opened);
                } catch (WakeupException stopping) {
                    // stop() woke the poll up; the loop condition ends it.
                } catch (RuntimeException e) {
                    LOG.error("rotor loop failed; what was not committed will be read again", e);
                    sleepQuietly(BACKOFF_AFTER_FAILURE_MS);
                }
            }
            handOver(opened, opened.assignment());
        } catch (RuntimeException e) {
            LOG.error("rotor consumer stopped", e);
        } finally {
            consumer = null;
        }
    }

    /** Hands each record to its key's worker, and tracks it until its outputs are acknowledged. */
    private void dispatch(Consumer<String, byte[]> opened, ConsumerRecords<String, byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (TopicPartition partition : records.partitions()) {
            boolean retries = partition.topic().equals(retryTopic);
            int epoch = epochs.getOrDefault(partition, 0);
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (retries) {
                    Instant due = notBefore(record);
                    if (due != null && due.isAfter(now)) {
                        opened.seek(partition, record.offset());
                        opened.pause(List.of(partition));
                        pausedUntil.put(partition, due);
                        break;
                    }
                }
                CompletableFuture<Void> done = new CompletableFuture<>();
                tracker.add(partition, record.offset(), done);
                String key = record.key() != null ? record.key() : partition + "@" + record.offset();
                lanes.submit(key, () -> run(record, partition, epoch, done));
            }
        }
    }

    /** On a worker thread: processes the record unless the loop took it back meanwhile. */
    private void run(ConsumerRecord<String, byte[]> record, TopicPartition partition, int epoch,
                     CompletableFuture<Void> done) {
        if (epochs.getOrDefault(partition, 0) != epoch) {
            done.completeExceptionally(new OffsetTracker.Skipped());
            return;
        }
        try {
            processor.process(record).whenComplete((ignored, error) -> {
                if (error != null) {
                    done.completeExceptionally(error);
                } else {
                    done.complete(null);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    /**
     * Advances the safe positions, reads again from a record whose outputs failed, and commits
     * what is safe once a commit interval has passed.
     */
    private void settle(Consumer<String, byte[]> opened) {
        Map<TopicPartition, Long> failed = tracker.advance();
        if (!failed.isEmpty()) {
            failed.forEach((partition, offset) -> {
                LOG.error("rotor could not write the results of {} offset {}; reading it again from there",
                        partition, offset);
                abandonQueued(partition);
                tracker.rewind(partition);
                opened.seek(partition, offset);
            });
        }
        long now = System.nanoTime();
        if (now - lastCommitNanos >= settings.commitInterval().toNanos()) {
            Map<TopicPartition, OffsetAndMetadata> commit = tracker.toCommit(null);
            if (!commit.isEmpty()) {
                opened.commitAsync(commit, (offsets, error) -> {
                    if (error != null) {
                        LOG.warn("rotor could not commit {} (a later commit covers it): {}", offsets, error.toString());
                    }
                });
            }
            lastCommitNanos = now;
        }
        if (!failed.isEmpty()) {
            sleepQuietly(BACKOFF_AFTER_FAILURE_MS);
        }
    }

    /** Pauses the partitions while too many records are in flight, resumes them at half. */
    private void throttle(Consumer<String, byte[]> opened) {
        int inFlight = tracker.inFlight();
        if (throttled.isEmpty() && inFlight >= settings.maxInFlight()) {
            throttled.addAll(opened.assignment());
            throttled.removeAll(pausedUntil.keySet());
            opened.pause(throttled);
        } else if (!throttled.isEmpty() && inFlight <= settings.maxInFlight() / 2) {
            throttled.retainAll(opened.assignment());
            throttled.removeAll(pausedUntil.keySet());
            opened.resume(throttled);
            throttled.clear();
        }
    }

    /**
     * The partitions leave this loop (revoked, or the loop stops): records not started are not
     * run, running ones are waited for, and the safe positions are committed.
     */
    private void handOver(Consumer<String, byte[]> opened, Collection<TopicPartition> partitions) {
        pausedUntil.keySet().removeAll(partitions);
        throttled.removeAll(partitions);
        if (partitions.isEmpty()) {
            return;
        }
        partitions.forEach(this::abandonQueued);
        try {
            if (!tracker.awaitSettled(partitions, settings.drainTimeout())) {
                LOG.warn("rotor: records of {} still running after {}; they will be read again", partitions,
                        settings.drainTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tracker.advance();
        Map<TopicPartition, OffsetAndMetadata> commit = tracker.toCommit(partitions);
        tracker.forget(partitions);
        if (commit.isEmpty()) {
            return;
        }
        try {
            commitSync(opened, commit);
        } catch (RuntimeException e) {
            LOG.warn("rotor could not commit {} on hand-over; they will be read again: {}", commit, e.toString());
        }
    }

    private static void commitSync(Consumer<String, byte[]> opened, Map<TopicPartition, OffsetAndMetadata> commit) {
        try {
            opened.commitSync(commit);
        } catch (WakeupException stopping) {
            // stop() woke the consumer while it was not polling; the wake-up is used up now.
            opened.commitSync(commit);
        }
    }

    private void abandonQueued(TopicPartition partition) {
        epochs.merge(partition, 1, Integer::sum);
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
            if (throttled.isEmpty()) {
                opened.resume(due);
            } else {
                throttled.addAll(due); // resumed with the others when the workers caught up
            }
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
