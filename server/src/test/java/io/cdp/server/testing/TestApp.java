package io.cdp.server.testing;

import io.cdp.server.CdpConfiguration;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One whole-app test's own corner of the shared services, named after the test: a migrated
 * PostgreSQL database, the suffix of its Kafka topics ({@code events.ingest.SUFFIX}, ...) and its
 * admin token. Other tests running at the same time never see its data.
 *
 * <pre>{@code
 * private static final TestApp TEST = TestApp.named("ingest");
 * private static final DropwizardAppExtension<CdpConfiguration> APP = TEST.app("roles", "ingest,api");
 * }</pre>
 *
 * @param database the PostgreSQL database, migrated
 * @param topics   the suffix of the test's topics
 * @param token    the admin token of the management API: random and long, as a server exposed beyond
 *                 loopback requires
 */
public record TestApp(String database, String topics, String token) {

    /** A fresh database and topic suffix, both starting with {@code name}, and a fresh token. */
    public static TestApp named(String name) {
        return new TestApp(TestServices.createMigratedDatabase(name), TestServices.uniqueName(name),
                "test-admin-" + UUID.randomUUID());
    }

    /** The server on this corner as a JUnit extension; see {@link TestApps#app}. */
    public DropwizardAppExtension<CdpConfiguration> app(String... settings) {
        return TestApps.app(database, topics, token, settings);
    }

    /**
     * The whole pipeline, ingest to ClickHouse, writing into {@code clickHouse}: batches are
     * flushed every 200 ms so that a test sees its rows soon, and the rotor reads in a consumer
     * group of its own. {@code settings} come on top.
     */
    public DropwizardAppExtension<CdpConfiguration> pipelineInto(TestClickHouse clickHouse, String... settings) {
        String[] pipeline = {"clickhouse.database", clickHouse.database(), "bulker.batchInterval", "200ms",
                "rotor.consumerGroup", "cdp-rotor-" + topics};
        return app(Stream.concat(Stream.of(pipeline), Stream.of(settings)).toArray(String[]::new));
    }

    /** The server on this corner, started and stopped by the test; see {@link TestApps#server}. */
    public DropwizardTestSupport<CdpConfiguration> server(String... settings) {
        return TestApps.server(database, topics, token, settings);
    }

    /** The full name of one of the test's topics: {@code topic("events.dlq")} is {@code events.dlq.SUFFIX}. */
    public String topic(String name) {
        return name + "." + topics;
    }
}
