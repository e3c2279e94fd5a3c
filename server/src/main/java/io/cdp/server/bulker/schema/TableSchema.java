package io.cdp.server.bulker.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The columns of one destination table, by name, as last read from the destination.
 * Immutable.
 */
public record TableSchema(String table, Map<String, Column> columns) {

    public TableSchema {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    public Column column(String name) {
        return columns.get(name);
    }

    public boolean has(String name) {
        return columns.containsKey(name);
    }

    public int size() {
        return columns.size();
    }
}
