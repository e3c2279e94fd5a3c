package io.cdp.server.migrate;

import io.cdp.server.config.ClickHouseConfig;
import io.dropwizard.db.DataSourceFactory;

/**
 * Where each migration target's database is, taken from the server's configuration sections
 * (the sections, not the whole configuration, so that this package does not depend on the
 * application's): PostgreSQL, ClickHouse, and the PostgreSQL destination, {@code warehouse},
 * null when the bulker does not write to it.
 */
public record MigrationDatabases(DataSourceFactory postgres, ClickHouseConfig clickhouse, DataSourceFactory warehouse) {
    /** Whether this configuration has {@code target}'s database. */
    public boolean has(MigrationTarget target) {
        return target != MigrationTarget.WAREHOUSE || warehouse != null;
    }
}
