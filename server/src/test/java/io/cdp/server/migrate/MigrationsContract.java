package io.cdp.server.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdp.server.migrate.MigrationStatus.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code cdp migrate} promises for every database, run against each real one by a
 * subclass. Each test gets a fresh, empty database of its own.
 */
abstract class MigrationsContract {
    @TempDir
    Path scripts;

    protected final List<String> progress = new ArrayList<>();

    /** Creates the fresh database the next {@link #open} uses. */
    abstract void createDatabase();

    abstract void dropDatabase();

    @BeforeEach
    void freshDatabase() {
        createDatabase();
    }

    @AfterEach
    void removeDatabase() {
        dropDatabase();
    }

    abstract MigrationTarget target();

    /** Migrations of this test's database, reading the given scripts. */
    abstract Migrations open(ScriptSource source);

    /** Migrations of a server that does not answer. */
    abstract Migrations openUnreachable();

    abstract boolean tableExists(String table);

    /** One statement that creates a small table. */
    abstract String createTable(String table);

    /** SQL the server refuses. */
    String brokenStatement() {
        return "CREATE TABLE broken (";
    }

    void write(String fileName, String sql) throws IOException {
        Path folder = scripts.resolve(target().details().folder());
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(fileName), sql);
    }

    /** Migrations of this test's database, reading the scripts {@link #write} wrote. */
    Migrations openScripts() {
        return open(ScriptSource.directory(scripts));
    }

    static List<State> states(Migrations migrations) {
        return migrations.status().stream().map(MigrationStatus::state).toList();
    }

    /** Asserts that {@code call} fails with a {@link MigrationException} whose message has each of {@code parts}. */
    static void assertRefused(ThrowingCallable call, String... parts) {
        assertThatThrownBy(call).isInstanceOf(MigrationException.class).hasMessageContainingAll(parts);
    }

    @Test
    void builtInMigrationsGoUpDownAndUpAgain() {
        try (Migrations migrations = open(ScriptSource.builtIn())) {
            List<MigrationStatus> before = migrations.status();
            assertThat(before).isNotEmpty().allMatch(status -> status.state() == State.PENDING);

            List<MigrationStatus> applied = migrations.up(progress::add);
            assertThat(applied).extracting(MigrationStatus::version)
                    .containsExactlyElementsOf(before.stream().map(MigrationStatus::version).toList());
            assertThat(progress).hasSize(before.size()).allMatch(line -> line.contains("applied in"));
            assertThat(migrations.status()).allMatch(status -> status.state() == State.APPLIED && status.appliedAt() != null);
            assertThat(migrations.up(progress::add)).as("second up").isEmpty();

            MigrationStatus latest = before.get(before.size() - 1);
            assertThat(migrations.down(progress::add)).map(MigrationStatus::version).contains(latest.version());
            List<MigrationStatus> afterDown = migrations.status();
            assertThat(afterDown.get(afterDown.size() - 1).state()).isEqualTo(State.PENDING);
            assertThat(afterDown.subList(0, afterDown.size() - 1)).allMatch(status -> status.state() == State.APPLIED);

            assertThat(migrations.up(progress::add)).extracting(MigrationStatus::version).containsExactly(latest.version());
            assertThat(states(migrations)).containsOnly(State.APPLIED);
        }
    }

    @Test
    void downRevertsLatestFirstUntilNothingIsLeft() throws IOException {
        write("V1__first.sql", createTable("first_table") + ";\n");
        write("U1__first.sql", "DROP TABLE first_table;\n");
        write("V2__second.sql", createTable("second_table") + ";\n");
        write("U2__second.sql", "DROP TABLE second_table;\n");
        try (Migrations migrations = openScripts()) {
            assertThat(migrations.up(progress::add)).extracting(MigrationStatus::title)
                    .containsExactly("V1 first", "V2 second");
            assertThat(tableExists("first_table") && tableExists("second_table")).isTrue();

            assertThat(migrations.down(progress::add)).map(MigrationStatus::version).contains("2");
            assertThat(tableExists("second_table")).isFalse();
            assertThat(tableExists("first_table")).isTrue();
            assertThat(states(migrations)).containsExactly(State.APPLIED, State.PENDING);

            assertThat(migrations.down(progress::add)).map(MigrationStatus::version).contains("1");
            assertThat(tableExists("first_table")).isFalse();
            assertThat(migrations.down(progress::add)).as("down with nothing applied").isEmpty();
            assertThat(states(migrations)).containsExactly(State.PENDING, State.PENDING);

            assertThat(migrations.up(progress::add)).hasSize(2);
            assertThat(tableExists("first_table") && tableExists("second_table")).isTrue();
        }
        assertThat(progress).anyMatch(line -> line.contains("V2 second: reverted by U2__second.sql"));
    }

    @Test
    void downWithNothingAppliedChangesNothing() throws IOException {
        write("V1__first.sql", createTable("first_table") + ";\n");
        write("U1__first.sql", "DROP TABLE first_table;\n");
        try (Migrations migrations = openScripts()) {
            assertThat(migrations.down(progress::add)).isEmpty();
            assertThat(progress).isEmpty();
            assertThat(states(migrations)).containsExactly(State.PENDING);
        }
    }

    @Test
    void failingMigrationSaysWhichFileAndWhatToDoAndKeepsEarlierOnes() throws IOException {
        write("V1__good.sql", createTable("good_table") + ";\n");
        write("V2__bad.sql", brokenStatement() + ";\n");
        try (Migrations migrations = openScripts()) {
            assertThatThrownBy(() -> migrations.up(progress::add))
                    .isInstanceOfSatisfying(MigrationException.class, e -> {
                        assertThat(e.unreachable()).isFalse();
                        assertThat(e.getMessage()).contains("V2__bad.sql", "failed", "run up again");
                    });
            assertThat(states(migrations)).containsExactly(State.APPLIED, State.PENDING);
            assertThat(tableExists("good_table")).isTrue();
        }
    }

    @Test
    void downWithoutUndoFileSaysWhichFileToWrite() throws IOException {
        write("V1__no_undo.sql", createTable("kept_table") + ";\n");
        try (Migrations migrations = openScripts()) {
            migrations.up(progress::add);
            assertRefused(() -> migrations.down(progress::add), "no U1__*.sql");
            assertThat(states(migrations)).containsExactly(State.APPLIED);
            assertThat(tableExists("kept_table")).isTrue();
        }
    }

    @Test
    void unreachableServerSaysHowToStartIt() {
        try (Migrations migrations = openUnreachable()) {
            assertThatThrownBy(migrations::status)
                    .isInstanceOfSatisfying(MigrationException.class, e -> {
                        assertThat(e.unreachable()).isTrue();
                        assertThat(e.getMessage()).contains(target().details().displayName(), "./cdp dev up");
                    });
        }
    }

}
