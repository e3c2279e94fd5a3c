package io.cdp.server.migrate;

import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.clickhouse.ClickHouseAccessException;
import io.cdp.server.clickhouse.ClickHouseCluster;
import io.cdp.server.clickhouse.ClickHouseSql;
import io.cdp.server.migrate.ClickHouseHistory.Entry;
import io.cdp.server.migrate.MigrationStatus.State;
import io.cdp.server.migrate.layout.TenantLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * ClickHouse migrations: runs {@code clickhouse/V{n}__name.sql} (and {@code U{n}__name.sql} for
 * {@code down}) statement by statement, with {@code ${PLACEHOLDERS}} resolved from the server's
 * capabilities, and records them in {@code cdp_schema_history} (see {@link ClickHouseHistory}).
 *
 * <p>ClickHouse DDL is not transactional: when statement 2 of 3 fails, statement 1 stays done.
 * The migration is then not recorded, the error names the statement, and running {@code up}
 * again after the fix re-runs the whole file, which is why migrations use
 * {@code CREATE TABLE IF NOT EXISTS} and the like. An applied file that changed since is
 * refused, as Flyway does for PostgreSQL.
 *
 * <p>{@code up} creates the database when it does not exist yet.
 *
 * <p>The {@code tables_per_workspace} migration moves rows, which SQL alone cannot do here (the
 * table names come from the data): after its file's statements, {@link TenantLayout} splits the
 * shared event tables per workspace; its undo merges them back before the undo file runs.
 *
 * <p>{@link #onCluster} migrates a ClickHouse cluster: each shard's local database on its own
 * (each keeps its own history), then each node's {@code Distributed} tables are made to match.
 */
public final class ClickHouseMigrations implements Migrations {
    private final ClickHouse clickHouse;
    private final ScriptSource scripts;
    private final ClickHouseHistory history;

    /** Migrations of {@code clickHouse}'s database; it is closed with this object. */
    public ClickHouseMigrations(ClickHouse clickHouse, ScriptSource scripts) {
        this.clickHouse = clickHouse;
        this.scripts = scripts;
        this.history = new ClickHouseHistory(clickHouse);
    }

    /**
     * The migrations of every shard of {@code cluster} (ON CLUSTER needs ZooKeeper, which a
     * cluster without replicas does not run): {@code up} and {@code down} run on each shard's
     * local database in {@code remote_servers} order, then {@link ClickHouseCluster#syncDistributedTables}
     * makes each node's {@code Distributed} tables match. Closes {@code cluster} when closed.
     */
    public static Migrations onCluster(ClickHouseCluster cluster, ScriptSource scripts) {
        return new OnCluster(cluster, cluster.shards().stream().map(shard -> new ClickHouseMigrations(shard, scripts))
                .toList());
    }

    @Override
    public MigrationTarget target() {
        return MigrationTarget.CLICKHOUSE;
    }

    @Override
    public String describe() {
        return clickHouse.describe();
    }

    @Override
    public List<MigrationStatus> status() {
        return guarded(() -> {
            if (!databaseExists()) {
                return statuses(Map.of());
            }
            return statuses(history.latest());
        });
    }

    @Override
    public List<MigrationStatus> up(Consumer<String> progress) {
        return guarded(() -> {
            if (!databaseExists()) {
                clickHouse.executeWithoutDatabase("CREATE DATABASE IF NOT EXISTS " + ClickHouseSql.identifier(clickHouse.database()));
                progress.accept("  created database " + clickHouse.database());
            }
            history.create();
            List<MigrationStatus> statuses = statuses(history.latest());
            for (MigrationStatus status : statuses) {
                if (status.state() == State.CHANGED) {
                    throw new MigrationException(scripts.describe(target()) + ": " + fileOf(status) + " changed after it"
                            + " was applied. Revert the edit and write a new migration for the change instead.", null);
                }
            }
            Map<String, String> placeholders = clickHouse.capabilities().placeholders();
            List<MigrationStatus> applied = new ArrayList<>();
            for (MigrationScript script : applyScripts().values()) {
                if (statusOf(statuses, script.version()).state() != State.PENDING) {
                    continue;
                }
                long started = System.nanoTime();
                run(script, Placeholders.resolve(script, placeholders), "up");
                if (script.name().equals(TenantLayout.MIGRATION_NAME)) {
                    moveRows(() -> TenantLayout.ofClickHouse(clickHouse, progress).split());
                }
                history.recordUp(script, script.checksum());
                MigrationStatus done = new MigrationStatus(target(), String.valueOf(script.version()),
                        script.description(), State.APPLIED, java.time.Instant.now());
                applied.add(done);
                progress.accept("  " + done.title() + ": applied in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            }
            return applied;
        });
    }

    @Override
    public Optional<MigrationStatus> down(Consumer<String> progress) {
        return guarded(() -> {
            if (!databaseExists()) {
                return Optional.empty();
            }
            Optional<Entry> latest = history.latest().values().stream().filter(Entry::applied)
                    .reduce((first, second) -> second);
            if (latest.isEmpty()) {
                return Optional.empty();
            }
            Entry entry = latest.get();
            MigrationScript undo = scripts.scripts(target()).stream()
                    .filter(script -> script.kind() == MigrationScript.Kind.UNDO && script.version() == entry.version())
                    .findFirst()
                    .orElseThrow(() -> new MigrationException("cannot revert V" + entry.version() + " " + entry.name()
                            + ": there is no U" + entry.version() + "__*.sql in " + scripts.describe(target())
                            + ". Write one that undoes V" + entry.version() + ", then run down again.", null));
            long started = System.nanoTime();
            if (undo.name().equals(TenantLayout.MIGRATION_NAME)) {
                moveRows(() -> TenantLayout.ofClickHouse(clickHouse, progress).merge());
            }
            run(undo, Placeholders.resolve(undo, clickHouse.capabilities().placeholders()), "down");
            history.recordDown(entry);
            MigrationStatus reverted = new MigrationStatus(target(), String.valueOf(entry.version()), entry.name(),
                    State.PENDING, null);
            progress.accept("  " + reverted.title() + ": reverted by " + undo.fileName() + " in "
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            return Optional.of(reverted);
        });
    }

    @Override
    public void close() {
        clickHouse.close();
    }

    private void run(MigrationScript script, String sql, String command) {
        List<String> statements = SqlStatements.split(sql);
        for (int i = 0; i < statements.size(); i++) {
            try {
                clickHouse.execute(statements.get(i));
            } catch (ClickHouseAccessException e) {
                if (e.retriable()) {
                    throw e;
                }
                String done = i == 0 ? "Nothing of it was applied." : "Statements 1-" + i + " of it were applied"
                        + " (ClickHouse DDL is not transactional); it is not recorded, so " + command
                        + " runs the whole file again: keep it re-runnable (IF NOT EXISTS / IF EXISTS).";
                throw new MigrationException("ClickHouse migration " + script.fileName() + " failed at statement "
                        + (i + 1) + " of " + statements.size() + ": " + e.getMessage() + ". " + done
                        + " Fix " + scripts.describe(target()) + "/" + script.fileName() + " and run " + command
                        + " again.", e);
            }
        }
    }

    /** Runs a move of {@link TenantLayout}, its refusal turned into this runner's error. */
    private static void moveRows(Runnable move) {
        try {
            move.run();
        } catch (TenantLayout.RefusedException e) {
            throw new MigrationException(e.getMessage(), e);
        }
    }

    private boolean databaseExists() {
        return clickHouse.databaseExists();
    }

    private Map<Integer, MigrationScript> applyScripts() {
        Map<Integer, MigrationScript> apply = new TreeMap<>();
        for (MigrationScript script : scripts.scripts(target())) {
            if (script.kind() == MigrationScript.Kind.APPLY) {
                apply.put(script.version(), script);
            }
        }
        return apply;
    }

    private List<MigrationStatus> statuses(Map<Integer, Entry> recorded) {
        Map<Integer, MigrationScript> files = applyScripts();
        TreeMap<Integer, MigrationStatus> statuses = new TreeMap<>();
        for (MigrationScript script : files.values()) {
            Entry entry = recorded.get(script.version());
            boolean applied = entry != null && entry.applied();
            State state = !applied ? State.PENDING : entry.checksum() == script.checksum() ? State.APPLIED : State.CHANGED;
            statuses.put(script.version(), new MigrationStatus(target(), String.valueOf(script.version()),
                    script.description(), state, applied ? entry.at() : null));
        }
        for (Entry entry : recorded.values()) {
            if (entry.applied() && !files.containsKey(entry.version())) {
                statuses.put(entry.version(), new MigrationStatus(target(), String.valueOf(entry.version()), entry.name(),
                        State.MISSING, entry.at()));
            }
        }
        return List.copyOf(statuses.values());
    }

    private static MigrationStatus statusOf(List<MigrationStatus> statuses, int version) {
        String wanted = String.valueOf(version);
        return statuses.stream().filter(status -> status.version().equals(wanted)).findFirst().orElseThrow();
    }

    private String fileOf(MigrationStatus status) {
        return applyScripts().get(Integer.parseInt(status.version())).fileName();
    }

    /** Turns "ClickHouse did not answer" into the operator's message; other failures pass through. */
    private <T> T guarded(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (ClickHouseAccessException e) {
            if (e.retriable()) {
                throw new MigrationException("ClickHouse at " + clickHouse.url() + " did not answer (" + e.getMessage()
                        + "): run ./cdp dev up, or point CDP_CLICKHOUSE_URL (or --config) at your ClickHouse", true, e);
            }
            throw new MigrationException("ClickHouse refused a migration command: " + e.getMessage(), e);
        }
    }

    /** {@link #onCluster}: one runner per shard, and the {@code Distributed} tables after each change. */
    private static final class OnCluster implements Migrations {
        private final ClickHouseCluster cluster;
        private final List<ClickHouseMigrations> shards;

        private OnCluster(ClickHouseCluster cluster, List<ClickHouseMigrations> shards) {
            this.cluster = cluster;
            this.shards = shards;
        }

        @Override
        public MigrationTarget target() {
            return shards.get(0).target();
        }

        @Override
        public String describe() {
            return cluster.describe();
        }

        /** Per version, the first shard where it is not applied, so a shard left behind shows. */
        @Override
        public List<MigrationStatus> status() {
            Map<String, MigrationStatus> merged = new java.util.LinkedHashMap<>();
            for (ClickHouseMigrations shard : shards) {
                for (MigrationStatus status : shard.status()) {
                    merged.merge(status.version(), status, (known, other) ->
                            known.state() == State.APPLIED && other.state() != State.APPLIED ? other : known);
                }
            }
            return List.copyOf(merged.values());
        }

        @Override
        public List<MigrationStatus> up(Consumer<String> progress) {
            List<MigrationStatus> applied = new ArrayList<>();
            for (ClickHouseMigrations shard : shards) {
                progress.accept("  shard " + shard.describe() + ":");
                List<MigrationStatus> done = shard.up(progress);
                if (applied.isEmpty()) {
                    applied.addAll(done);
                }
            }
            syncDistributedTables(progress);
            return applied;
        }

        @Override
        public Optional<MigrationStatus> down(Consumer<String> progress) {
            Optional<MigrationStatus> reverted = Optional.empty();
            for (ClickHouseMigrations shard : shards) {
                progress.accept("  shard " + shard.describe() + ":");
                Optional<MigrationStatus> done = shard.down(progress);
                reverted = reverted.isPresent() ? reverted : done;
            }
            syncDistributedTables(progress);
            return reverted;
        }

        private void syncDistributedTables(Consumer<String> progress) {
            try {
                cluster.syncDistributedTables(progress);
            } catch (ClickHouseAccessException e) {
                throw new MigrationException("ClickHouse cluster: the shards are migrated, the Distributed tables"
                        + " are not: " + e.getMessage(), e.retriable(), e);
            }
        }

        @Override
        public void close() {
            cluster.close(); // the shards' runners use the cluster's clients
        }
    }
}
