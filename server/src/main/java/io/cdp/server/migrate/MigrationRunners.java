package io.cdp.server.migrate;

import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.clickhouse.ClickHouseCluster;
import java.util.List;

/** Builds the {@link Migrations} of a target from where the configuration puts its database. */
public final class MigrationRunners {
    private MigrationRunners() {
    }

    /** The migrations of {@code target}'s database as configured; close it when done. */
    public static Migrations open(MigrationTarget target, MigrationDatabases databases, ScriptSource scripts) {
        return switch (target) {
            case POSTGRES -> new PostgresMigrations(databases.postgres().getUrl(), databases.postgres().getUser(),
                    databases.postgres().getPassword(), scripts);
            case CLICKHOUSE -> ClickHouseCluster.of(databases.clickhouse())
                    .map(cluster -> ClickHouseMigrations.onCluster(cluster, scripts))
                    .orElseGet(() -> new ClickHouseMigrations(new ClickHouse(databases.clickhouse()), scripts));
            case WAREHOUSE -> {
                if (!databases.has(MigrationTarget.WAREHOUSE)) {
                    throw new MigrationException("the PostgreSQL destination is off (bulker.postgres.enabled is false,"
                            + " CDP_BULKER_PG_ENABLED): there is nothing to migrate. Turn it on first, or leave out"
                            + " --target warehouse.", null);
                }
                yield new PostgresMigrations(MigrationTarget.WAREHOUSE, databases.warehouse().getUrl(),
                        databases.warehouse().getUser(), databases.warehouse().getPassword(), scripts);
            }
        };
    }

    /** Those of {@code targets} this configuration has: the PostgreSQL destination only when the bulker writes to it. */
    public static List<MigrationTarget> configured(List<MigrationTarget> targets, MigrationDatabases databases) {
        return targets.stream().filter(databases::has).toList();
    }
}
