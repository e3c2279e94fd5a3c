package io.cdp.server.migrate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.clickhouse.ClickHouse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The history of ClickHouse migrations, in the table {@value #TABLE} of the migrated database.
 *
 * <p>Append-only: applying version n adds a row with action {@code up}, reverting it adds a row
 * with action {@code down}; the row with the highest {@code seq} of a version says where it
 * stands. Deleting rows would need a mutation, which 18.16 runs asynchronously (there is no
 * {@code mutations_sync} there), so a following {@code status} could still see the row.
 */
final class ClickHouseHistory {
    static final String TABLE = "cdp_schema_history";

    /** One version's latest row. */
    record Entry(int version, String name, long checksum, boolean applied, Instant at) {
    }

    /** One row of {@value #TABLE} as it is inserted. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Row(long seq, int version, String name, long checksum, String action, String appliedAt) {
    }

    private final ClickHouse clickHouse;

    ClickHouseHistory(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    boolean exists() {
        return clickHouse.tableExists(TABLE);
    }

    void create() {
        clickHouse.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                + "seq UInt64, "
                + "version UInt32, "
                + "name String, "
                + "checksum UInt32, "
                + "action String, "
                + "applied_at " + clickHouse.capabilities().dateTimeType()
                + ") ENGINE = MergeTree ORDER BY seq");
    }

    /** The latest entry of every version ever recorded, by version. */
    Map<Integer, Entry> latest() {
        Map<Integer, Entry> latest = new TreeMap<>();
        if (!exists()) {
            return latest;
        }
        List<ObjectNode> rows = clickHouse.query("SELECT version, name, checksum, action, "
                + "toUnixTimestamp(applied_at) AS applied_epoch FROM " + TABLE + " ORDER BY seq");
        for (ObjectNode row : rows) {
            int version = row.get("version").asInt();
            latest.put(version, new Entry(version, row.get("name").asText(), row.get("checksum").asLong(),
                    "up".equals(row.get("action").asText()), Instant.ofEpochSecond(row.get("applied_epoch").asLong())));
        }
        return latest;
    }

    void recordUp(MigrationScript script, long checksum) {
        record(script.version(), script.description(), checksum, "up");
    }

    void recordDown(Entry entry) {
        record(entry.version(), entry.name(), entry.checksum(), "down");
    }

    private void record(int version, String name, long checksum, String action) {
        List<ObjectNode> max = clickHouse.query("SELECT max(seq) AS seq FROM " + TABLE);
        long seq = max.isEmpty() ? 1 : max.get(0).get("seq").asLong() + 1;
        Row row = new Row(seq, version, name, checksum, action, Instant.now().toString());
        clickHouse.insertJsonEachRow(TABLE, List.of(row));
    }
}
