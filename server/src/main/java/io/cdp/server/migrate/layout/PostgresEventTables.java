package io.cdp.server.migrate.layout;

import io.cdp.server.bulker.read.BaseColumns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link EventTables} of the PostgreSQL destination's current schema, on one connection: the
 * caller's transaction holds the whole move, so a failure leaves nothing half done. SQL errors
 * come out as {@link TenantLayout.RefusedException} naming the statement.
 */
final class PostgresEventTables implements EventTables {
    private final Connection connection;

    PostgresEventTables(Connection connection) {
        this.connection = connection;
    }

    @Override
    public List<String> tables() {
        return strings("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                + " AND table_type = 'BASE TABLE' ORDER BY table_name", null);
    }

    @Override
    public LinkedHashMap<String, String> columns(String table) {
        // to_regclass: a missing table has no columns, rather than an error that aborts the transaction.
        String sql = "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = to_regclass(?)"
                + " AND attnum > 0 AND NOT attisdropped ORDER BY attnum";
        LinkedHashMap<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, quote(table));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    columns.put(result.getString(1), result.getString(2));
                }
            }
        } catch (SQLException e) {
            throw failed(sql, e);
        }
        return columns;
    }

    @Override
    public List<String> workspaces(String table) {
        String column = quote(BaseColumns.WORKSPACE_ID);
        return strings("SELECT DISTINCT " + column + " FROM " + quote(table) + " ORDER BY " + column, null);
    }

    @Override
    public Set<String> columnsWithValues(String table, String workspaceId, List<String> candidates) {
        Set<String> used = new LinkedHashSet<>();
        if (candidates.isEmpty()) {
            return used;
        }
        String sql = "SELECT " + candidates.stream().map(column -> "count(" + quote(column) + ")")
                .collect(Collectors.joining(", ")) + " FROM " + quote(table) + whereWorkspace();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, workspaceId);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                for (int i = 0; i < candidates.size(); i++) {
                    if (result.getLong(i + 1) > 0) {
                        used.add(candidates.get(i));
                    }
                }
            }
        } catch (SQLException e) {
            throw failed(sql, e);
        }
        return used;
    }

    @Override
    public void createLike(String source, String target) {
        execute("CREATE TABLE IF NOT EXISTS " + quote(target) + " (LIKE " + quote(source) + " INCLUDING ALL)");
    }

    @Override
    public void addColumn(String table, String column, String type) {
        execute("ALTER TABLE " + quote(table) + " ADD COLUMN IF NOT EXISTS " + quote(column) + " " + type);
    }

    @Override
    public void dropColumn(String table, String column) {
        execute("ALTER TABLE " + quote(table) + " DROP COLUMN IF EXISTS " + quote(column));
    }

    @Override
    public void copy(String source, String target, String workspaceId, List<String> columns) {
        String list = columns.stream().map(PostgresEventTables::quote).collect(Collectors.joining(", "));
        String sql = "INSERT INTO " + quote(target) + " (" + list + ") SELECT " + list + " FROM " + quote(source)
                + (workspaceId == null ? "" : whereWorkspace()) + " ON CONFLICT DO NOTHING";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (workspaceId != null) {
                statement.setString(1, workspaceId);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    @Override
    public long messages(String table, String workspaceId) {
        List<String> count = strings("SELECT count(DISTINCT " + quote(BaseColumns.MESSAGE_ID) + ") FROM " + quote(table)
                + (workspaceId == null ? "" : whereWorkspace()), workspaceId);
        return Long.parseLong(count.get(0));
    }

    @Override
    public void drop(String table) {
        execute("DROP TABLE IF EXISTS " + quote(table));
    }

    private static String whereWorkspace() {
        return " WHERE " + quote(BaseColumns.WORKSPACE_ID) + " = ?";
    }

    private List<String> strings(String sql, String parameter) {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    values.add(result.getString(1));
                }
            }
        } catch (SQLException e) {
            throw failed(sql, e);
        }
        return values;
    }

    private void execute(String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    private static TenantLayout.RefusedException failed(String sql, SQLException e) {
        return new TenantLayout.RefusedException("PostgreSQL refused " + sql + ": " + e.getMessage(), e);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
