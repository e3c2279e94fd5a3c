package io.cdp.server.bulker;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * What one destination's bulker reports, counted once per stored batch: rows stored, rows sent
 * to the dead-letter queue, and the time each batch took to store. In Dropwizard's metrics (the
 * admin port's {@code /metrics}) per destination; on the admin port's {@code /prometheus} per
 * destination and table ({@code cdp_bulker_rows_stored_total{destination,table}},
 * {@code cdp_bulker_rows_dead_lettered_total}, {@code cdp_bulker_batch_seconds}). Operators watch
 * the first two for throughput and rejections; {@code cdp bench bulker} reads the stored count to
 * time the bulker without querying the destination. Thread-safe; registering twice (a restarted
 * bulker) continues the same meters.
 */
public final class DestinationMetrics {
    private final Meter stored;
    private final Meter deadLettered;
    private final Timer batches;
    private final MeterRegistry meters;
    private final String destination;

    /** Counts in Dropwizard's registry only. */
    public DestinationMetrics(MetricRegistry registry, String destination) {
        this(registry, new CompositeMeterRegistry(), destination);
    }

    public DestinationMetrics(MetricRegistry registry, MeterRegistry meters, String destination) {
        this.stored = registry.meter(storedRowsName(destination));
        this.deadLettered = registry.meter(deadLetteredRowsName(destination));
        this.batches = registry.timer(MetricRegistry.name("bulker", destination, "batch-store"));
        this.meters = meters;
        this.destination = destination;
    }

    /** The meter of rows the destination has acknowledged, e.g. {@code bulker.clickhouse.rows-stored}. */
    public static String storedRowsName(String destination) {
        return MetricRegistry.name("bulker", destination, "rows-stored");
    }

    /** The meter of rows the destination could never take, sent to the dead-letter queue. */
    public static String deadLetteredRowsName(String destination) {
        return MetricRegistry.name("bulker", destination, "rows-dead-lettered");
    }

    void batchStored(String table, int rows, int rejected, long nanos) {
        stored.mark(rows - rejected);
        deadLettered.mark(rejected);
        batches.update(nanos, TimeUnit.NANOSECONDS);
        Counter.builder("cdp.bulker.rows.stored").description("Rows the destination acknowledged")
                .tag("destination", destination).tag("table", table).register(meters).increment(rows - rejected);
        Counter.builder("cdp.bulker.rows.dead.lettered")
                .description("Rows the destination could never take, sent to the dead-letter queue")
                .tag("destination", destination).tag("table", table).register(meters).increment(rejected);
        io.micrometer.core.instrument.Timer.builder("cdp.bulker.batch")
                .description("Time a batch took to store: stitching, writing and dead-lettering its rejected rows")
                .tag("destination", destination).tag("table", table).register(meters)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
