package io.cdp.server.migrate;

/** The databases {@code cdp migrate} migrates, each with its own folder of scripts. */
public enum MigrationTarget {
    /** PostgreSQL: the data model, migrated by Flyway; scripts in {@code migrations/}. */
    POSTGRES("PostgreSQL", "migrations", "db/postgres"),
    /** ClickHouse: the event tables; scripts in {@code clickhouse/}, history in {@code cdp_schema_history}. */
    CLICKHOUSE("ClickHouse", "clickhouse", "db/clickhouse"),
    /**
     * The PostgreSQL destination ({@code bulker.postgres}): the bulker makes its tables; its
     * migrations move stored rows when their layout changes. Flyway history in its own database;
     * undo scripts in {@code warehouse/}.
     */
    WAREHOUSE("PostgreSQL destination", "warehouse", "db/warehouse");

    private final String displayName;
    private final String folder;
    private final String resourcePath;

    MigrationTarget(String displayName, String folder, String resourcePath) {
        this.displayName = displayName;
        this.folder = folder;
        this.resourcePath = resourcePath;
    }

    /** "PostgreSQL" or "ClickHouse". */
    public String displayName() {
        return displayName;
    }

    /** The folder of the repository (under {@code CDP_HOME}) that holds this target's scripts. */
    public String folder() {
        return folder;
    }

    /** Where the build packages the scripts on the class path (see server/pom.xml). */
    public String resourcePath() {
        return resourcePath;
    }
}
