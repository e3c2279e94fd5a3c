package io.cdp.server.migrate;

import io.cdp.server.migrate.MigrationStatus.State;
import io.cdp.server.migrate.layout.TenantLayout;
import io.cdp.server.migrate.layout.WarehouseTenantLayout;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * PostgreSQL migrations: Flyway applies {@code V{n}__name.sql}; {@code down} is ours, since
 * Flyway's community edition has no undo. It runs the matching {@code U{n}__name.sql} and
 * deletes version n from Flyway's history table, both in one transaction, so a failing undo
 * changes nothing.
 *
 * <p>The U files sit next to the V files. Flyway's community edition does not know the U prefix
 * and, with {@code validateMigrationNaming} off (its default, set explicitly here), skips files
 * that are not V or R migrations; a test checks it.
 *
 * <p>{@code up} creates the database when it does not exist yet (the server never migrates).
 */
public final class PostgresMigrations implements Migrations {
    private static final Pattern JDBC_URL = Pattern.compile("^jdbc:postgresql://([^/?]*)/([^?]+)");
    /** PostgreSQL's SQLSTATE for "database does not exist". */
    private static final String INVALID_CATALOG = "3D000";

    private final MigrationTarget target;
    private final String url;
    private final String user;
    private final String password;
    private final ScriptSource scripts;
    private final String hostAndPort;
    private final String database;

    /** Migrations of the data model's database at {@code jdbc:postgresql://HOST:PORT/DB}. */
    public PostgresMigrations(String url, String user, String password, ScriptSource scripts) {
        this(MigrationTarget.POSTGRES, url, user, password, scripts);
    }

    /**
     * Migrations of {@code target} ({@link MigrationTarget#POSTGRES} or
     * {@link MigrationTarget#WAREHOUSE}, the PostgreSQL destination) at {@code url}.
     */
    public PostgresMigrations(MigrationTarget target, String url, String user, String password, ScriptSource scripts) {
        this.target = target;
        this.url = url;
        this.user = user;
        this.password = password == null ? "" : password;
        this.scripts = scripts;
        Matcher matcher = JDBC_URL.matcher(url);
        if (!matcher.find()) {
            throw new MigrationException("database.url must look like jdbc:postgresql://HOST:PORT/DATABASE, not "
                    + url + ": fix the configuration (CDP_PG_HOST, CDP_PG_PORT, CDP_PG_DATABASE)", null);
        }
        this.hostAndPort = matcher.group(1);
        this.database = matcher.group(2);
    }

    @Override
    public MigrationTarget target() {
        return target;
    }

    @Override
    public String describe() {
        return target.details().displayName() + " at " + hostAndPort + ", database " + database;
    }

    @Override
    public List<MigrationStatus> status() {
        if (!databaseExists()) {
            // Nothing applied yet: every script is pending, and `up` will create the database.
            return scripts.scripts(target()).stream()
                    .filter(script -> script.kind() == MigrationScript.Kind.APPLY)
                    .map(script -> new MigrationStatus(target(), String.valueOf(script.version()), script.description(),
                            State.PENDING, null))
                    .toList();
        }
        return Arrays.stream(flyway(null, line -> { }).info().all())
                .filter(info -> info.getState() != MigrationState.BASELINE) // the warehouse's starting point, no migration
                .map(this::status).toList();
    }

