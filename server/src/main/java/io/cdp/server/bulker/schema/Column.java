package io.cdp.server.bulker.schema;

import io.cdp.server.event.FieldType;
import java.util.Optional;

/**
 * One column of a destination table as the destination reports it: its SQL type and the
 * {@link FieldType} that type stores ({@code Nullable(Int64)} → {@code INT}); empty when the
 * bulker does not know the type (a column someone created by hand), in which case no value is
 * written to it.
 */
public record Column(String name, String sqlType, Optional<FieldType> kind) {

    /** Whether a value of type {@code value} can be stored here without changing its meaning. */
    public boolean accepts(FieldType value) {
        return kind.map(column -> ColumnKinds.accepts(column, value)).orElse(false);
    }
}
