package io.cdp.server.bulker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.bulker.read.Rows;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchOffsetsTest {
    private static final TopicPartition P0 = new TopicPartition("events.processed", 0);
    private static final TopicPartition P1 = new TopicPartition("events.processed", 1);

    private final BatchOffsets tracker = new BatchOffsets();

    private void readInto(TableBatch batch, TopicPartition partition, long... offsets) {
        for (long offset : offsets) {
            tracker.read(partition, offset);
            if (batch.add(Rows.row("ws", "m" + offset, "{}"), partition, offset)) {
                tracker.hold(partition, offset);
            }
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = tracker.committable();
        tracker.committed(offsets);
        return offsets;
    }

    @Test
    void nothingPastTheFirstUnstoredRowIsCommitted() {
        TableBatch events = new TableBatch("events", 0);
        TableBatch orders = new TableBatch("orders", 0);
        readInto(events, P0, 0, 1);
        readInto(orders, P0, 2);
        readInto(events, P0, 3);

        assertThat(commit()).containsExactly(Map.entry(P0, new OffsetAndMetadata(0)));

        tracker.release(orders.firstOffsets()); // the later table stored first: still blocked by events
        assertThat(commit()).isEmpty();

        tracker.release(events.firstOffsets());
        assertThat(commit()).containsExactly(Map.entry(P0, new OffsetAndMetadata(4)));
        assertThat(commit()).as("nothing new to commit").isEmpty();
    }

    @Test
    void partitionsAdvanceIndependently() {
        TableBatch first = new TableBatch("events", 0);
        TableBatch second = new TableBatch("events", 0);
        readInto(first, P0, 10, 11);
        readInto(first, P1, 5);
        tracker.release(first.firstOffsets());
        readInto(second, P1, 6);

        assertThat(commit()).containsOnly(Map.entry(P0, new OffsetAndMetadata(12)), Map.entry(P1, new OffsetAndMetadata(6)));
        assertThat(tracker.idle(List.of(P0))).isTrue();
        assertThat(tracker.idle(List.of(P1))).isFalse();
    }

    @Test
    void forgottenPartitionsAreNeitherCommittedNorDisturbedByLateReleases() {
        TableBatch batch = new TableBatch("events", 0);
        readInto(batch, P0, 0);
        tracker.forget(List.of(P0));

        tracker.release(batch.firstOffsets());

        assertThat(commit()).isEmpty();
    }
}
