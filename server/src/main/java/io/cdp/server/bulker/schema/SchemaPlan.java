package io.cdp.server.bulker.schema;

import io.cdp.server.bulker.read.Row;
import io.cdp.server.event.FieldType;
import java.util.List;
import java.util.Map;

/**
 * What writing a batch to a table takes: the columns to add first (name → type, in the order
 * first seen), the rows that fit the table once they exist, and the rows that never will.
 */
public record SchemaPlan(Map<String, FieldType> newColumns, List<Row> accepted, List<RowRejection> rejected) {

    public boolean changesSchema() {
        return !newColumns.isEmpty();
    }
}
