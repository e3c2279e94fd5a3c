package io.cdp.server.bulker.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.server.bulker.destination.Destination;
import io.cdp.server.bulker.destination.DestinationException;
import io.cdp.server.bulker.destination.RetriableErrors;
import io.cdp.server.bulker.destination.TenantTables;
import io.cdp.server.bulker.read.BaseColumns;
import io.cdp.server.bulker.read.Row;
import io.cdp.server.bulker.schema.Column;
import io.cdp.server.bulker.schema.TableSchema;
import io.cdp.server.bulker.schema.TypeMapping;
import io.cdp.server.event.FieldType;
import io.cdp.server.event.Timestamps;
import io.cdp.server.identity.Identity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Writes rows to tables of a PostgreSQL database (the {@code bulker.postgres} destination),
 * shaped like the ClickHouse ones: primary key {@code (workspace_id, message_id)}, one column per
 * flattened field. Batches go in as one JDBC batch in one transaction with
 * {@code ON CONFLICT DO NOTHING}, so a batch written twice after a crash stores each event once.
 * Thread-safe: each call takes its own connection from the pool.
 */
public class PostgresDestination implements Destination {
    /** This destination's {@link #name()}. */
    public static final String NAME = "postgres";

    private static final PostgresTypes TYPES = new PostgresTypes();
    /** PostgreSQL's "duplicate object" and "unique violation" codes, seen when two creators race. */
    private static final Set<String> ALREADY_EXISTS = Set.of("42P07", "42701", "23505", "42710");

    private final DataSource dataSource;

