package io.cdp.cli.migrate;

import io.cdp.cli.command.ExitCodes;
import io.cdp.cli.CdpRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.testing.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cdp migrate} end to end: real PostgreSQL and ClickHouse, databases of this class's own. */
class MigrateCommandTest {
    private static final String PG_DATABASE = TestServices.uniqueName("migrate_test_cli");
    private static final String CH_DATABASE = TestServices.uniqueName("migrate_test_cli");

    @TempDir
    static Path folder;
    private static Path config;

    @BeforeAll
    static void writeConfig() throws IOException {
        config = writeConfig("cdp.yml", TestServices.jdbcUrl(PG_DATABASE), TestServices.CLICKHOUSE_URL);
    }

    @AfterAll
    static void dropDatabases() {
        TestServices.dropDatabase(PG_DATABASE);
        TestServices.dropClickHouseDatabase(CH_DATABASE);
    }

    private static Path writeConfig(String name, String jdbcUrl, String clickHouseUrl) throws IOException {
        return Files.writeString(folder.resolve(name), String.join("\n",
                "adminToken: migrate-cli-test-token-0123",
                "database:",
                "  driverClass: org.postgresql.Driver",
                "  url: " + jdbcUrl,
                "  user: " + TestServices.PG_USER,
                "clickhouse:",
                "  url: " + clickHouseUrl,
                "  database: " + CH_DATABASE,
                ""));
    }

    private static CdpRun cdp(String... args) {
        return CdpRun.of(args);
    }

