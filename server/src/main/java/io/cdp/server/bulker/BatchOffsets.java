package io.cdp.server.bulker;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets are safe to commit while batches of several tables are written at different
 * times. For each partition it knows the highest offset read and the first offset of every batch
 * not yet stored; the safe offset is the lowest of those first offsets, or the one after the
 * highest read when nothing is pending. A crash then replays only rows that may not be stored.
 *
 * <p>Not thread-safe: used by the consumer thread only.
 */
public final class BatchOffsets {
    private static final class PartitionState {
        /** First offsets of pending batches → how many pending batches start there. */
        final TreeMap<Long, Integer> pending = new TreeMap<>();
        long nextToRead = -1;
        long committed = -1;
    }

    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();

    /** Records that {@code offset} of {@code partition} was read. */
    public void read(TopicPartition partition, long offset) {
        PartitionState state = partitions.computeIfAbsent(partition, ignored -> new PartitionState());
        state.nextToRead = Math.max(state.nextToRead, offset + 1);
    }

    /** Records that a pending batch holds rows of {@code partition} from {@code firstOffset} on. */
    public void hold(TopicPartition partition, long firstOffset) {
        PartitionState state = partitions.computeIfAbsent(partition, ignored -> new PartitionState());
        state.pending.merge(firstOffset, 1, Integer::sum);
    }

    /** Records that a batch holding these first offsets is stored. Unknown partitions are ignored. */
    public void release(Map<TopicPartition, Long> firstOffsets) {
        firstOffsets.forEach((partition, offset) -> {
            PartitionState state = partitions.get(partition);
            if (state != null) {
                state.pending.computeIfPresent(offset, (key, count) -> count == 1 ? null : count - 1);
            }
        });
    }

    /** Offsets that are safe to commit and were not committed yet; mark them committed with {@link #committed}. */
    public Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach((partition, state) -> {
            long safe = state.pending.isEmpty() ? state.nextToRead : state.pending.firstKey();
            if (safe > state.committed && safe >= 0) {
                offsets.put(partition, new OffsetAndMetadata(safe));
            }
        });
        return offsets;
    }

    public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> {
            PartitionState state = partitions.get(partition);
            if (state != null) {
                state.committed = Math.max(state.committed, offset.offset());
            }
        });
    }

    /** Forgets partitions this consumer no longer owns. */
    public void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    /** True when no batch holding rows of these partitions is pending. */
    public boolean idle(Collection<TopicPartition> of) {
        for (TopicPartition partition : of) {
            PartitionState state = partitions.get(partition);
            if (state != null && !state.pending.isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
