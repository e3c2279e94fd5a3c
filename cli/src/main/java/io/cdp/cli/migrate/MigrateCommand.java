package io.cdp.cli.migrate;

import io.cdp.cli.command.CommandGroup;
import io.cdp.cli.command.ExitCodes;
import io.cdp.cli.command.Table;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.migrate.MigrationException;
import io.cdp.server.migrate.MigrationFiles;
import io.cdp.server.migrate.MigrationDatabases;
import io.cdp.server.migrate.MigrationRunners;
import io.cdp.server.migrate.MigrationStatus;
import io.cdp.server.migrate.MigrationTarget;
import io.cdp.server.migrate.Migrations;
import io.dropwizard.configuration.ConfigurationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cdp migrate}: applies, reverts and lists the PostgreSQL and ClickHouse migrations,
 * without a running server (the server never migrates by itself). See docs/migrations.md.
 */
@Command(
        name = "migrate",
        header = "Apply, revert and list database migrations (PostgreSQL and ClickHouse).",
        description = {
                "PostgreSQL scripts are migrations/V{n}__name.sql (applied by Flyway), ClickHouse scripts"
                        + " clickhouse/V{n}__name.sql. The U{n}__name.sql of each undoes it. The PostgreSQL"
                        + " destination (bulker.postgres, target warehouse, scripts in warehouse/) is migrated too"
                        + " when it is on.",
                "The server never migrates: run `cdp migrate up` before starting it, and after pulling"
                        + " new migrations. Details: docs/migrations.md."},
        subcommands = {MigrateCommand.Up.class, MigrateCommand.Down.class, MigrateCommand.Status.class,
                MigrateCommand.New.class},
        footer = {"  ./cdp migrate up", "  ./cdp migrate status --target clickhouse",
                "  ./cdp migrate down --target pg", "  ./cdp migrate new add_orders --target pg"})
public class MigrateCommand extends CommandGroup {
    static final String EXIT_HEADING = "Exit codes:%n";
    static final String EXIT_OK = ExitCodes.OK + ":done";
    static final String EXIT_FAILED = ExitCodes.REFUSED
            + ":a migration failed, or the history does not match the files (the message says what to do)";
    static final String EXIT_USAGE = ExitCodes.USAGE + ":invalid command line or configuration";
    static final String EXIT_UNREACHABLE = ExitCodes.UNREACHABLE
            + ":a database did not answer (start the local ones with ./cdp dev up)";

    /**
     * A subcommand that works on each database of {@link #targets()} in turn (up, down, status),
     * its failures turned into a message and an exit code instead of a stack trace.
     */
    @Command(exitCodeListHeading = EXIT_HEADING, exitCodeList = {EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_UNREACHABLE})
    abstract static class OnEachDatabase implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin MigrateOptions options;

        /** The databases to work on, in order. */
        abstract List<MigrationTarget> targets();

        /** True when a failure on one database ends the run (up, down); status goes on to the next. */
        boolean stopAtFailure() {
            return true;
        }

