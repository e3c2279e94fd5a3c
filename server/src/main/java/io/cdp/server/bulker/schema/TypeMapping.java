package io.cdp.server.bulker.schema;

import io.cdp.server.event.FieldType;
import java.util.Optional;

/**
 * How one destination stores each {@link FieldType}: the SQL type new columns get, and which
 * existing SQL types hold which field type. One implementation per destination, in one place,
 * as Jitsu's bulker keeps one type table per destination.
 */
public interface TypeMapping {
    /** The SQL type of a new nullable column for values of {@code type}. */
    String columnType(FieldType type);

    /** The SQL type of a new never-null column (the key and {@code received_at}). */
    String requiredColumnType(FieldType type);

    /** The field type an existing column of this SQL type holds; empty for types the bulker does not write. */
    Optional<FieldType> kindOf(String sqlType);

    /** A {@link Column} for a column the destination reported. */
    default Column column(String name, String sqlType) {
        return new Column(name, sqlType, kindOf(sqlType));
    }
}
