package io.cdp.server.bulker;

import java.time.Duration;

/**
 * When a table's batch is written: at {@code maxRows} rows, at {@code maxBytes} bytes, or once
 * its oldest row has waited {@code maxWait}, whichever comes first. Immutable.
 */
public record FlushPolicy(int maxRows, long maxBytes, Duration maxWait) {

    public static FlushPolicy of(BulkerConfig config) {
        return new FlushPolicy(config.batchRows(), config.batchBytes(), config.batchInterval());
    }

    /** True when {@code batch} should be written now. */
    public boolean due(TableBatch batch, long nowNanos) {
        return batch.size() >= maxRows || batch.bytes() >= maxBytes || nanosUntilDue(batch, nowNanos) <= 0;
    }

    /** How long {@code batch} may still wait before its time is up (negative when overdue). */
    public long nanosUntilDue(TableBatch batch, long nowNanos) {
        return batch.createdNanos() + maxWait.toNanos() - nowNanos;
    }
}
