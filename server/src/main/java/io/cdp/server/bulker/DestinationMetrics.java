package io.cdp.server.bulker;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.concurrent.TimeUnit;

/**
 * What one destination's bulker reports in Dropwizard's metrics (the admin port's
 * {@code /metrics}): rows stored, rows sent to the dead-letter queue, and the time each batch
 * took to store. Operators watch the first two for throughput and rejections;
 * {@code cdp bench bulker} reads the stored count to time the bulker without querying the
 * destination. Thread-safe; registering twice (a restarted bulker) continues the same meters.
 */
public final class DestinationMetrics {
    private final Meter stored;
    private final Meter deadLettered;
    private final Timer batches;

    public DestinationMetrics(MetricRegistry registry, String destination) {
        this.stored = registry.meter(storedRowsName(destination));
        this.deadLettered = registry.meter(deadLetteredRowsName(destination));
        this.batches = registry.timer(MetricRegistry.name("bulker", destination, "batch-store"));
    }

    /** The meter of rows the destination has acknowledged, e.g. {@code bulker.clickhouse.rows-stored}. */
    public static String storedRowsName(String destination) {
        return MetricRegistry.name("bulker", destination, "rows-stored");
    }

    /** The meter of rows the destination could never take, sent to the dead-letter queue. */
    public static String deadLetteredRowsName(String destination) {
        return MetricRegistry.name("bulker", destination, "rows-dead-lettered");
    }

    void batchStored(int rows, int rejected, long nanos) {
        stored.mark(rows - rejected);
        deadLettered.mark(rejected);
        batches.update(nanos, TimeUnit.NANOSECONDS);
    }
}
