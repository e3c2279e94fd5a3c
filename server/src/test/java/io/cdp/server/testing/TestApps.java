package io.cdp.server.testing;

import io.cdp.server.CdpApplication;
import io.cdp.server.CdpConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.Arrays;
import java.util.List;

/**
 * The whole server for an integration test: the built-in configuration pointed at the test
 * services ({@link TestServices#overrides}), an admin token, and the test's own settings given
 * as key/value pairs of configuration paths. {@link TestApp} names the database, topics and token
 * for a test; use these where a test needs names of its own (several servers on one database).
 *
 * <pre>{@code
 * private static final DropwizardAppExtension<CdpConfiguration> APP = TestApps.app(DATABASE, TOPICS, TOKEN,
 *         "roles", "ingest,api",
 *         "ingest.batchMaxEvents", "50");
 * }</pre>
 */
public final class TestApps {
    private TestApps() {
    }

    /**
     * The server as a JUnit extension, started before the class's tests and stopped after them.
     * Keep it in a static field of a class annotated with {@code @ExtendWith(DropwizardExtensionsSupport.class)}:
     * that is where the support looks for it.
     */
    public static DropwizardAppExtension<CdpConfiguration> app(String database, String topics, String adminToken,
                                                               String... settings) {
        return new DropwizardAppExtension<>(CdpApplication.class, CdpApplication.DEFAULT_CONFIG,
                overrides(database, topics, adminToken, settings));
    }

    /**
     * The same server for a test that starts and stops it itself ({@code before()}/{@code after()}),
     * e.g. to see it refuse to start or to stop it in the middle.
     */
    public static DropwizardTestSupport<CdpConfiguration> server(String database, String topics, String adminToken,
                                                                 String... settings) {
        return new DropwizardTestSupport<>(CdpApplication.class, CdpApplication.DEFAULT_CONFIG,
                overrides(database, topics, adminToken, settings));
    }

    /**
     * A server running every role on PostgreSQL and ClickHouse databases and Kafka topics of its
     * own (all named from {@code prefix}), writing batches every 200 ms. Keep {@link Pipeline#app()}
     * in a static field of the test class, and drop {@link Pipeline#clickHouseDatabase()} after it.
     * {@code settings} must not repeat the keys set here ({@code clickhouse.database},
     * {@code bulker.batchInterval}, {@code rotor.consumerGroup}).
     */
    public static Pipeline pipeline(String prefix, String adminToken, String... settings) {
        String topics = TestServices.uniqueName(prefix);
        String clickHouse = TestServices.createMigratedClickHouseDatabase(prefix + "_ch");
        String[] all = Arrays.copyOf(new String[] {"clickhouse.database", clickHouse, "bulker.batchInterval", "200ms",
                "rotor.consumerGroup", "cdp-rotor-" + topics}, 6 + settings.length);
        System.arraycopy(settings, 0, all, 6, settings.length);
        return new Pipeline(clickHouse, app(TestServices.createMigratedDatabase(prefix), topics, adminToken, all));
    }

    /** What {@link #pipeline} made: the server, and the ClickHouse database it writes to. */
    public record Pipeline(String clickHouseDatabase, DropwizardAppExtension<CdpConfiguration> app) {
    }

    private static ConfigOverride[] overrides(String database, String topics, String adminToken, String... settings) {
        if (settings.length % 2 != 0) {
            throw new IllegalArgumentException("settings come in key/value pairs: " + Arrays.toString(settings));
        }
        List<ConfigOverride> overrides = TestServices.overrides(database, topics);
        overrides.add(ConfigOverride.config("adminToken", adminToken));
        for (int i = 0; i < settings.length; i += 2) {
            overrides.add(ConfigOverride.config(settings[i], settings[i + 1]));
        }
        return overrides.toArray(ConfigOverride[]::new);
    }
}
