package io.cdp.server.bulker;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
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
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * The {@code bulker} section of the server configuration: how rows are batched, how wide a
 * table may grow, and whether the PostgreSQL destination is on. ClickHouse is always a
 * destination; its address is the top-level {@code clickhouse} section.
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
 */
public class BulkerConfig {
    /** Rows of one table that trigger a flush. */
    @Min(1)
    @JsonProperty
    private int batchRows = 10_000;

    /** Bytes of events (as read from Kafka) of one table that trigger a flush. */
    @NotNull
    @MinDataSize(1)
    @JsonProperty
    private DataSize batchBytes = DataSize.mebibytes(16);

    /** Longest time a row waits in memory before its table is flushed. */
    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration batchInterval = Duration.seconds(1);

    /** Columns a table may have; a row that needs more goes to the dead-letter queue. */
    @Min(16)
    @Max(100_000)
    @JsonProperty
    private int maxColumnsPerTable = 1000;

    /** Batches of one destination written at the same time. */
    @Min(1)
    @Max(64)
    @JsonProperty
    private int flushThreads = 4;

    /**
     * Batches of one table written at the same time. One insert keeps about one core of
     * ClickHouse busy: where ClickHouse has cores to spare, more let one busy table use them.
     * Where it has none (a small machine shared with the bulker), concurrent inserts only cost
     * it more CPU per row, hence one by default.
     */
    @Min(1)
    @Max(16)
    @JsonProperty
    private int batchesPerTable = 1;

    /** Threads reading each poll's messages into rows (the consumer's included); 0: one per processor, at most 4. */
    @Min(0)
    @JsonProperty
    private int readThreads = 0;

    /**
     * Rows one destination may hold in memory (buffered or being written) before it stops
     * reading Kafka until writes catch up.
     */
    @Min(1)
    @JsonProperty
    private int maxBufferedRows = 100_000;

    /** Longest pause between attempts to write a batch to a destination that is failing. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration maxRetryBackoff = Duration.seconds(30);

    /** Prefix of the consumer groups, one per destination: {@code PREFIX-clickhouse}, {@code PREFIX-postgres}. */
    @NotEmpty
    @JsonProperty
    private String consumerGroup = "cdp-bulker";

    /** How often the identity-stitching worker looks for identities whose earlier events need their user id. */
    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration stitchInterval = Duration.milliseconds(500);

    /** Visitors whose identity (or lack of one) each destination remembers between batches. */
    @Min(0)
    @JsonProperty
    private long stitchCacheVisitors = 200_000;

    @Valid
    @NotNull
    @JsonProperty
    private PostgresDestinationConfig postgres = new PostgresDestinationConfig();

    public int batchRows() {
        return batchRows;
    }

    public long batchBytes() {
        return batchBytes.toBytes();
    }

    public java.time.Duration batchInterval() {
        return batchInterval.toJavaDuration();
    }

    public int maxColumnsPerTable() {
        return maxColumnsPerTable;
    }

    public int readThreads() {
        return readThreads > 0 ? readThreads : Math.min(4, Runtime.getRuntime().availableProcessors());
    }

    public int flushThreads() {
        return flushThreads;
    }

    public int batchesPerTable() {
        return batchesPerTable;
    }

    public int maxBufferedRows() {
        return maxBufferedRows;
    }

    public java.time.Duration maxRetryBackoff() {
        return maxRetryBackoff.toJavaDuration();
    }

    public String consumerGroup() {
        return consumerGroup;
    }

    public long stitchCacheVisitors() {
        return stitchCacheVisitors;
    }

    public java.time.Duration stitchInterval() {
        return stitchInterval.toJavaDuration();
    }

    public PostgresDestinationConfig postgres() {
        return postgres;
    }

    /** A copy reading in other consumer groups ({@code cdp bench bulker} uses a group of its own). */
    public BulkerConfig withConsumerGroup(String group) {
        BulkerConfig copy = new BulkerConfig();
        copy.batchRows = batchRows;
        copy.batchBytes = batchBytes;
        copy.batchInterval = batchInterval;
        copy.maxColumnsPerTable = maxColumnsPerTable;
        copy.flushThreads = flushThreads;
        copy.batchesPerTable = batchesPerTable;
        copy.maxBufferedRows = maxBufferedRows;
        copy.maxRetryBackoff = maxRetryBackoff;
        copy.consumerGroup = group;
        copy.stitchInterval = stitchInterval;
        copy.stitchCacheVisitors = stitchCacheVisitors;
        copy.readThreads = readThreads;
        copy.postgres = postgres;
        return copy;
    }

    /** The optional PostgreSQL destination: a database of its own, tables shaped like ClickHouse's. */
    public static class PostgresDestinationConfig {
        @JsonProperty
        private boolean enabled = false;

        // Not @Valid: a disabled destination needs no database, and configurations written for
        // other tools (cdp migrate's) must not have to name one. Checked below when enabled.
        @NotNull
        @JsonProperty
        private DataSourceFactory database = new DataSourceFactory();

        public boolean enabled() {
            return enabled;
        }

        @ValidationMethod(message = "bulker.postgres.database.url must be set when bulker.postgres.enabled is true")
        @JsonIgnore
        public boolean isDatabaseNamedWhenEnabled() {
            return !enabled || (database.getUrl() != null && !database.getUrl().isBlank());
        }

        public DataSourceFactory database() {
            return database;
        }
    }
}