    public PostgresDestination(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TypeMapping types() {
        return TYPES;
    }

    @Override
    public Optional<TableSchema> describe(String table) {
        String sql = "SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, table);
            Map<String, Column> columns = new LinkedHashMap<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    String name = result.getString(1);
                    columns.put(name, TYPES.column(name, result.getString(2)));
                }
            }
            return columns.isEmpty() ? Optional.empty() : Optional.of(new TableSchema(table, columns));
        } catch (SQLException e) {
            throw failure("cannot read the columns of " + table, e);
        }
    }

    @Override
    public void createTable(String table) {
        List<String> columns = new ArrayList<>();
        BaseColumns.ALL.forEach((name, type) -> columns.add(quote(name) + " "
                + (BaseColumns.required(name) ? TYPES.requiredColumnType(type) : TYPES.columnType(type))));
        String ddl = "CREATE TABLE IF NOT EXISTS " + quote(table) + " (" + String.join(", ", columns)
                + ", PRIMARY KEY (" + quote(BaseColumns.WORKSPACE_ID) + ", " + quote(BaseColumns.MESSAGE_ID) + "))";
        // Stitching looks rows up by visitor. Index and table names share one namespace per schema and
        // are cut at 63 characters: a long table name plus the suffix would cut back to the table's own
        // name (a workspace's table may be 63 long, see TenantTables), and the index would never exist.
        String indexName = table.length() + 17 <= 63 ? table + "_anonymous_id_idx"
                : "anonymous_id_idx_" + Integer.toUnsignedString(table.hashCode(), 36) + "_" + table.length();
        String index = "CREATE INDEX IF NOT EXISTS " + quote(indexName) + " ON " + quote(table)
                + " (" + quote(BaseColumns.WORKSPACE_ID) + ", " + quote(BaseColumns.ANONYMOUS_ID) + ")";
        executeTolerating(ddl, "cannot create table " + table);
        executeTolerating(index, "cannot index table " + table);
    }

    @Override
    public void addColumn(String table, String column, FieldType type) {
        executeTolerating("ALTER TABLE " + quote(table) + " ADD COLUMN IF NOT EXISTS " + quote(column) + " "
                + TYPES.columnType(type), "cannot add column " + table + "." + column);
    }

    @Override
    public void write(TableSchema schema, List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Column> columns = columnsOf(schema, rows);
        String sql = "INSERT INTO " + quote(schema.table()) + " ("
                + columns.stream().map(column -> quote(column.name())).collect(Collectors.joining(", "))
                + ") VALUES ("
                + columns.stream().map(PostgresDestination::placeholder).collect(Collectors.joining(", "))
                + ") ON CONFLICT (" + quote(BaseColumns.WORKSPACE_ID) + ", " + quote(BaseColumns.MESSAGE_ID)
                + ") DO NOTHING";
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (Row row : rows) {
                    for (int i = 0; i < columns.size(); i++) {
                        bind(statement, i + 1, columns.get(i), row.columns().get(columns.get(i).name()));
                    }
                    statement.addBatch();
                }
                statement.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("cannot write " + rows.size() + " rows to " + schema.table(), e);
        }
    }

    @Override
    public void stitch(String workspaceId, List<Identity> identities) {
        if (identities.isEmpty()) {
            return;
        }
        String[] anonymousIds = identities.stream().map(Identity::anonymousId).toArray(String[]::new);
        String[] userIds = identities.stream().map(Identity::userId).toArray(String[]::new);
        try (Connection connection = dataSource.getConnection()) {
            for (String table : stitchableTables(connection, workspaceId)) {
                String sql = "UPDATE " + quote(table) + " AS t SET user_id = m.user_id, " + quote(BaseColumns.STITCHED)
                        + " = TRUE FROM unnest(?::text[], ?::text[]) AS m(anonymous_id, user_id) "
                        + "WHERE t.workspace_id = ? AND t.anonymous_id = m.anonymous_id "
                        + "AND (t.user_id IS NULL OR t.user_id = '' OR t." + quote(BaseColumns.STITCHED) + ") "
                        + "AND t.user_id IS DISTINCT FROM m.user_id";
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setArray(1, connection.createArrayOf("text", anonymousIds));
                    statement.setArray(2, connection.createArrayOf("text", userIds));
                    statement.setString(3, workspaceId);
                    statement.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw failure("cannot stitch identities of workspace " + workspaceId, e);
        }
    }

    /** The workspace's tables ({@link TenantTables}) with the columns stitching sets. */
    private static List<String> stitchableTables(Connection connection, String workspaceId) throws SQLException {
        String sql = "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() "
                + "AND column_name = ? AND table_name IN (SELECT table_name FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND column_name = ?) AND table_name IN (SELECT table_name "
                + "FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = ?)";
        List<String> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, BaseColumns.STITCHED);
            statement.setString(2, BaseColumns.ANONYMOUS_ID);
            statement.setString(3, BaseColumns.USER_ID);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    if (TenantTables.belongsTo(result.getString(1), workspaceId)) {
                        tables.add(result.getString(1));
                    }
                }
            }
        }
        return tables;
    }

    @Override
    public void close() {
        // The data source belongs to whoever built it (a Dropwizard-managed pool).
    }

    /** The table's columns that at least one row has a value for, in table order. */
    private static List<Column> columnsOf(TableSchema schema, List<Row> rows) {
        Set<String> used = new LinkedHashSet<>();
        for (Row row : rows) {
            used.addAll(row.columns().keySet());
        }
        List<Column> columns = new ArrayList<>();
        for (Column column : schema.columns().values()) {
            if (used.contains(column.name()) && column.kind().isPresent()) {
                columns.add(column);
            }
        }
        return columns;
    }

    private static String placeholder(Column column) {
        return column.kind().orElseThrow() == FieldType.JSON ? "CAST(? AS jsonb)" : "?";
    }

    private static void bind(PreparedStatement statement, int index, Column column, JsonNode value) throws SQLException {
        if (value == null || value.isNull()) {
            statement.setNull(index, Types.NULL);
            return;
        }
        switch (column.kind().orElseThrow()) {
            case STRING -> statement.setString(index, value.isTextual() ? value.asText() : value.toString());
            case INT -> statement.setLong(index, value.asLong());
            case FLOAT -> statement.setDouble(index, value.asDouble());
            case BOOL -> statement.setBoolean(index, value.asBoolean());
            case TIMESTAMP -> statement.setObject(index, Timestamps.parse(value.asText()).orElseThrow().atOffset(ZoneOffset.UTC),
                    Types.TIMESTAMP_WITH_TIMEZONE);
            case JSON -> statement.setString(index, value.isTextual() ? value.asText() : value.toString()); // rows hold arrays as JSON text
        }
    }

    private void executeTolerating(String sql, String what) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        } catch (SQLException e) {
            if (!ALREADY_EXISTS.contains(e.getSQLState())) {
                throw failure(what, e);
            }
        }
    }

    /** Identifiers are sanitized to {@code [a-z0-9_]} before they get here; quoting is the second guard. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static DestinationException failure(String what, SQLException e) {
        return new DestinationException(what + ": " + e.getMessage(), RetriableErrors.retriable(e), e);
    }
}
