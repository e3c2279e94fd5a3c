package io.cdp.server.bulker.schema;

import io.cdp.server.bulker.read.BaseColumns;
import io.cdp.server.bulker.read.Row;
import io.cdp.server.bulker.read.RowFields;
import io.cdp.server.event.DeadLetter.Reasons;
import io.cdp.server.event.FieldType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares a batch of rows with a table's columns (Jitsu's {@code Table.Diff}, plus type checks)
 * and decides what to add and what to reject. A pure function: the caller applies the plan.
 *
 * <ul>
 *   <li>A value whose type its column does not accept rejects its row ({@code type_conflict},
 *       naming the column); a JSON null fits any column.</li>
 *   <li>A field the table lacks becomes a new column. Its type is the one the ingest schema
 *       check learned for the row's workspace ({@code schema_fields}) when there is one, else the
 *       type of the first value seen; base columns always get their fixed type.</li>
 *   <li>A row that would take the table past {@code maxColumns} is rejected
 *       ({@code too_many_columns}) and adds nothing.</li>
 * </ul>
 */
public final class SchemaPlanner {
    /** Types the ingest schema check learned, per workspace; empty when it learned none. */
    @FunctionalInterface
    public interface LearnedTypes {
        Optional<FieldType> type(String workspaceId, String field);

        LearnedTypes NONE = (workspaceId, field) -> Optional.empty();
    }

    private SchemaPlanner() {
    }

    public static SchemaPlan plan(TableSchema table, List<Row> rows, LearnedTypes learned, int maxColumns) {
        Map<String, FieldType> newColumns = new LinkedHashMap<>();
        List<Row> accepted = new ArrayList<>(rows.size());
        List<RowRejection> rejected = new ArrayList<>();
        // Field lists every value of which went into an existing column: that depends on the table
        // alone, so the next row with the same list (most rows: see RowFields) needs no check.
        Set<RowFields> fitting = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<String, FieldType> rowColumns = new LinkedHashMap<>();
        for (Row row : rows) {
            if (fitting.contains(row.fields())) {
                accepted.add(row);
                continue;
            }
            rowColumns.clear();
            RowRejection rejection = null;
            for (int field = 0; field < row.fieldCount(); field++) {
                rejection = check(table, newColumns, rowColumns, row, field, learned);
                if (rejection != null) {
                    break;
                }
            }
            if (rejection == null) {
                rejection = checkWidth(table, newColumns, rowColumns, row, maxColumns);
            }
            if (rejection != null) {
                rejected.add(rejection);
            } else {
                if (rowColumns.isEmpty()) {
                    fitting.add(row.fields());
                }
                newColumns.putAll(rowColumns);
                accepted.add(row);
            }
        }
        return new SchemaPlan(newColumns, accepted, rejected);
    }

    private static RowRejection check(TableSchema table, Map<String, FieldType> newColumns,
                                   Map<String, FieldType> rowColumns, Row row, int field, LearnedTypes learned) {
        String name = row.fieldName(field);
        FieldType value = row.fieldType(field);
        boolean longInteger = row.fieldIntegral(field);
        Column existing = table.column(name);
        if (existing != null) {
            if (existing.kind().isEmpty()) {
                return conflict(row, name, "column " + table.table() + "." + name + " has type " + existing.sqlType()
                        + ", which the bulker does not write");
            }
            return existing.accepts(value) || FieldType.fits(existing.kind().get(), value, longInteger) ? null
                    : conflict(row, name, describe(name, value) + ", but column " + table.table() + "." + name
                    + " holds " + existing.kind().get().id() + " (" + existing.sqlType() + ")");
        }
        FieldType planned = newColumns.get(name);
        if (planned == null) {
            planned = BaseColumns.ALL.get(name);
        }
        if (planned == null) {
            planned = learned.type(row.workspaceId(), name).orElse(value);
        }
        if (!ColumnKinds.accepts(planned, value) && !FieldType.fits(planned, value, longInteger)) {
            return conflict(row, name, describe(name, value) + ", but " + table.table() + "." + name + " is "
                    + planned.id());
        }
        rowColumns.put(name, planned);
        return null;
    }

    private static RowRejection checkWidth(TableSchema table, Map<String, FieldType> newColumns,
                                        Map<String, FieldType> rowColumns, Row row, int maxColumns) {
        int width = table.size() + newColumns.size();
        for (String name : rowColumns.keySet()) {
            if (!newColumns.containsKey(name) && ++width > maxColumns) {
                return new RowRejection(row, Reasons.TOO_MANY_COLUMNS, name, "table " + table.table() + " has reached "
                        + maxColumns + " columns (bulker.maxColumnsPerTable); field '" + name + "' would be one more");
            }
        }
        return null;
    }

    private static RowRejection conflict(Row row, String field, String message) {
        return new RowRejection(row, Reasons.TYPE_CONFLICT, field, message);
    }

    private static String describe(String field, FieldType value) {
        String article = value == FieldType.INT ? "an " : "a ";
        return "field '" + field + "' is " + article + value.id();
    }
}
