package io.cdp.server.migrate;

/** The databases {@code cdp migrate} migrates, each with its own folder of scripts. */
public enum MigrationTarget {
    /** PostgreSQL: the data model, migrated by Flyway; scripts in {@code migrations/}. */
    POSTGRES(new Details("PostgreSQL", "migrations", "db/postgres")),
    /** ClickHouse: the event tables; scripts in {@code clickhouse/}, history in {@code cdp_schema_history}. */
    CLICKHOUSE(new Details("ClickHouse", "clickhouse", "db/clickhouse")),
    /**
     * The PostgreSQL destination ({@code bulker.postgres}): the bulker makes its tables; its
     * migrations move stored rows when their layout changes. Flyway history in its own database;
     * undo scripts in {@code warehouse/}.
     */
    WAREHOUSE(new Details("PostgreSQL destination", "warehouse", "db/warehouse"));

    /**
     * What names a target and finds its scripts.
     *
     * @param displayName  the database as messages name it: "PostgreSQL", "ClickHouse"
     * @param folder       the folder of the repository (under {@code CDP_HOME}) that holds the scripts
     * @param resourcePath where the build packages the scripts on the class path (see server/pom.xml)
     */
    public record Details(String displayName, String folder, String resourcePath) {
    }

    private final Details details;

    MigrationTarget(Details details) {
        this.details = details;
    }

    public Details details() {
        return details;
    }
}
