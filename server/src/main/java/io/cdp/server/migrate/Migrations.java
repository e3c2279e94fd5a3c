package io.cdp.server.migrate;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The migrations of one database: what {@code cdp migrate up | down | status} do to it.
 * {@link PostgresMigrations} (Flyway plus our undo) and {@link ClickHouseMigrations} (our own
 * runner) implement it; both read {@code V{n}__name.sql} and {@code U{n}__name.sql} scripts.
 *
 * <p>Methods throw {@link MigrationException} with a message that says what to do next.
 * Progress lines (one per migration applied or reverted) go to the given consumer as they
 * happen. Not thread-safe; never run two migration commands against one database at once.
 *
 * <pre>{@code
 * try (Migrations migrations = MigrationRunners.open(MigrationTarget.POSTGRES, config.migrationDatabases(),
 *         ScriptSource.builtIn())) {
 *     migrations.up(System.out::println);
 *     migrations.status().forEach(System.out::println);
 * }
 * }</pre>
 */
public interface Migrations extends AutoCloseable {
    /** Which database this is. */
    MigrationTarget target();

    /** Where it is ("PostgreSQL at 127.0.0.1:15432, database cdp"), for headings and messages. */
    String describe();

    /** Every migration known from the scripts or the history, in version order. */
    List<MigrationStatus> status();

    /** Applies every pending migration in version order; returns those applied (empty when up to date). */
    List<MigrationStatus> up(Consumer<String> progress);

    /**
     * Reverts the latest applied migration by running its {@code U{n}__name.sql} and removing it
     * from the history; empty when nothing is applied.
     */
    Optional<MigrationStatus> down(Consumer<String> progress);

    @Override
    void close();
}
