package io.cdp.server.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void eventsTableUsesTheBestTimestampTypeOfTheServerAndDeduplicatesWithFinal() {
        try (Migrations migrations = open(ScriptSource.builtIn())) {
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
        Map<String, Object> event = Map.of("message_id", "m1", "workspace_id", "w1", "source_id", "s1", "type", "track",
                "timestamp", "2024-05-01T10:00:00Z", "received_at", "2024-05-01T10:00:01Z", "_version", 1);
        clickHouse.insertJsonEachRow("events", List.of(event));
        clickHouse.insertJsonEachRow("events", List.of(event));
        assertThat(clickHouse.query("SELECT count() AS n FROM events").get(0).get("n").asLong()).isEqualTo(2);
        assertThat(clickHouse.query("SELECT count() AS n FROM events FINAL").get(0).get("n").asLong()).isEqualTo(1);
    }

    @Test
    void historyTableRecordsEachUpAndDown() {
        try (Migrations migrations = open(ScriptSource.builtIn())) {
            migrations.up(progress::add);
            migrations.down(progress::add);
        }
        List<ObjectNode> rows = clickHouse.query("SELECT version, name, action FROM cdp_schema_history ORDER BY seq");
        assertThat(rows).extracting(row -> row.get("version").asInt() + " " + row.get("name").asText() + " " + row.get("action").asText())
                .containsExactly("1 events up", "2 identities up", "2 identities down");
    }

    @Test
    void failureInTheMiddleOfAFileNamesTheStatement() throws Exception {
        write("V1__two_steps.sql", createTable("step_one") + ";\n-- a comment; with a semicolon\n"
                + brokenStatement() + ";\n");
        try (Migrations migrations = open(ScriptSource.directory(scripts))) {
            assertThatThrownBy(() -> migrations.up(progress::add))
                    .isInstanceOf(MigrationException.class)
                    .hasMessageContaining("V1__two_steps.sql failed at statement 2 of 2")
                    .hasMessageContaining("Statements 1-1 of it were applied");
            assertThat(tableExists("step_one")).isTrue();
            assertThat(migrations.status()).extracting(MigrationStatus::state).containsExactly(State.PENDING);

            // The fix, and the re-run of the whole file (IF NOT EXISTS keeps statement 1 harmless).
            write("V1__two_steps.sql", createTable("step_one") + ";\n" + createTable("step_two") + ";\n");
            assertThat(migrations.up(progress::add)).hasSize(1);
            assertThat(tableExists("step_two")).isTrue();
        }
    }

    @Test
    void changedAppliedFileIsRefused() throws Exception {
        write("V1__first.sql", createTable("first_table") + ";\n");
        try (Migrations migrations = open(ScriptSource.directory(scripts))) {
            migrations.up(progress::add);
            write("V1__first.sql", createTable("first_table") + ";\n-- edited\n");
            assertThat(migrations.status()).extracting(MigrationStatus::state).containsExactly(State.CHANGED);
            assertThatThrownBy(() -> migrations.up(progress::add))
                    .isInstanceOf(MigrationException.class)
                    .hasMessageContaining("V1__first.sql changed after it was applied");
        }
    }

    @Test
    void unknownPlaceholderIsNamed() throws Exception {
        write("V1__typo.sql", "CREATE TABLE t (at ${DATETIM}) ENGINE = MergeTree ORDER BY at;\n");
        try (Migrations migrations = open(ScriptSource.directory(scripts))) {
            assertThatThrownBy(() -> migrations.up(progress::add))
                    .isInstanceOf(MigrationException.class)
                    .hasMessageContaining("${DATETIM}")
                    .hasMessageContaining("DATETIME");
        }
    }

    @Test
    void upCreatesAMissingDatabase() {
        String missing = TestServices.uniqueName("migrate_test_chnew");
        try (Migrations migrations = new ClickHouseMigrations(TestServices.clickHouse(missing), ScriptSource.builtIn())) {
            assertThat(migrations.status()).extracting(MigrationStatus::state).containsOnly(State.PENDING);
            migrations.up(progress::add);
            assertThat(migrations.status()).extracting(MigrationStatus::state).containsOnly(State.APPLIED);
            assertThat(progress).contains("  created database " + missing);
        } finally {
            TestServices.dropClickHouseDatabase(missing);
        }
    }
}
