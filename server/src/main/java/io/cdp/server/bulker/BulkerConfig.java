package io.cdp.server.bulker;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.util.concurrent.TimeUnit;

/**
 * The {@code bulker} section of the server configuration: how rows are batched, how wide a
 * table may grow, and whether the PostgreSQL destination is on. ClickHouse is always a
 * destination; its address is the top-level {@code clickhouse} section. A setting that is absent
 * takes its default.
 *
 * <pre>
 * bulker:
 *   batchRows: 10000          # flush a table's batch at this many rows ...
 *   batchBytes: 16MiB         # ... or this many bytes of events ...
 *   batchInterval: 1s         # ... or when its oldest row waited this long
 *   maxColumnsPerTable: 1000
 *   postgres:
 *     enabled: false
 *     database: {url: jdbc:postgresql://127.0.0.1:15432/cdp_warehouse, user: postgres}
 * </pre>
 *
 * @param batchRows           rows of one table that trigger a flush
 * @param batchBytes          bytes of events (as read from Kafka) of one table that trigger a flush
 * @param batchInterval       longest time a row waits in memory before its table is flushed
 * @param maxColumnsPerTable  columns a table may have; a row that needs more goes to the
 *                            dead-letter queue
 * @param flushThreads        batches of one destination written at the same time
 * @param batchesPerTable     batches of one table written at the same time. One insert keeps about
 *                            one core of ClickHouse busy: where ClickHouse has cores to spare, more
 *                            let one busy table use them. Where it has none (a small machine shared
 *                            with the bulker), concurrent inserts only cost it more CPU per row,
 *                            hence one by default.
 * @param readThreads         threads reading each poll's messages into rows (the consumer's
 *                            included); 0 or absent: one per processor, at most 4
 * @param maxBufferedRows     rows one destination may hold in memory (buffered or being written)
 *                            before it stops reading Kafka until writes catch up
 * @param maxRetryBackoff     longest pause between attempts to write a batch to a destination that
 *                            is failing
 * @param consumerGroup       prefix of the consumer groups, one per destination:
 *                            {@code PREFIX-clickhouse}, {@code PREFIX-postgres}
 * @param stitchInterval      how often the identity-stitching worker looks for identities whose
 *                            earlier events need their user id
 * @param stitchCacheVisitors visitors whose identity (or lack of one) each destination remembers
 *                            between batches
 * @param postgres            the optional PostgreSQL destination
 */
public record BulkerConfig(
        @Min(1) Integer batchRows,
        @MinDataSize(1) DataSize batchBytes,
        @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS) Duration batchInterval,
        @Min(16) @Max(100_000) Integer maxColumnsPerTable,
        @Min(1) @Max(64) Integer flushThreads,
        @Min(1) @Max(16) Integer batchesPerTable,
        @Min(0) Integer readThreads,
        @Min(1) Integer maxBufferedRows,
        @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS) Duration maxRetryBackoff,
        @NotEmpty String consumerGroup,
        @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS) Duration stitchInterval,
        @Min(0) Long stitchCacheVisitors,
        @Valid PostgresDestinationConfig postgres) {

    public BulkerConfig {
        batchRows = requireNonNullElse(batchRows, 10_000);
        batchBytes = requireNonNullElse(batchBytes, DataSize.mebibytes(16));
        batchInterval = requireNonNullElse(batchInterval, Duration.seconds(1));
        maxColumnsPerTable = requireNonNullElse(maxColumnsPerTable, 1000);
        flushThreads = requireNonNullElse(flushThreads, 4);
        batchesPerTable = requireNonNullElse(batchesPerTable, 1);
        readThreads = requireNonNullElse(readThreads, 0);
        maxBufferedRows = requireNonNullElse(maxBufferedRows, 100_000);
        maxRetryBackoff = requireNonNullElse(maxRetryBackoff, Duration.seconds(30));
        consumerGroup = requireNonNullElse(consumerGroup, "cdp-bulker");
        stitchInterval = requireNonNullElse(stitchInterval, Duration.milliseconds(500));
        stitchCacheVisitors = requireNonNullElse(stitchCacheVisitors, 200_000L);
        postgres = requireNonNullElse(postgres, new PostgresDestinationConfig());
    }

    public BulkerConfig() {
        this(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * Reader threads: the configured count, or for 0 one per processor (at most 4) counted when the
     * bulker asks, not when the configuration is read, so a process pinned to fewer cores after
     * start-up ({@code cdp bench bulker}) reads with as many threads as it has cores.
     */
    @Override
    public Integer readThreads() {
        return readThreads > 0 ? readThreads : Math.min(4, Runtime.getRuntime().availableProcessors());
    }

    /** A copy reading in other consumer groups ({@code cdp bench bulker} uses a group of its own). */
    public BulkerConfig withConsumerGroup(String group) {
        return new BulkerConfig(batchRows, batchBytes, batchInterval, maxColumnsPerTable, flushThreads, batchesPerTable,
                readThreads, maxBufferedRows, maxRetryBackoff, group, stitchInterval, stitchCacheVisitors, postgres);
    }

    /**
     * The optional PostgreSQL destination: a database of its own, tables shaped like ClickHouse's.
     *
     * @param enabled  whether the bulker writes to it
     * @param database its connection pool. Not {@code @Valid}: a disabled destination needs no
     *                 database, and configurations written for other tools (cdp migrate's) must not
     *                 have to name one. Checked by {@link #isDatabaseNamedWhenEnabled} when enabled.
     */
    public record PostgresDestinationConfig(Boolean enabled, DataSourceFactory database) {

        public PostgresDestinationConfig {
            enabled = requireNonNullElse(enabled, false);
            database = requireNonNullElse(database, new DataSourceFactory());
        }

        /** Off. */
        public PostgresDestinationConfig() {
            this(null, null);
        }

        @ValidationMethod(message = "bulker.postgres.database.url must be set when bulker.postgres.enabled is true")
        @JsonIgnore
        public boolean isDatabaseNamedWhenEnabled() {
            return !enabled || (database.getUrl() != null && !database.getUrl().isBlank());
        }
    }
}
