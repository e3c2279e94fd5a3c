package io.cdp.server.bulker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * When a table's batch is written: at {@code maxRows} rows, at {@code maxBytes} bytes, or once
 * its oldest row has waited {@code maxWait}, whichever comes first. Immutable.
 */
public record FlushPolicy(int maxRows, long maxBytes, Duration maxWait) {

    public static FlushPolicy of(BulkerConfig config) {
        return new FlushPolicy(config.batchRows(), config.batchBytes().toBytes(),
                config.batchInterval().toJavaDuration());
    }

    /** True when {@code batch} should be written now. */
    public boolean due(TableBatch batch, long nowNanos) {
        return batch.size() >= maxRows || batch.bytes() >= maxBytes || nanosUntilDue(batch, nowNanos) <= 0;
    }

    /**
     * How long a consumer may wait for more records before one of the {@code open} batches is
     * due, at most {@code maxMillis} and at least 1 ms; 1 ms when one is due already. A due batch
     * waits for its table's writer, whose end the consumer notices only between polls, and a poll
     * that gets no records (partitions paused, or read to the end) lasts its whole timeout.
     */
    public long millisToWait(Iterable<TableBatch> open, long nowNanos, long maxMillis) {
        long wait = maxMillis;
        for (TableBatch batch : open) {
            wait = Math.min(wait, due(batch, nowNanos) ? 0 : TimeUnit.NANOSECONDS.toMillis(nanosUntilDue(batch, nowNanos)));
        }
        return Math.max(wait, 1);
    }

    /** How long {@code batch} may still wait before its time is up (negative when overdue). */
    public long nanosUntilDue(TableBatch batch, long nowNanos) {
        return batch.createdNanos() + maxWait.toNanos() - nowNanos;
    }
}
