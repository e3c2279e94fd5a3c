package io.cdp.server.migrate.layout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * The few operations {@link TenantLayout} needs on the tables of one warehouse database
 * (ClickHouse: {@link ClickHouseEventTables}; the PostgreSQL destination: {@link PostgresEventTables}),
 * so moving rows between the shared and the per-workspace layout is written once. Names passed
 * in are checked table names (sanitized, or made by {@code TenantTables}); implementations quote
 * them all the same.
 */
interface EventTables {
    /** Every table of the database. */
    List<String> tables();

    /** The table's columns and their types as the database spells them, in table order. */
    LinkedHashMap<String, String> columns(String table);

    /** The distinct workspace ids of the table's rows. */
    List<String> workspaces(String table);

    /** Those of {@code candidates} that hold a value (not NULL) in at least one row of {@code workspaceId}. */
    Set<String> columnsWithValues(String table, String workspaceId, List<String> candidates);

    /** Creates {@code target} with the engine, keys and columns of {@code source}, unless it exists. */
    void createLike(String source, String target);

    void addColumn(String table, String column, String type);

    void dropColumn(String table, String column);

    /**
     * Copies the rows of {@code workspaceId} (every row when null) from {@code source} into
     * {@code target}, {@code columns} only; a row already in {@code target} is not shown twice.
     */
    void copy(String source, String target, String workspaceId, List<String> columns);

    /** Distinct message ids of {@code workspaceId} (every workspace when null) in the table. */
    long messages(String table, String workspaceId);

    void drop(String table);
}
