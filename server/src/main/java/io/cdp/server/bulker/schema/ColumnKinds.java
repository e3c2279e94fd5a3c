package io.cdp.server.bulker.schema;

import io.cdp.server.event.FieldType;

/**
 * The one rule for which values a column takes, shared by every destination: the ingest
 * schema check's rule ({@link FieldType#accepts}), plus JSON arrays in text columns, because
 * arrays are stored as their JSON text wherever a destination has no JSON type (ClickHouse), so
 * a text column and a JSON column can look alike.
 */
public final class ColumnKinds {
    private ColumnKinds() {
    }

    public static boolean accepts(FieldType column, FieldType value) {
        return column.accepts(value) || (column == FieldType.STRING && value == FieldType.JSON);
    }
}
