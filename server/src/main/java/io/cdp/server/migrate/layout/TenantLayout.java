package io.cdp.server.migrate.layout;

import io.cdp.server.bulker.destination.TenantTables;
import io.cdp.server.bulker.clickhouse.ClickHouseDestination;
import io.cdp.server.bulker.read.BaseColumns;
import io.cdp.server.clickhouse.ClickHouse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Moves stored events between the shared layout (one {@code events} table for every workspace,
 * before the tenant layout) and the tenant layout (one table per workspace and event table,
 * named by {@link TenantTables}), in ClickHouse and in the PostgreSQL destination alike.
 *
 * <p>{@link #split}: for each shared event table (a table with the base columns whose name is no
 * workspace's, other than the empty {@link ClickHouseDestination#LAYOUT_TABLE}), each workspace in
 * it gets its table, created like the shared one, keeping only
 * the columns its own rows have values in (so another tenant's column types do not follow it),
 * and its rows are copied there. The shared table is dropped once every workspace's copy holds
 * all its message ids. {@link #merge} is the reverse, and refuses, before changing anything,
 * when two workspaces gave one column different types (one shared table cannot hold both).
 *
 * <p>Both may be run again after a failure half-way: a table that exists is reused, and rows
 * copied twice are shown once (ClickHouse: ReplacingMergeTree; PostgreSQL: the primary key).
 * The bulker must be stopped meanwhile. Not thread-safe.
 */
public final class TenantLayout {
    /** The name part of the migration files that run {@link #split} (V) and {@link #merge} (U). */
    public static final String MIGRATION_NAME = "tables_per_workspace";
    /** The columns every event table has (the bulker's base layout, and ClickHouse's version column). */
    private static final Set<String> BASE = baseColumns();

    private final EventTables tables;
    private final Consumer<String> progress;

    TenantLayout(EventTables tables, Consumer<String> progress) {
        this.tables = tables;
        this.progress = progress;
    }

    /** The layout of {@code clickHouse}'s database; {@code progress} hears one line per table moved. */
    public static TenantLayout ofClickHouse(ClickHouse clickHouse, Consumer<String> progress) {
        return new TenantLayout(new ClickHouseEventTables(clickHouse), progress);
    }

    /** The layout of the current schema of {@code connection}'s database, in the caller's transaction. */
    public static TenantLayout ofPostgres(Connection connection, Consumer<String> progress) {
        return new TenantLayout(new PostgresEventTables(connection), progress);
    }

    private static Set<String> baseColumns() {
        Set<String> base = new java.util.HashSet<>(BaseColumns.ALL.keySet());
        base.add("_version");
        return Set.copyOf(base);
    }

    /** Shared tables → one table per workspace; throws {@link RefusedException} saying what to do. */
    public void split() {
        for (String shared : sharedEventTables()) {
            LinkedHashMap<String, String> columns = tables.columns(shared);
            List<String> extra = columns.keySet().stream().filter(column -> !BASE.contains(column)).toList();
            for (String workspace : tables.workspaces(shared)) {
                String target;
                try {
                    target = TenantTables.name(workspace, shared);
                } catch (TenantTables.UnsafeTableNameException e) {
                    throw new RefusedException("cannot move the rows of table " + shared + ": " + e.getMessage()
                            + ". Delete or rename that workspace's rows first, then run up again.", e);
                }
                Set<String> used = tables.columnsWithValues(shared, workspace, extra);
                // A table that exists was made by a bulker already writing the tenant layout (or by an
                // earlier run of this one): its columns hold rows, only missing ones are added.
                boolean existed = !tables.columns(target).isEmpty();
                tables.createLike(shared, target);
                LinkedHashMap<String, String> present = tables.columns(target);
                for (String column : extra) {
                    if (!used.contains(column) && present.containsKey(column) && !existed) {
                        tables.dropColumn(target, column);
                    } else if (used.contains(column) && !present.containsKey(column)) {
                        tables.addColumn(target, column, columns.get(column));
                    } else if (used.contains(column) && !present.get(column).equals(columns.get(column))) {
                        throw new RefusedException("cannot move the rows of workspace " + workspace + " from "
                                + shared + ": column " + column + " is " + columns.get(column) + " there but "
                                + present.get(column) + " in " + target + ", which exists already. Make the two"
                                + " agree (or drop the column in one), then run up again.", null);
                    }
                }
                List<String> copied = columns.keySet().stream()
                        .filter(column -> BASE.contains(column) || used.contains(column)).toList();
                tables.copy(shared, target, workspace, copied);
                requireAllCopied(shared, workspace, target);
                progress.accept("    " + shared + " → " + target + ": " + tables.messages(target, workspace)
                        + " events, " + used.size() + " of " + extra.size() + " extra columns");
            }
            tables.drop(shared);
        }
    }

    /** One table per workspace → shared tables; throws {@link RefusedException} saying what to do. */
    public void merge() {
        Map<String, List<String>> byTable = new TreeMap<>();
        for (String table : tables.tables()) {
            TenantTables.parse(table).ifPresent(parts ->
                    byTable.computeIfAbsent(parts.table(), ignored -> new ArrayList<>()).add(table));
        }
        Map<String, LinkedHashMap<String, String>> merged = new TreeMap<>();
        for (Map.Entry<String, List<String>> entry : byTable.entrySet()) {
            merged.put(entry.getKey(), mergedColumns(entry.getKey(), entry.getValue()));
        }
        for (Map.Entry<String, List<String>> entry : byTable.entrySet()) {
            String shared = entry.getKey();
            tables.createLike(entry.getValue().get(0), shared);
            LinkedHashMap<String, String> present = tables.columns(shared);
            merged.get(shared).forEach((column, type) -> {
                if (!present.containsKey(column)) {
                    tables.addColumn(shared, column, type);
                }
            });
            for (String own : entry.getValue()) {
                String workspace = TenantTables.parse(own).orElseThrow().workspaceId();
                tables.copy(own, shared, null, List.copyOf(tables.columns(own).keySet()));
                if (tables.messages(shared, workspace) < tables.messages(own, null)) {
                    throw new RefusedException("copying " + own + " into " + shared + " left rows behind; " + own
                            + " is kept. Run down again.", null);
                }
                tables.drop(own);
                progress.accept("    " + own + " → " + shared);
            }
        }
    }

    /** The columns of the shared table that holds {@code own}; a column typed differently by two workspaces is refused. */
    private LinkedHashMap<String, String> mergedColumns(String shared, List<String> own) {
        LinkedHashMap<String, String> columns = new LinkedHashMap<>();
        Map<String, String> typedBy = new LinkedHashMap<>();
        for (String table : own) {
            for (Map.Entry<String, String> column : tables.columns(table).entrySet()) {
                String known = columns.putIfAbsent(column.getKey(), column.getValue());
                typedBy.putIfAbsent(column.getKey(), table);
                if (known != null && !known.equals(column.getValue())) {
                    throw new RefusedException("cannot go back to one shared " + shared + " table: column "
                            + column.getKey() + " is " + known + " in " + typedBy.get(column.getKey()) + " but "
                            + column.getValue() + " in " + table + ", and one table cannot hold both. Nothing was"
                            + " changed. Drop or rename the column in one of them to go down.", null);
                }
            }
        }
        return columns;
    }

    private List<String> sharedEventTables() {
        List<String> shared = new ArrayList<>();
        for (String table : tables.tables()) {
            if (TenantTables.parse(table).isEmpty() && !table.equals(ClickHouseDestination.LAYOUT_TABLE)
                    && tables.columns(table).keySet().containsAll(BaseColumns.KEY.keySet())
                    && tables.columns(table).containsKey(BaseColumns.RECEIVED_AT)) {
                shared.add(table);
            }
        }
        return shared;
    }

    private void requireAllCopied(String shared, String workspace, String target) {
        long expected = tables.messages(shared, workspace);
        long copied = tables.messages(target, workspace);
        if (copied < expected) {
            throw new RefusedException("copying the rows of workspace " + workspace + " from " + shared + " to "
                    + target + " stored " + copied + " of " + expected + " events; " + shared + " is kept."
                    + " Run up again.", null);
        }
    }

    /** A move that cannot be done (or was refused) as things stand; the message says what to do next. */
    public static final class RefusedException extends RuntimeException {
        public RefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