        /** What the subcommand does to one database. */
        abstract void run(Migrations migrations, PrintWriter out);

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            CdpConfiguration config;
            try {
                config = options.config.load();
            } catch (ConfigurationException | IOException e) {
                err.println("cdp: cannot read the configuration " + options.config.file() + ": " + e.getMessage().strip());
                err.println("Fix it (or the environment variables it reads; see docs/operations.md), or pass --config FILE.");
                err.flush();
                return ExitCodes.USAGE;
            }
            int exitCode = ExitCodes.OK;
            MigrationDatabases databases = config.migrationDatabases();
            List<MigrationTarget> chosen = targets().size() > 1 ? MigrationRunners.configured(targets(), databases)
                    : targets();
            for (MigrationTarget target : chosen) {
                try (Migrations migrations = MigrationRunners.open(target, databases, options.scriptSource())) {
                    out.println(migrations.describe());
                    out.flush();
                    run(migrations, out);
                    out.flush();
                } catch (MigrationException e) {
                    out.flush();
                    err.println("cdp: " + e.getMessage());
                    err.flush();
                    exitCode = Math.max(exitCode, e.unreachable() ? ExitCodes.UNREACHABLE : ExitCodes.REFUSED);
                    if (stopAtFailure()) {
                        break;
                    }
                }
            }
            return exitCode;
        }

        /** Progress of {@code up} and {@code down}: each line printed as it comes. */
        static Consumer<String> printing(PrintWriter out) {
            return line -> {
                out.println(line);
                out.flush();
            };
        }
    }

    /** {@code --target}, all databases when not given (up, status). */
    abstract static class OnAllDatabasesByDefault extends OnEachDatabase {
        @Option(names = {"-t", "--target"}, paramLabel = "pg|clickhouse|warehouse|all", defaultValue = "all",
                description = "Which database (default: ${DEFAULT-VALUE}).")
        MigrateOptions.Target target;

        @Override
        List<MigrationTarget> targets() {
            return target.targets();
        }
    }

    @Command(
            name = "up",
            header = "Apply every pending migration, oldest first.",
            description = "Creates the database first when it does not exist. Prints one line per migration as"
                    + " it is applied. A failing migration stops the run; the message names the file.",
            footer = {"  ./cdp migrate up", "  ./cdp migrate up --target clickhouse",
                    "  CDP_PG_DATABASE=cdp_test ./cdp migrate up --target pg",
                    "  ./cdp migrate up --config /etc/cdp/cdp.yml"})
    static class Up extends OnAllDatabasesByDefault {
        @Override
        void run(Migrations migrations, PrintWriter out) {
            List<MigrationStatus> applied = migrations.up(printing(out));
            out.println(applied.isEmpty() ? "  up to date: nothing to apply"
                    : "  " + applied.size() + " migration(s) applied, now at V" + applied.get(applied.size() - 1).version());
        }
    }

    @Command(
            name = "down",
            header = "Revert the latest applied migration (runs its U{n}__name.sql).",
            description = "Runs U{n}__name.sql of the latest applied version and removes that version from the"
                    + " history, so `up` applies it again. --target is required: on ClickHouse, reverting the"
                    + " events table drops the stored events.",
            footer = {"  ./cdp migrate down --target pg", "  ./cdp migrate down --target clickhouse",
                    "  ./cdp migrate down --target warehouse   (the PostgreSQL destination)",
                    "  ./cdp migrate down --target all      (the latest of each)"})
    static class Down extends OnEachDatabase {
        @Option(names = {"-t", "--target"}, paramLabel = "pg|clickhouse|warehouse|all", required = true,
                description = "Which database to step back.")
        MigrateOptions.Target target;

        @Override
        List<MigrationTarget> targets() {
            return target.targets();
        }

        @Override
        void run(Migrations migrations, PrintWriter out) {
            Optional<MigrationStatus> reverted = migrations.down(printing(out));
            if (reverted.isEmpty()) {
                out.println("  nothing to revert: no migration is applied");
            }
        }
    }

    @Command(
            name = "status",
            header = "List the migrations of each database and their state.",
            description = {"States: applied; pending (`up` applies it); changed (applied, but the file was"
                    + " edited since: `up` refuses, revert the edit); missing (applied, but the file is gone);"
                    + " failed."},
            footer = {"  ./cdp migrate status", "  ./cdp migrate status --target pg"})
    static class Status extends OnAllDatabasesByDefault {
        private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
                .withZone(ZoneOffset.UTC);

        @Override
        boolean stopAtFailure() {
            return false;
        }

        @Override
        void run(Migrations migrations, PrintWriter out) {
            List<MigrationStatus> statuses = migrations.status();
            if (statuses.isEmpty()) {
                out.println("  no migrations");
                return;
            }
            new Table("  VERSION", "NAME", "STATE", "APPLIED AT").rows(statuses, status -> new String[] {
                    "  " + status.version(), status.description(), status.state().label(),
                    status.appliedAt() == null ? "-" : WHEN.format(status.appliedAt().truncatedTo(ChronoUnit.SECONDS))})
                    .print(out);
        }
    }

    @Command(
            name = "new",
            header = "Create the next migration: V{n}__NAME.sql and its undo U{n}__NAME.sql.",
            description = "Writes into migrations/ (pg) or clickhouse/ of the checkout, which is DIR of --scripts,"
                    + " else $CDP_HOME (the ./cdp launcher sets it). n is one more than the highest version there.",
            exitCodeListHeading = EXIT_HEADING,
            exitCodeList = {"0:created (the paths are printed)", "1:the files could not be written",
                    "2:invalid name or no checkout to write into"},
            footer = {"  ./cdp migrate new add_orders", "  ./cdp migrate new session_table --target clickhouse"})
    static class New implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Option(names = "--scripts", paramLabel = "DIR",
                description = "The checkout holding migrations/ and clickhouse/ (default: $CDP_HOME).")
        Path scripts;

        @Parameters(paramLabel = "NAME", description = "What the migration does, in snake case (add_orders).")
        String name;

        @Option(names = {"-t", "--target"}, paramLabel = "pg|clickhouse|warehouse|all", defaultValue = "pg",
                description = "Which database the migration is for (default: ${DEFAULT-VALUE}; all: one pair each).")
        MigrateOptions.Target target;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path root = scripts;
            if (root == null) {
                String home = System.getenv("CDP_HOME");
                if (home == null || home.isBlank()) {
                    err.println("cdp: no checkout to write into: run this through ./cdp (it sets CDP_HOME),"
                            + " or pass --scripts DIR (the folder holding migrations/ and clickhouse/).");
                    err.flush();
                    return ExitCodes.USAGE;
                }
                root = Path.of(home);
            }
            try {
                // A new migration for "all" is one for each database whose tables migrations define.
                for (MigrationTarget each : target == MigrateOptions.Target.ALL
                        ? List.of(MigrationTarget.POSTGRES, MigrationTarget.CLICKHOUSE) : target.targets()) {
                    MigrationFiles.Pair pair = MigrationFiles.create(each, root, name);
                    out.println("Created " + each.details().displayName() + " migration:");
                    out.println("  " + pair.apply());
                    out.println("  " + pair.undo());
                }
                out.println("Write the change in the V file and its exact reverse in the U file, then run ./cdp migrate up.");
                out.flush();
                return ExitCodes.OK;
            } catch (MigrationException e) {
                err.println("cdp: " + e.getMessage());
                err.flush();
                return ExitCodes.USAGE;
            } catch (java.io.UncheckedIOException e) {
                err.println("cdp: " + e.getMessage() + " (" + e.getCause().getMessage() + ")");
                err.flush();
                return ExitCodes.REFUSED;
            }
        }
    }
}
