package io.cdp.server.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdp.server.bulker.destination.TenantTables;
import io.cdp.server.bulker.postgres.PostgresDestination;
import io.cdp.server.event.FieldType;
import io.cdp.server.migrate.MigrationStatus.State;
import io.cdp.server.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL destination's migration ({@code cdp migrate --target warehouse}) on the real
 * PostgreSQL: events stored in the shared tables of an earlier bulker move to one table per
 * workspace, and back.
 */
class WarehouseMigrationsTest {
    private final List<String> progress = new ArrayList<>();
    private String database;
    private PostgresDestination destination;

    @BeforeEach
    void sharedLayoutWithEvents() {
        database = TestServices.createDatabase("migrate_test_wh");
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(TestServices.jdbcUrl(database));
        source.setUser(TestServices.PG_USER);
        destination = new PostgresDestination(source);
        // What a bulker of the shared layout made: its tables, columns typed by the first workspace.
        destination.createTable("events");
        destination.addColumn("events", "properties_amount", FieldType.STRING);
        destination.addColumn("events", "properties_plan", FieldType.STRING);
        destination.createTable("orders");
        sql("INSERT INTO events (workspace_id, message_id, type, source_id, received_at, \"timestamp\","
                + " properties_amount) VALUES ('ws_a', 'a-1', 'track', 's', now(), now(), 'twelve'),"
                + " ('ws_a', 'a-2', 'track', 's', now(), now(), NULL)");
        sql("INSERT INTO events (workspace_id, message_id, type, source_id, received_at, \"timestamp\", properties_plan)"
                + " VALUES ('ws_b', 'b-1', 'track', 's', now(), now(), 'pro')");
        sql("INSERT INTO orders (workspace_id, message_id, type, source_id, received_at, \"timestamp\")"
                + " VALUES ('ws_a', 'order-1', 'track', 's', now(), now())");
    }

    @AfterEach
    void dropDatabase() {
        TestServices.dropDatabase(database);
    }

    private Migrations open() {
        return new PostgresMigrations(MigrationTarget.WAREHOUSE, TestServices.jdbcUrl(database), TestServices.PG_USER, "",
                ScriptSource.builtIn());
    }

    @Test
    void tablesPerWorkspaceMovesExistingEventsAndDownMovesThemBack() {
        String eventsA = TenantTables.name("ws_a", "events");
        String eventsB = TenantTables.name("ws_b", "events");
        String ordersA = TenantTables.name("ws_a", "orders");
        try (Migrations migrations = open()) {
            assertThat(migrations.status()).extracting(MigrationStatus::state).containsExactly(State.PENDING);
            assertThat(migrations.up(progress::add)).extracting(MigrationStatus::version).containsExactly("1");
            assertThat(tables()).contains(eventsA, eventsB, ordersA).doesNotContain("events", "orders");
            assertThat(count(eventsA)).isEqualTo(2);
            assertThat(count(eventsB)).isEqualTo(1);
            assertThat(count(ordersA)).isEqualTo(1);
            assertThat(columns(eventsA)).containsEntry("properties_amount", "text").doesNotContainKey("properties_plan");
            assertThat(columns(eventsB)).containsEntry("properties_plan", "text").doesNotContainKey("properties_amount");
            assertThat(progress).anyMatch(line -> line.contains("events → " + eventsA + ": 2 events"));

            // The bulker goes on in the moved tables: B's amount is a number in B's own table.
            destination.addColumn(eventsB, "properties_amount", FieldType.FLOAT);
            sql("INSERT INTO " + eventsB + " (workspace_id, message_id, type, source_id, received_at, \"timestamp\","
                    + " properties_amount) VALUES ('ws_b', 'b-2', 'track', 's', now(), now(), 12.5)");
            assertThatThrownBy(() -> migrations.down(progress::add)).isInstanceOf(MigrationException.class)
                    .hasMessageContaining("column properties_amount is text in " + eventsA)
                    .hasMessageContaining("double precision in " + eventsB);
            assertThat(tables()).contains(eventsA, eventsB).doesNotContain("events");
            assertThat(migrations.status()).extracting(MigrationStatus::state).containsExactly(State.APPLIED);

            sql("ALTER TABLE " + eventsB + " DROP COLUMN properties_amount");
            assertThat(migrations.down(progress::add)).map(MigrationStatus::version).contains("1");
            assertThat(tables()).contains("events", "orders").doesNotContain(eventsA, eventsB, ordersA);
            assertThat(count("events")).isEqualTo(4);
            assertThat(count("orders")).isEqualTo(1);
            assertThat(columns("events")).containsEntry("properties_amount", "text").containsEntry("properties_plan", "text");

            migrations.up(progress::add);
            assertThat(count(eventsB)).isEqualTo(2);
            assertThat(tables()).doesNotContain("events");
        }
    }

    @Test
    void aWorkspaceIdThatCannotNameATableStopsTheMoveAndNothingChanges() {
        sql("INSERT INTO events (workspace_id, message_id, type, source_id, received_at, \"timestamp\")"
                + " VALUES ('Not-Safe', 'x-1', 'track', 's', now(), now())");
        try (Migrations migrations = open()) {
            assertThatThrownBy(() -> migrations.up(progress::add)).isInstanceOf(MigrationException.class)
                    .hasMessageContaining("workspace id 'Not-Safe' cannot name a table");
            assertThat(migrations.status()).extracting(MigrationStatus::state).doesNotContain(State.APPLIED);
        }
        assertThat(tables()).contains("events", "orders").noneMatch(table -> table.contains("__"));
        assertThat(count("events")).isEqualTo(4);
    }

    private List<String> tables() {
        List<String> tables = new ArrayList<>();
        query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
                result -> tables.add(result.getString(1)));
        return tables;
    }

    private Map<String, String> columns(String table) {
        Map<String, String> columns = new LinkedHashMap<>();
        query("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND table_name = '" + table + "'", result -> columns.put(result.getString(1), result.getString(2)));
        return columns;
    }

    private long count(String table) {
        List<Long> count = new ArrayList<>();
        query("SELECT count(*) FROM \"" + table + "\"", result -> count.add(result.getLong(1)));
        return count.get(0);
    }

    private interface RowHandler {
        void handle(ResultSet result) throws SQLException;
    }

    private void query(String sql, RowHandler handler) {
        try (Connection connection = DriverManager.getConnection(TestServices.jdbcUrl(database), TestServices.PG_USER, "");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                handler.handle(result);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private void sql(String sql) {
        try (Connection connection = DriverManager.getConnection(TestServices.jdbcUrl(database), TestServices.PG_USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
