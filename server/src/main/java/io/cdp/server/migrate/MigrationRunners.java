package io.cdp.server.migrate;

import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.config.ClickHouseConfig;
import io.dropwizard.db.DataSourceFactory;

/**
 * Builds the {@link Migrations} of a target from the server's configuration sections (the
 * sections, not the whole configuration, so that the management API can show the status without
 * this package depending on the application's).
 */
public final class MigrationRunners {
    private MigrationRunners() {
    }

    /** The migrations of {@code target}'s database as configured; close it when done. */
    public static Migrations open(MigrationTarget target, DataSourceFactory database, ClickHouseConfig clickhouse,
                                  ScriptSource scripts) {
        return switch (target) {
            case POSTGRES -> new PostgresMigrations(database.getUrl(), database.getUser(), database.getPassword(),
                    scripts);
            case CLICKHOUSE -> new ClickHouseMigrations(new ClickHouse(clickhouse), scripts);
        };
    }
}
