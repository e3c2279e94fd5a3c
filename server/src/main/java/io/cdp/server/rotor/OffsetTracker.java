package io.cdp.server.rotor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of each partition handed to the workers and not yet committed, in offset order,
 * each with the future that completes when all it wrote is acknowledged. A partition's safe
 * position is the offset after the longest prefix of its records that all completed: only that is
 * ever committed, so an offset is never committed before every output of it and of every record
 * before it is on Kafka (at-least-once), whatever order the workers finish in.
 *
 * <p>Not thread-safe: used by the rotor loop's thread only (the futures complete on others).
 */
final class OffsetTracker {
    /** Marks a record the loop took back (partition revoked, or read again) before a worker ran it. */
    static final class Skipped extends RuntimeException {
        Skipped() {
            super("skipped", null, false, false);
        }
    }

    private record Pending(long offset, CompletableFuture<Void> done) {
    }

    private final Map<TopicPartition, ArrayDeque<Pending>> pending = new HashMap<>();
    private final Map<TopicPartition, Long> safe = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private int inFlight;

    void add(TopicPartition partition, long offset, CompletableFuture<Void> done) {
        pending.computeIfAbsent(partition, key -> new ArrayDeque<>()).addLast(new Pending(offset, done));
        inFlight++;
    }

    /** Records handed out and not yet passed by their partition's safe position. */
    int inFlight() {
        return inFlight;
    }

    /**
     * Moves each partition's safe position past the records at its head that completed.
     *
     * @return the partitions whose head record failed (something it wrote was not acknowledged),
     *         with that record's offset: the partition must be read again from there
     */
    Map<TopicPartition, Long> advance() {
        Map<TopicPartition, Long> failed = new HashMap<>();
        for (Map.Entry<TopicPartition, ArrayDeque<Pending>> entry : pending.entrySet()) {
            ArrayDeque<Pending> queue = entry.getValue();
            Pending head;
            while ((head = queue.peekFirst()) != null && head.done().isDone()) {
                Throwable error = head.done().handle((ignored, thrown) -> thrown).getNow(null);
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (!(cause instanceof Skipped)) {
                        failed.put(entry.getKey(), head.offset());
                    }
                    break;
                }
                queue.pollFirst();
                inFlight--;
                safe.put(entry.getKey(), head.offset() + 1);
            }
        }
        return failed;
    }

    /** The safe positions of {@code partitions} (null: all) not committed yet, from now on counted as committed. */
    Map<TopicPartition, OffsetAndMetadata> toCommit(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        safe.forEach((partition, offset) -> {
            if ((partitions == null || partitions.contains(partition)) && !offset.equals(committed.get(partition))) {
                commit.put(partition, new OffsetAndMetadata(offset));
                committed.put(partition, offset);
            }
        });
        return commit;
    }

    /** Drops the records of {@code partition} still tracked (it is read again from its safe position). */
    void rewind(TopicPartition partition) {
        ArrayDeque<Pending> queue = pending.remove(partition);
        if (queue != null) {
            inFlight -= queue.size();
        }
    }

    /** Drops everything known of {@code partitions} (no longer ours). */
    void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            rewind(partition);
            safe.remove(partition);
            committed.remove(partition);
        }
    }

    /**
     * Waits until every record of {@code partitions} handed out completed one way or another, for
     * at most {@code wait}.
     *
     * @return false when some had not when the time ran out
     */
    boolean awaitSettled(Collection<TopicPartition> partitions, Duration wait) throws InterruptedException {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            ArrayDeque<Pending> queue = pending.get(partition);
            if (queue != null) {
                queue.forEach(record -> futures.add(record.done().handle((ignored, error) -> null)));
            }
        }
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(wait.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
