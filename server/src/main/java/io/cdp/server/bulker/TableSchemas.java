package io.cdp.server.bulker;

import io.cdp.server.bulker.schema.TableSchema;
import io.cdp.server.bulker.destination.Destination;
import io.cdp.server.bulker.destination.DestinationException;
import io.cdp.server.bulker.read.BaseColumns;
import io.cdp.server.event.FieldType;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The columns of each table of one destination, as last read, so a batch is checked without
 * asking the destination. The first time a table is used it is created if missing and given
 * any {@link BaseColumns} it lacks (a table made by a migration or by an older bulker). Read
 * again after columns were added, when a write fails, and whenever another process may have
 * changed the table. Thread-safe.
 */
public final class TableSchemas {
    private final Destination destination;
    private final ConcurrentMap<String, TableSchema> known = new ConcurrentHashMap<>();

    public TableSchemas(Destination destination) {
        this.destination = destination;
    }

    /** The table's columns, from memory when known. */
    public TableSchema get(String table) {
        TableSchema schema = known.get(table);
        return schema != null ? schema : refresh(table);
    }

    /** Reads the table's columns from the destination, creating the table and its base columns if needed. */
    public TableSchema refresh(String table) {
        Optional<TableSchema> found = destination.describe(table);
        if (found.isEmpty()) {
            destination.createTable(table);
            found = destination.describe(table);
        }
        TableSchema schema = found.orElseThrow(() -> new DestinationException(
                "table " + table + " is still missing after CREATE TABLE", true, null));
        boolean added = false;
        for (Map.Entry<String, FieldType> base : BaseColumns.ALL.entrySet()) {
            if (!schema.has(base.getKey())) {
                destination.addColumn(table, base.getKey(), base.getValue());
                added = true;
            }
        }
        if (added) {
            schema = destination.describe(table).orElseThrow();
        }
        known.put(table, schema);
        return schema;
    }

    /** Forgets what is known of the table, so the next {@link #get} reads it again. */
    public void forget(String table) {
        known.remove(table);
    }
}