    @Override
    public List<MigrationStatus> up(Consumer<String> progress) {
        checkConnection(true);
        List<MigrationStatus> applied = new ArrayList<>();
        try {
            flyway(new ProgressCallback(progress, applied), progress).migrate();
        } catch (FlywayException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof TenantLayout.RefusedException own) { // its own message says what to do
                    throw new MigrationException(own.getMessage() + " (Nothing of that migration was applied: it runs"
                            + " in one transaction.)", e);
                }
            }
            throw new MigrationException(failureMessage(e), e);
        }
        return applied;
    }

    @Override
    public Optional<MigrationStatus> down(Consumer<String> progress) {
        checkConnection(false);
        Flyway flyway = flyway(null, progress);
        Optional<MigrationInfo> latest = Arrays.stream(flyway.info().applied())
                .filter(MigrationInfo::isVersioned)
                .filter(info -> info.getState() == MigrationState.SUCCESS || info.getState() == MigrationState.MISSING_SUCCESS)
                .max(Comparator.comparing(MigrationInfo::getVersion));
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        MigrationStatus reverted = status(latest.get());
        MigrationScript undo = undoScript(reverted);
        String historyTable = quoted(flyway.getConfiguration().getTable());
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement();
                 PreparedStatement forget = connection.prepareStatement(
                         "DELETE FROM " + historyTable + " WHERE version = ?")) {
                if (target == MigrationTarget.WAREHOUSE && undo.name().equals(TenantLayout.MIGRATION_NAME)) {
                    TenantLayout.ofPostgres(connection, progress).merge();
                }
                // pgjdbc runs a script of several statements in one execute (simple query protocol).
                statement.execute(undo.sql());
                forget.setString(1, reverted.version());
                if (forget.executeUpdate() != 1) {
                    throw new SQLException("version " + reverted.version() + " is not in " + historyTable);
                }
                connection.commit();
            } catch (TenantLayout.RefusedException e) {
                connection.rollback();
                throw new MigrationException(e.getMessage(), e);
            } catch (SQLException e) {
                connection.rollback();
                throw new MigrationException("PostgreSQL undo " + undo.fileName() + " failed, nothing was changed: "
                        + e.getMessage() + ". Fix " + scripts.describe(target()) + "/" + undo.fileName()
                        + " and run down again.", e);
            }
        } catch (SQLException e) {
            throw unreachable(e);
        }
        progress.accept("  " + reverted.title() + ": reverted by " + undo.fileName()
                + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        return Optional.of(reverted);
    }

    private MigrationScript undoScript(MigrationStatus reverted) {
        int version;
        try {
            version = Integer.parseInt(reverted.version());
        } catch (NumberFormatException e) {
            throw new MigrationException("cannot revert " + reverted.title() + ": only whole-number versions"
                    + " (V{n}__name.sql) have U files", e);
        }
        return scripts.scripts(target()).stream()
                .filter(script -> script.kind() == MigrationScript.Kind.UNDO && script.version() == version)
                .findFirst()
                .orElseThrow(() -> new MigrationException("cannot revert " + reverted.title() + ": there is no U"
                        + version + "__*.sql in " + scripts.describe(target()) + ". Write one that undoes V"
                        + version + ", then run down again.", null));
    }

    @Override
    public void close() {
        // Flyway and the undo open their connections per call.
    }

    /** Flyway on this database; {@code progress} hears what code migrations ({@link WarehouseTenantLayout}) do. */
    private Flyway flyway(BaseCallback callback, Consumer<String> progress) {
        var configuration = Flyway.configure()
                .dataSource(url, user, password)
                .locations(scripts.flywayLocation(target()))
                .validateMigrationNaming(false)
                .cleanDisabled(true);
        if (target == MigrationTarget.WAREHOUSE) {
            // The bulker made its tables before any migration: they are where version 0 leaves off.
            configuration.javaMigrations(new WarehouseTenantLayout(progress)).baselineOnMigrate(true).baselineVersion("0");
        }
        if (callback != null) {
            configuration.callbacks(callback);
        }
        return configuration.load();
    }

    private MigrationStatus status(MigrationInfo info) {
        Instant appliedAt = info.getInstalledOn() == null ? null : info.getInstalledOn().toInstant();
        String version = info.getVersion() == null ? "R" : info.getVersion().getVersion();
        return new MigrationStatus(target(), version, info.getDescription(), state(info.getState()), appliedAt);
    }

    private static State state(MigrationState state) {
        return switch (state) {
            case SUCCESS -> State.APPLIED;
            case PENDING -> State.PENDING;
            case MISSING_SUCCESS, MISSING_FAILED -> State.MISSING;
            case FAILED, FUTURE_FAILED -> State.FAILED;
            case OUTDATED -> State.CHANGED;
            default -> State.OTHER;
        };
    }

    /**
     * Fails early with an operator's message when PostgreSQL does not answer; with
     * {@code create}, makes the database when it does not exist.
     */
    private void checkConnection(boolean create) {
        if (!databaseExists()) {
            if (!create) {
                throw new MigrationException("PostgreSQL at " + hostAndPort + " has no database " + database
                        + " yet: run `cdp migrate up`, which creates it", null);
            }
            createDatabase();
        }
    }

    /** True when the database exists; a server that does not answer is an error that says what to do. */
    private boolean databaseExists() {
        try (Connection ignored = DriverManager.getConnection(url, user, password)) {
            return true;
        } catch (SQLException e) {
            if (INVALID_CATALOG.equals(e.getSQLState())) {
                return false;
            }
            throw unreachable(e);
        }
    }

    private void createDatabase() {
        String maintenance = url.replaceFirst("/" + Pattern.quote(database) + "(\\?|$)", "/postgres$1");
        try (Connection connection = DriverManager.getConnection(maintenance, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + quoted(database));
        } catch (SQLException e) {
            throw new MigrationException("PostgreSQL at " + hostAndPort + " has no database " + database
                    + " and creating it failed: " + e.getMessage() + ". Create it yourself (createdb " + database
                    + ") or give the user the CREATEDB right.", e);
        }
    }

    private MigrationException unreachable(SQLException e) {
        String reason = e.getSQLState() != null && e.getSQLState().startsWith("08")
                ? "refused the connection" : "could not be used";
        return new MigrationException("PostgreSQL at " + hostAndPort + " " + reason + " (" + firstLine(e.getMessage())
                + "): run ./cdp dev up, or point CDP_PG_HOST/CDP_PG_PORT (or --config) at your PostgreSQL", true, e);
    }

    private String failureMessage(FlywayException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Matcher sqlMessage = Pattern.compile("(?m)^Message\\s*:\\s*(.+)$").matcher(message);
        // Flyway 13 says "Failed to execute script V2__x.sql"; older ones "Migration V2__x.sql failed".
        Matcher script = Pattern.compile("Failed to execute script (\\S+\\.sql)|Migration (\\S+\\.sql) failed").matcher(message);
        if (script.find()) {
            String file = script.group(1) != null ? script.group(1) : script.group(2);
            String detail = sqlMessage.find() ? sqlMessage.group(1).strip() : firstLine(message);
            return "PostgreSQL migration " + file + " failed: " + detail + ". Nothing of it was applied"
                    + " (each migration runs in a transaction); fix " + scripts.describe(target()) + "/"
                    + file + " and run up again.";
        }
        if (message.contains("Validate failed")) {
            return "PostgreSQL migrations do not match the history: " + message.strip().replaceAll("\\s+", " ")
                    + ". Revert edits to applied migrations (write a new migration instead).";
        }
        return "PostgreSQL migration failed: " + message.strip().replaceAll("\\s+", " ");
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    /** Prints one line per migration as Flyway applies it and collects what was applied. */
    private final class ProgressCallback extends BaseCallback {
        private final Consumer<String> progress;
        private final List<MigrationStatus> applied;
        private long started;

        ProgressCallback(Consumer<String> progress, List<MigrationStatus> applied) {
            this.progress = progress;
            this.applied = applied;
        }

        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE;
        }

        @Override
        public void handle(Event event, Context context) {
            MigrationInfo info = context.getMigrationInfo();
            if (event == Event.BEFORE_EACH_MIGRATE) {
                started = System.nanoTime();
                return;
            }
            MigrationStatus status = new MigrationStatus(target(), info.getVersion() == null ? "R" : info.getVersion().getVersion(),
                    info.getDescription(), State.APPLIED, Instant.now());
            applied.add(status);
            progress.accept("  " + status.title() + ": applied in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        }
    }
}