    /** Runs {@code cdp args} and asserts it succeeded (showing its errors when not); returns what it printed. */
    private static String succeeds(String... args) {
        CdpRun run = cdp(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.out();
    }

    @Test
    void upStatusDownAndUpAgainOnBothDatabases() {
        String up = succeeds("migrate", "up", "--config", config.toString());
        assertThat(up).contains("PostgreSQL at 127.0.0.1:", "database " + PG_DATABASE,
                "V1 data model: applied in", "created database " + CH_DATABASE, "V1 events: applied in",
                "V2 identities: applied in", "V3 tables per workspace: applied in", "3 migration(s) applied, now at V3")
                .doesNotContain("PostgreSQL destination");

        CdpRun again = cdp("migrate", "up", "--config", config.toString());
        assertThat(again.out()).contains("up to date: nothing to apply").doesNotContain("applied in");

        String status = succeeds("migrate", "status", "--config", config.toString());
        assertThat(status).containsPattern("VERSION +NAME +STATE +APPLIED AT")
                .containsPattern("1 +data model +applied +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC")
                .containsPattern("2 +identities +applied");

        String down = succeeds("migrate", "down", "--target", "clickhouse", "--config", config.toString());
        assertThat(down).contains("V3 tables per workspace: reverted by U3__tables_per_workspace.sql")
                .doesNotContain("PostgreSQL");
        assertThat(cdp("migrate", "status", "-t", "clickhouse", "--config", config.toString()).out())
                .containsPattern("2 +identities +applied").containsPattern("3 +tables per workspace +pending +-");

        String pgDown = succeeds("migrate", "down", "--target", "pg", "--config", config.toString());
        java.util.regex.Matcher reverted = java.util.regex.Pattern.compile("  V(\\d+) (.+): reverted by U\\1__\\w+\\.sql")
                .matcher(pgDown);
        assertThat(reverted.find()).as(pgDown).isTrue();

        String upAgain = succeeds("migrate", "up", "--config", config.toString());
        assertThat(upAgain).contains("V" + reverted.group(1) + " " + reverted.group(2) + ": applied in",
                "V3 tables per workspace: applied in").doesNotContain("V1 events");
    }

    @Test
    void downWithNothingAppliedSaysSo() throws IOException {
        String empty = TestServices.createDatabase("migrate_test_cli_empty");
        try {
            Path emptyConfig = writeConfig("empty.yml", TestServices.jdbcUrl(empty), TestServices.CLICKHOUSE_URL);
            String nothing = succeeds("migrate", "down", "--target", "pg", "--config", emptyConfig.toString());
            assertThat(nothing).contains("nothing to revert: no migration is applied");
        } finally {
            TestServices.dropDatabase(empty);
        }
    }

    @Test
    void thePostgresDestinationIsMigratedWhenItIsOn() throws IOException {
        CdpRun off = cdp("migrate", "up", "--target", "warehouse", "--config", config.toString());
        assertThat(off.exitCode()).isEqualTo(ExitCodes.REFUSED);
        assertThat(off.err()).contains("the PostgreSQL destination is off", "bulker.postgres.enabled");

        String warehouse = TestServices.createDatabase("migrate_test_cli_wh");
        try {
            Path withWarehouse = Files.writeString(folder.resolve("warehouse.yml"), Files.readString(config)
                    + String.join("\n", "bulker:", "  postgres:", "    enabled: true", "    database:",
                    "      url: " + TestServices.jdbcUrl(warehouse), "      user: " + TestServices.PG_USER, ""));
            String up = succeeds("migrate", "up", "--config", withWarehouse.toString());
            assertThat(up).contains("PostgreSQL destination at 127.0.0.1:", "database " + warehouse,
                    "V1 tables per workspace: applied in");
            CdpRun status = cdp("migrate", "status", "-t", "warehouse", "--config", withWarehouse.toString());
            assertThat(status.out()).containsPattern("1 +tables per workspace +applied");
            String down = succeeds("migrate", "down", "-t", "warehouse", "--config", withWarehouse.toString());
            assertThat(down).contains("V1 tables per workspace: reverted by U1__tables_per_workspace.sql");
        } finally {
            TestServices.dropDatabase(warehouse);
        }
    }

    @Test
    void downWithoutTargetIsRefused() {
        CdpRun down = cdp("migrate", "down", "--config", config.toString());
        assertThat(down.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(down.err()).contains("--target");
    }

    @Test
    void failingMigrationNamesTheFileAndExitsOne() throws IOException {
        Path scripts = folder.resolve("broken");
        Files.createDirectories(scripts.resolve("clickhouse"));
        Files.writeString(scripts.resolve("clickhouse/V1__broken.sql"), "CREATE TABLE broken (;\n");
        Path brokenConfig = writeConfig("broken.yml", TestServices.jdbcUrl(PG_DATABASE), TestServices.CLICKHOUSE_URL)
                .resolveSibling("broken.yml");
        String brokenDatabase = TestServices.uniqueName("migrate_test_cli_broken");
        try {
            Files.writeString(brokenConfig, Files.readString(brokenConfig).replace(CH_DATABASE, brokenDatabase));
            CdpRun up = cdp("migrate", "up", "--target", "clickhouse", "--scripts", scripts.toString(),
                    "--config", brokenConfig.toString());
            assertThat(up.exitCode()).isEqualTo(ExitCodes.REFUSED);
            assertThat(up.err()).startsWith("cdp: ClickHouse migration V1__broken.sql failed at statement 1 of 1")
                    .contains("run up again").doesNotContain("\tat ");
        } finally {
            TestServices.dropClickHouseDatabase(brokenDatabase);
        }
    }

    @Test
    void unreachableDatabaseSaysHowToStartIt() throws IOException {
        Path nowhere = writeConfig("nowhere.yml", "jdbc:postgresql://127.0.0.1:1/cdp", "http://127.0.0.1:1");
        CdpRun status = cdp("migrate", "status", "--config", nowhere.toString());
        assertThat(status.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        // status goes on to the second database when the first does not answer.
        assertThat(status.err()).contains("PostgreSQL at 127.0.0.1:1 refused the connection", "run ./cdp dev up",
                "ClickHouse at http://127.0.0.1:1 did not answer");

        CdpRun up = cdp("migrate", "up", "--config", nowhere.toString());
        assertThat(up.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(up.err()).contains("PostgreSQL").doesNotContain("ClickHouse");
    }

    @Test
    void invalidConfigurationNamesTheSetting() throws IOException {
        Path bad = Files.writeString(folder.resolve("bad.yml"), "adminToken: short\n");
        CdpRun status = cdp("migrate", "status", "--config", bad.toString());
        assertThat(status.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(status.err()).contains("adminToken", "Fix it");
    }

    @Test
    void newCreatesTheNextPairAndPrintsItsPaths() throws IOException {
        Path checkout = folder.resolve("checkout");
        Files.createDirectories(checkout.resolve("clickhouse"));
        Files.writeString(checkout.resolve("clickhouse/V1__events.sql"), "");
        Files.writeString(checkout.resolve("clickhouse/U1__events.sql"), "");

        String created = succeeds("migrate", "new", "add sessions", "--target", "clickhouse", "--scripts", checkout.toString());
        Path apply = checkout.resolve("clickhouse/V2__add_sessions.sql");
        Path undo = checkout.resolve("clickhouse/U2__add_sessions.sql");
        assertThat(created).contains(apply.toString(), undo.toString());
        assertThat(apply).exists();
        assertThat(undo).exists();

        CdpRun pg = cdp("migrate", "new", "first", "--scripts", checkout.toString());
        assertThat(pg.out()).contains(checkout.resolve("migrations/V1__first.sql").toString());

        CdpRun bad = cdp("migrate", "new", "no;way", "--scripts", checkout.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("'no;way'");
    }

    @Test
    void helpOfEachCommandHasExamplesAndExitCodes() {
        for (String command : new String[] {"up", "down", "status", "new"}) {
            CdpRun help = cdp("migrate", command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).as(command).contains("Examples:", "./cdp migrate " + command, "Exit codes:");
        }
        for (String command : new String[] {"up", "down", "status"}) { // the exit codes their common base lists
            assertThat(cdp("migrate", command, "--help").out()).as(command)
                    .contains("a migration failed", "invalid command line", "a database did not answer");
        }
        assertThat(cdp("--help").out()).contains("migrate");
    }
}
