package io.cdp.server.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdp.server.migrate.MigrationStatus.State;
import io.cdp.server.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresMigrationsTest extends MigrationsContract {
    private String database;

    @Override
    void createDatabase() {
        database = TestServices.createDatabase("migrate_test_pg");
    }

    @Override
    void dropDatabase() {
        TestServices.dropDatabase(database);
    }

    @Override
    MigrationTarget target() {
        return MigrationTarget.POSTGRES;
    }

    @Override
    Migrations open(ScriptSource source) {
        return new PostgresMigrations(TestServices.jdbcUrl(database), TestServices.PG_USER, "", source);
    }

    @Override
    Migrations openUnreachable() {
        return new PostgresMigrations("jdbc:postgresql://127.0.0.1:1/nowhere", "postgres", "", ScriptSource.builtIn());
    }

    @Override
    boolean tableExists(String table) {
        return count("SELECT count(*) FROM information_schema.tables WHERE table_name = '" + table + "'") > 0;
    }

    @Override
    String createTable(String table) {
        return "CREATE TABLE " + table + " (id TEXT PRIMARY KEY)";
    }

    private long count(String sql) {
        try (Connection connection = DriverManager.getConnection(TestServices.jdbcUrl(database), TestServices.PG_USER, "");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void builtInDataModelCreatesTheDesignTables() {
        try (Migrations migrations = open(ScriptSource.builtIn())) {
            migrations.up(progress::add);
        }
        assertThat(progress).anyMatch(line -> line.startsWith("  V1 data model: applied in"));
        for (String table : new String[] {"workspaces", "sources", "write_keys", "destinations", "functions",
                "source_functions", "schema_fields"}) {
            assertThat(tableExists(table)).as(table).isTrue();
        }
    }

    @Test
    void flywayIgnoresUndoFilesNextToTheMigrations() throws Exception {
        write("V1__first.sql", createTable("first_table") + ";\n");
        // Were U files read as migrations, this one would fail the run (and V1 would not be alone).
        write("U1__first.sql", "THIS IS NOT SQL;\n");
        try (Migrations migrations = openScripts()) {
            assertThat(migrations.status()).extracting(MigrationStatus::title).containsExactly("V1 first");
            assertThat(migrations.up(progress::add)).hasSize(1);
        }
    }

    @Test
    void failingUndoChangesNothing() throws Exception {
        write("V1__first.sql", createTable("first_table") + ";\n");
        write("U1__first.sql", "DROP TABLE first_table;\nSELECT no_such_column FROM no_such_table;\n");
        try (Migrations migrations = openScripts()) {
            migrations.up(progress::add);
            assertRefused(() -> migrations.down(progress::add), "U1__first.sql failed, nothing was changed");
            assertThat(tableExists("first_table")).as("DROP rolled back").isTrue();
            assertThat(states(migrations)).containsExactly(State.APPLIED);
        }
        assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE version = '1'")).isEqualTo(1);
    }

    @Test
    void upCreatesAMissingDatabase() {
        String missing = TestServices.uniqueName("migrate_test_new");
        try (Migrations migrations = new PostgresMigrations(TestServices.jdbcUrl(missing), TestServices.PG_USER, "",
                ScriptSource.builtIn())) {
            assertThat(states(migrations)).isNotEmpty().containsOnly(State.PENDING);
            assertThatThrownBy(() -> migrations.down(progress::add)).hasMessageContaining("has no database " + missing);
            migrations.up(progress::add);
            assertThat(states(migrations)).containsOnly(State.APPLIED);
        } finally {
            TestServices.dropDatabase(missing);
        }
    }
}
