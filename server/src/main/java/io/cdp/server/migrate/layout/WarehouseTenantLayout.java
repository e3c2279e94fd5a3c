package io.cdp.server.migrate.layout;

import java.util.function.Consumer;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Version 1 of the PostgreSQL destination ({@code cdp migrate up --target warehouse}): the
 * tenant layout, as ClickHouse's V3 ({@link TenantLayout#split}). Code rather than a script
 * because the new tables are named after the workspaces in the data. Flyway runs it in one
 * transaction: it moves everything or nothing. Its undo, {@code warehouse/U1__tables_per_workspace.sql},
 * is preceded by {@link TenantLayout#merge} in the same transaction.
 */
public final class WarehouseTenantLayout implements JavaMigration {
    public static final String VERSION = "1";

    private final Consumer<String> progress;

    public WarehouseTenantLayout(Consumer<String> progress) {
        this.progress = progress;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion(VERSION);
    }

    @Override
    public String getDescription() {
        return TenantLayout.MIGRATION_NAME.replace('_', ' ');
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) {
        TenantLayout.ofPostgres(context.getConnection(), progress).split();
    }
}
