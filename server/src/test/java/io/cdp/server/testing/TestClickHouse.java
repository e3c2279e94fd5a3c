package io.cdp.server.testing;

import io.cdp.server.clickhouse.ClickHouse;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A ClickHouse database of a test class's own, with a client on it, dropped after the class's
 * tests. It is created at once, when the class is loaded, so that a server configured in a
 * static field can be pointed at it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestClickHouse CLICKHOUSE = TestClickHouse.migrated("pipeline_ch");
 * }</pre>
 */
public final class TestClickHouse implements AfterAllCallback {
    private final String database;
    private final ClickHouse client;

    private TestClickHouse(String database) {
        this.database = database;
        this.client = TestServices.clickHouse(database);
    }

    /** An empty database whose name starts with {@code prefix}. */
    public static TestClickHouse empty(String prefix) {
        return new TestClickHouse(TestServices.createClickHouseDatabase(prefix));
    }

    /** A database with the event tables of the built-in migrations. */
    public static TestClickHouse migrated(String prefix) {
        return new TestClickHouse(TestServices.createMigratedClickHouseDatabase(prefix));
    }

    public String database() {
        return database;
    }

    /** A client whose statements run in this database. */
    public ClickHouse client() {
        return client;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        TestServices.dropClickHouseDatabase(database);
    }
}
