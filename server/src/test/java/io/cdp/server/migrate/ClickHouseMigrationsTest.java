package io.cdp.server.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.clickhouse.ClickHouseCapabilities;
import io.cdp.server.migrate.MigrationStatus.State;
import io.cdp.server.testing.TestServices;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ClickHouseMigrationsTest extends MigrationsContract {
    private String database;
    private ClickHouse clickHouse;

    @Override
    void createDatabase() {
        database = TestServices.createClickHouseDatabase("migrate_test_ch");
        clickHouse = TestServices.clickHouse(database);
    }

    @Override
    void dropDatabase() {
        clickHouse.close();
        TestServices.dropClickHouseDatabase(database);
    }

    @Override
    MigrationTarget target() {
        return MigrationTarget.CLICKHOUSE;
    }

    @Override
    Migrations open(ScriptSource source) {
        return new ClickHouseMigrations(TestServices.clickHouse(database), source);
    }

    @Override
    Migrations openUnreachable() {
        return new ClickHouseMigrations(new ClickHouse("http://127.0.0.1:1", "default", "", "nowhere"), ScriptSource.builtIn());
    }

    @Override
    boolean tableExists(String table) {
        return clickHouse.tableExists(table);
    }

    @Override
    String createTable(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (id String) ENGINE = MergeTree ORDER BY id";
    }

    private Map<String, String> columnTypes(String table) {
        return clickHouse.query("SELECT name, type FROM system.columns WHERE database = '" + database
                        + "' AND table = '" + table + "'").stream()
                .collect(Collectors.toMap(row -> row.get("name").asText(), row -> row.get("type").asText()));
    }

    /** Writes the built-in ClickHouse scripts up to {@code version} into this test's scripts folder. */
    private void writeBuiltInUpTo(int version) throws Exception {
        for (MigrationScript script : ScriptSource.builtIn().scripts(MigrationTarget.CLICKHOUSE)) {
            if (script.version() <= version) {
                write(script.fileName(), script.sql());
            }
        }
    }

    private long shown(String table, String where) {
        return clickHouse.query("SELECT count() AS n FROM " + table + " FINAL" + (where == null ? "" : " WHERE " + where))
                .get(0).get("n").asLong();
    }

    private void insertEvent(String table, String workspace, String messageId, Map<String, Object> extra) {
        Map<String, Object> event = new java.util.LinkedHashMap<>(Map.of("message_id", messageId,
                "workspace_id", workspace, "source_id", "s1", "type", "track", "timestamp", "2024-05-01 10:00:00",
                "received_at", "2024-05-01 10:00:01", "_version", 1));
        event.putAll(extra);
        clickHouse.insertJsonEachRow(table, List.of(event));
    }

    @Test
    void eventsTableUsesTheBestTimestampTypeOfTheServerAndDeduplicatesWithFinal() throws Exception {
        writeBuiltInUpTo(2);
        try (Migrations migrations = openScripts()) {
            migrations.up(progress::add);
        }
        ClickHouseCapabilities capabilities = clickHouse.capabilities();
        Map<String, String> types = columnTypes("events");
        assertThat(types).containsEntry("timestamp", capabilities.dateTimeType())
                .containsEntry("received_at", capabilities.dateTimeType())
                .containsEntry("sent_at", capabilities.nullableDateTimeType())
                .containsEntry("event", "Nullable(String)")
                .containsEntry("anonymous_id", "Nullable(String)")
                .containsKeys("message_id", "workspace_id", "source_id", "type", "user_id", "_version");
        assertThat(columnTypes("identities")).containsKeys("workspace_id", "anonymous_id", "user_id", "_version");

        // The bulker's crash case: the same event written twice, shown once with FINAL.
        insertEvent("events", "w1", "m1", Map.of());
        insertEvent("events", "w1", "m1", Map.of());
        assertThat(clickHouse.query("SELECT count() AS n FROM events").get(0).get("n").asLong()).isEqualTo(2);
        assertThat(shown("events", null)).isEqualTo(1);
    }

    /**
     * V3 on a database with events in the shared tables: each workspace's rows move to its own
     * tables with only its own columns; down brings them back, and refuses while two workspaces
     * type one column differently.
     */
    @Test
    void tablesPerWorkspaceMovesExistingEventsAndDownMovesThemBack() throws Exception {
        writeBuiltInUpTo(2);
        try (Migrations migrations = openScripts()) {
            migrations.up(progress::add);
        }
        clickHouse.execute("ALTER TABLE events ADD COLUMN properties_amount Nullable(String)");
        clickHouse.execute("ALTER TABLE events ADD COLUMN properties_plan Nullable(String)");
        insertEvent("events", "ws_a", "a-1", Map.of("properties_amount", "twelve"));
        insertEvent("events", "ws_a", "a-1", Map.of("properties_amount", "twelve")); // written twice by a crash
        insertEvent("events", "ws_a", "a-2", Map.of());
        insertEvent("events", "ws_b", "b-1", Map.of("properties_plan", "pro"));
        clickHouse.execute("CREATE TABLE orders AS events");
        insertEvent("orders", "ws_a", "order-1", Map.of());
        String eventsA = io.cdp.server.bulker.destination.TenantTables.name("ws_a", "events");
        String eventsB = io.cdp.server.bulker.destination.TenantTables.name("ws_b", "events");
        String ordersA = io.cdp.server.bulker.destination.TenantTables.name("ws_a", "orders");

        writeBuiltInUpTo(3);
        try (Migrations migrations = openScripts()) {
            assertThat(migrations.up(progress::add)).extracting(MigrationStatus::version).containsExactly("3");
            assertThat(tableExists("events")).isFalse();
            assertThat(tableExists("orders")).isFalse();
            assertThat(shown(eventsA, null)).isEqualTo(2);
            assertThat(shown(eventsB, null)).isEqualTo(1);
            assertThat(shown(ordersA, null)).isEqualTo(1);
            assertThat(columnTypes(eventsA)).containsEntry("properties_amount", "Nullable(String)")
                    .doesNotContainKey("properties_plan").containsKeys("_version", "received_at");
            assertThat(columnTypes(eventsB)).containsEntry("properties_plan", "Nullable(String)")
                    .doesNotContainKey("properties_amount");
            assertThat(clickHouse.query("SELECT properties_amount FROM " + eventsA + " FINAL WHERE message_id = 'a-1'")
                    .get(0).get("properties_amount").asText()).isEqualTo("twelve");
            assertThat(progress).anyMatch(line -> line.contains("events → " + eventsA + ": 2 events"));

            // Workspace B now sends amount as a number, in its own table: no shared table can hold both.
            clickHouse.execute("ALTER TABLE " + eventsB + " ADD COLUMN properties_amount Nullable(Float64)");
            insertEvent(eventsB, "ws_b", "b-2", Map.of("properties_amount", 12.5));
            assertRefused(() -> migrations.down(progress::add),
                    "column properties_amount is Nullable(String) in " + eventsA, "Nullable(Float64) in " + eventsB,
                    "Nothing was changed");
            assertThat(tableExists("events")).isFalse();
            assertThat(shown(eventsB, null)).isEqualTo(2);

            clickHouse.execute("ALTER TABLE " + eventsB + " DROP COLUMN properties_amount");
            assertThat(migrations.down(progress::add)).map(MigrationStatus::version).contains("3");
            assertThat(tableExists(eventsA)).isFalse();
            assertThat(tableExists(eventsB)).isFalse();
            assertThat(tableExists(ordersA)).isFalse();
            assertThat(shown("events", null)).isEqualTo(4);
            assertThat(shown("events", "workspace_id = 'ws_b' AND properties_plan = 'pro'")).isEqualTo(1);
            assertThat(shown("events", "workspace_id = 'ws_a' AND properties_amount = 'twelve'")).isEqualTo(1);
            assertThat(shown("orders", null)).isEqualTo(1);

            // And up again.
            migrations.up(progress::add);
            assertThat(shown(eventsB, null)).isEqualTo(2);
            assertThat(tableExists("events")).isFalse();
        }
    }

    @Test
    void aWorkspaceTableIsCreatedFromTheMigratedLayout() {
        try (Migrations migrations = open(ScriptSource.builtIn())) {
            migrations.up(progress::add);
        }
        String table = io.cdp.server.bulker.destination.TenantTables.name("ws_new", "events");
        new io.cdp.server.bulker.clickhouse.ClickHouseDestination(clickHouse).createTable(table);
        assertThat(columnTypes(table)).isEqualTo(columnTypes(
                io.cdp.server.bulker.clickhouse.ClickHouseDestination.LAYOUT_TABLE))
                .containsEntry("timestamp", clickHouse.capabilities().dateTimeType()).containsKeys("_stitched", "event");
        assertThat(clickHouse.query("SELECT engine FROM system.tables WHERE database = currentDatabase() AND name = '"
                + table + "'").get(0).get("engine").asText()).isEqualTo("ReplacingMergeTree");
    }

    @Test
    void historyTableRecordsEachUpAndDown() {
        try (Migrations migrations = open(ScriptSource.builtIn())) {
            migrations.up(progress::add);
            migrations.down(progress::add);
        }
        List<ObjectNode> rows = clickHouse.query("SELECT version, name, action FROM cdp_schema_history ORDER BY seq");
        assertThat(rows).extracting(row -> row.get("version").asInt() + " " + row.get("name").asText() + " " + row.get("action").asText())
                .containsExactly("1 events up", "2 identities up", "3 tables per workspace up",
                        "3 tables per workspace down");
    }

    @Test
    void failureInTheMiddleOfAFileNamesTheStatement() throws Exception {
        write("V1__two_steps.sql", createTable("step_one") + ";\n-- a comment; with a semicolon\n"
                + brokenStatement() + ";\n");
        try (Migrations migrations = openScripts()) {
            assertRefused(() -> migrations.up(progress::add),
                    "V1__two_steps.sql failed at statement 2 of 2", "Statements 1-1 of it were applied");
            assertThat(tableExists("step_one")).isTrue();
            assertThat(states(migrations)).containsExactly(State.PENDING);

            // The fix, and the re-run of the whole file (IF NOT EXISTS keeps statement 1 harmless).
            write("V1__two_steps.sql", createTable("step_one") + ";\n" + createTable("step_two") + ";\n");
            assertThat(migrations.up(progress::add)).hasSize(1);
            assertThat(tableExists("step_two")).isTrue();
        }
    }

    @Test
    void changedAppliedFileIsRefused() throws Exception {
        write("V1__first.sql", createTable("first_table") + ";\n");
        try (Migrations migrations = openScripts()) {
            migrations.up(progress::add);
            write("V1__first.sql", createTable("first_table") + ";\n-- edited\n");
            assertThat(states(migrations)).containsExactly(State.CHANGED);
            assertRefused(() -> migrations.up(progress::add), "V1__first.sql changed after it was applied");
        }
    }

    @Test
    void unknownPlaceholderIsNamed() throws Exception {
        write("V1__typo.sql", "CREATE TABLE t (at ${DATETIM}) ENGINE = MergeTree ORDER BY at;\n");
        try (Migrations migrations = openScripts()) {
            assertRefused(() -> migrations.up(progress::add), "${DATETIM}", "DATETIME");
        }
    }

    @Test
    void upCreatesAMissingDatabase() {
        String missing = TestServices.uniqueName("migrate_test_chnew");
        try (Migrations migrations = new ClickHouseMigrations(TestServices.clickHouse(missing), ScriptSource.builtIn())) {
            assertThat(states(migrations)).containsOnly(State.PENDING);
            migrations.up(progress::add);
            assertThat(states(migrations)).containsOnly(State.APPLIED);
            assertThat(progress).contains("  created database " + missing);
        } finally {
            TestServices.dropClickHouseDatabase(missing);
        }
    }
}
