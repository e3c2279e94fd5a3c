package io.cdp.server.migrate;

import io.cdp.server.CdpConfiguration;
import io.cdp.server.clickhouse.ClickHouse;
import io.dropwizard.db.DataSourceFactory;

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
        };
    }
}
