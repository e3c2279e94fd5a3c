package io.cdp.server.migrate;

import io.cdp.server.CdpConfiguration;
import io.cdp.server.clickhouse.ClickHouse;
import io.dropwizard.db.DataSourceFactory;
import java.util.List;

/** Builds the {@link Migrations} of a target from the server's configuration. */
public final class MigrationRunners {
    private MigrationRunners() {
    }

    /** The migrations of {@code target}'s database as configured; close it when done. */
    public static Migrations open(MigrationTarget target, CdpConfiguration config, ScriptSource scripts) {
        return switch (target) {
            case POSTGRES -> {
                DataSourceFactory database = config.database();
                yield new PostgresMigrations(database.getUrl(), database.getUser(), database.getPassword(), scripts);
            }
            case CLICKHOUSE -> new ClickHouseMigrations(new ClickHouse(config.clickhouse()), scripts);
            case WAREHOUSE -> {
                if (!config.bulker().postgres().enabled()) {
                    throw new MigrationException("the PostgreSQL destination is off (bulker.postgres.enabled is false,"
                            + " CDP_BULKER_PG_ENABLED): there is nothing to migrate. Turn it on first, or leave out"
                            + " --target warehouse.", null);
                }
                DataSourceFactory database = config.bulker().postgres().database();
                yield new PostgresMigrations(MigrationTarget.WAREHOUSE, database.getUrl(), database.getUser(),
                        database.getPassword(), scripts);
            }
        };
    }

    /**
     * Those of {@code targets} this configuration has: the PostgreSQL destination only when the
     * bulker writes to it.
     */
    public static List<MigrationTarget> configured(List<MigrationTarget> targets, CdpConfiguration config) {
        return targets.stream()
                .filter(target -> target != MigrationTarget.WAREHOUSE || config.bulker().postgres().enabled())
                .toList();
    }
}
