package io.cdp.server.migrate;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the server's databases stand against the migrations built into it, for the management
 * API: per database, what is applied and what is pending, as {@code cdp migrate status} shows it.
 * Opens a short-lived connection per call; a database that cannot be reached is reported as such,
 * not as a failure of the call. Thread-safe.
 */
public class MigrationStatusService {
    private final MigrationDatabases databases;

    public MigrationStatusService(MigrationDatabases databases) {
        this.databases = databases;
    }

    public List<DatabaseStatus> status() {
        List<DatabaseStatus> statuses = new ArrayList<>();
        for (MigrationTarget target : MigrationRunners.configured(List.of(MigrationTarget.values()), databases)) {
            statuses.add(status(target));
        }
        return statuses;
    }

    private DatabaseStatus status(MigrationTarget target) {
        try (Migrations migrations = MigrationRunners.open(target, databases, ScriptSource.builtIn())) {
            List<MigrationStatus> all = migrations.status();
            String latest = null;
            int pending = 0;
            List<String> problems = new ArrayList<>();
            for (MigrationStatus migration : all) {
                switch (migration.state()) {
                    case APPLIED -> latest = migration.version();
                    case PENDING -> pending++;
                    default -> problems.add(migration.title() + ": " + migration.state().label());
                }
            }
            return new DatabaseStatus(target.name().toLowerCase(java.util.Locale.ROOT), migrations.describe(),
                    latest, all.size() - pending - problems.size(), pending, problems, null);
        } catch (RuntimeException unreachable) {
            return new DatabaseStatus(target.name().toLowerCase(java.util.Locale.ROOT), null, null, 0, 0, List.of(),
                    unreachable.getMessage() == null ? unreachable.getClass().getSimpleName() : unreachable.getMessage());
        }
    }

    /**
     * One database: {@code latest} applied version, how many are applied and pending, the
     * migrations in another state, or {@code error} when it could not be asked.
     */
    public record DatabaseStatus(@JsonProperty("database") String database,
                                 @JsonProperty("where") String where,
                                 @JsonProperty("latest") String latest,
                                 @JsonProperty("applied") int applied,
                                 @JsonProperty("pending") int pending,
                                 @JsonProperty("problems") List<String> problems,
                                 @JsonProperty("error") String error) {
    }
}
