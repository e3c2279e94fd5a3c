package io.cdp.server.migrate.layout;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.bulker.read.BaseColumns;
import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.clickhouse.ClickHouseSql;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** {@link EventTables} of the migrated ClickHouse database, {@code clickHouse}'s (not closed here). */
record ClickHouseEventTables(ClickHouse clickHouse) implements EventTables {

    @Override
    public List<String> tables() {
        return clickHouse.query("SELECT name FROM system.tables WHERE database = "
                + ClickHouseSql.literal(clickHouse.database()) + " ORDER BY name").stream()
                .map(row -> row.get("name").asText()).toList();
    }

    @Override
    public LinkedHashMap<String, String> columns(String table) {
        LinkedHashMap<String, String> columns = new LinkedHashMap<>();
        for (ObjectNode row : clickHouse.query("SELECT name, type FROM system.columns WHERE database = "
                + ClickHouseSql.literal(clickHouse.database()) + " AND table = " + ClickHouseSql.literal(table))) {
            columns.put(row.get("name").asText(), row.get("type").asText());
        }
        return columns;
    }

    @Override
    public List<String> workspaces(String table) {
        return clickHouse.query("SELECT DISTINCT " + id(BaseColumns.WORKSPACE_ID) + " AS workspace FROM " + id(table)
                + " ORDER BY workspace").stream().map(row -> row.get("workspace").asText()).toList();
    }

    @Override
    public Set<String> columnsWithValues(String table, String workspaceId, List<String> candidates) {
        Set<String> used = new LinkedHashSet<>();
        if (candidates.isEmpty()) {
            return used;
        }
        // count(column) counts the rows where it is not NULL; aliases by position, names may be anything.
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < candidates.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("count(").append(id(candidates.get(i))).append(") AS c").append(i);
        }
        sql.append(" FROM ").append(id(table)).append(whereWorkspace(workspaceId));
        ObjectNode counts = clickHouse.query(sql.toString()).get(0);
        for (int i = 0; i < candidates.size(); i++) {
            if (counts.get("c" + i).asLong() > 0) {
                used.add(candidates.get(i));
            }
        }
        return used;
    }

    @Override
    public void createLike(String source, String target) {
        clickHouse.execute("CREATE TABLE IF NOT EXISTS " + id(target) + " AS " + id(source));
    }

    @Override
    public void addColumn(String table, String column, String type) {
        clickHouse.execute("ALTER TABLE " + id(table) + " ADD COLUMN " + id(column) + " " + type);
    }

    @Override
    public void dropColumn(String table, String column) {
        clickHouse.execute("ALTER TABLE " + id(table) + " DROP COLUMN " + id(column));
    }

    @Override
    public void copy(String source, String target, String workspaceId, List<String> columns) {
        String list = columns.stream().map(ClickHouseEventTables::id).collect(Collectors.joining(", "));
        // Same keys and _version as the source: a row copied twice is merged away like any duplicate.
        clickHouse.execute("INSERT INTO " + id(target) + " (" + list + ") SELECT " + list + " FROM " + id(source)
                + (workspaceId == null ? "" : whereWorkspace(workspaceId)));
    }

    @Override
    public long messages(String table, String workspaceId) {
        return clickHouse.query("SELECT uniqExact(" + id(BaseColumns.MESSAGE_ID) + ") AS n FROM " + id(table)
                + (workspaceId == null ? "" : whereWorkspace(workspaceId))).get(0).get("n").asLong();
    }

    @Override
    public void drop(String table) {
        clickHouse.execute("DROP TABLE IF EXISTS " + id(table));
    }

    private static String whereWorkspace(String workspaceId) {
        return " WHERE " + id(BaseColumns.WORKSPACE_ID) + " = " + ClickHouseSql.literal(workspaceId);
    }

    private static String id(String identifier) {
        return ClickHouseSql.identifier(identifier);
    }
}
