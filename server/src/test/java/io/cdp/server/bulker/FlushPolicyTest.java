package io.cdp.server.bulker;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.bulker.read.Rows;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class FlushPolicyTest {
    private static final TopicPartition PARTITION = new TopicPartition("t", 0);
    private final FlushPolicy policy = new FlushPolicy(3, 1000, Duration.ofSeconds(1));

    private static TableBatch batch(int rows, int bytesEach) {
        TableBatch batch = new TableBatch("events", 0);
        for (int i = 0; i < rows; i++) {
            batch.add(Rows.ofSize("m" + i, bytesEach), PARTITION, i);
        }
        return batch;
    }

    @Test
    void flushesAtTheRowCount() {
        assertThat(policy.due(batch(2, 10), 0)).isFalse();
        assertThat(policy.due(batch(3, 10), 0)).isTrue();
    }

    @Test
    void flushesAtTheByteCount() {
        assertThat(policy.due(batch(2, 499), 0)).isFalse();
        assertThat(policy.due(batch(2, 500), 0)).isTrue();
    }

    @Test
    void flushesWhenTheOldestRowWaitedLongEnough() {
        TableBatch batch = batch(1, 10);
        assertThat(policy.due(batch, Duration.ofMillis(999).toNanos())).isFalse();
        assertThat(policy.nanosUntilDue(batch, Duration.ofMillis(999).toNanos())).isEqualTo(Duration.ofMillis(1).toNanos());
        assertThat(policy.due(batch, Duration.ofSeconds(1).toNanos())).isTrue();
    }

    @Test
    void aConsumerWaitsForRecordsUntilTheFirstBatchIsDue() {
        long now = Duration.ofMillis(400).toNanos();
        assertThat(policy.millisToWait(List.of(), now, 200)).isEqualTo(200);
        assertThat(policy.millisToWait(List.of(batch(1, 10)), now, 200)).isEqualTo(200);
        assertThat(policy.millisToWait(List.of(batch(1, 10)), Duration.ofMillis(900).toNanos(), 200)).isEqualTo(100);
        assertThat(policy.millisToWait(List.of(batch(1, 10)), Duration.ofSeconds(2).toNanos(), 200)).isEqualTo(1);
    }

    @Test
    void aConsumerHardlyWaitsWhileABatchFullByRowsOrBytesWaitsForItsWriter() {
        long now = Duration.ofMillis(400).toNanos();
        assertThat(policy.millisToWait(List.of(batch(1, 10), batch(3, 10)), now, 200)).isEqualTo(1);
        assertThat(policy.millisToWait(List.of(batch(2, 500)), now, 200)).isEqualTo(1);
    }
}
