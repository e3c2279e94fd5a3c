package io.cdp.server.bulker;

import io.cdp.server.bulker.destination.TenantTables;
import io.cdp.server.bulker.read.Row;
import io.cdp.server.bulker.stitch.BatchVisitors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Rows of one table gathered from Kafka, waiting to be written together, and the lowest
 * offset each partition contributed: until the batch is stored, no offset at or past that one
 * may be committed. Not thread-safe: filled by the consumer thread, then handed whole to one
 * writer thread.
 */
public final class TableBatch {
    private final String table;
    private final String logicalTable;
    private final long createdNanos;
    private final List<Row> rows = new ArrayList<>();
    private final Map<TopicPartition, Long> firstOffsets = new HashMap<>();
    private final BatchVisitors visitors = new BatchVisitors();
    /** The partition of the last row added: a poll's rows come partition by partition. */
    private TopicPartition lastPartition;
    private long bytes;

    public TableBatch(String table, long createdNanos) {
        this.table = table;
        this.logicalTable = TenantTables.eventTable(table);
        this.createdNanos = createdNanos;
    }

    /** Adds a row; returns true when it is the first row of {@code partition} in this batch. */
    public boolean add(Row row, TopicPartition partition, long offset) {
        rows.add(row);
        visitors.add(row);
        bytes += row.bytes();
        if (partition == lastPartition) {
            return false;
        }
        lastPartition = partition;
        return firstOffsets.putIfAbsent(partition, offset) == null;
    }

    /** The destination table ({@link TenantTables#name}). */
    public String table() {
        return table;
    }

    /** The table as events name it ({@code events}), without its workspace. */
    public String logicalTable() {
        return logicalTable;
    }

    public List<Row> rows() {
        return rows;
    }

    /** The visitors of the rows, as write-time stitching needs them. */
    BatchVisitors visitors() {
        return visitors;
    }

    public int size() {
        return rows.size();
    }

    public long bytes() {
        return bytes;
    }

    public long createdNanos() {
        return createdNanos;
    }

    /** The lowest offset of each partition this batch holds rows from. */
    public Map<TopicPartition, Long> firstOffsets() {
        return firstOffsets;
    }
}
