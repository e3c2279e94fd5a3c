package io.cdp.cli.dev.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.cli.dev.process.PackageInstaller;
import io.cdp.cli.dev.process.Processes;
import io.cdp.server.CdpApplication;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.bulker.destination.TenantTables;
import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.clickhouse.ClickHouseCluster;
import io.cdp.server.config.ClickHouseConfig;
import io.cdp.server.ingest.IngestTestKit;
import io.cdp.server.migrate.MigrationDatabases;
import io.cdp.server.migrate.MigrationRunners;
import io.cdp.server.migrate.MigrationTarget;
import io.cdp.server.migrate.Migrations;
import io.cdp.server.migrate.ScriptSource;
import io.cdp.server.testing.Eventually;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ClickHouse as a cluster: two private ClickHouse servers started by the stack code of
 * {@code cdp dev up --clickhouse-shards 2} (own data folder, free ports; the shared services'
 * ClickHouse is not touched), migrated by {@code cdp migrate}'s runner in cluster mode, and the
 * whole pipeline (ingest, rotor, bulker, with the shared PostgreSQL, Redis and Kafka) writing
 * into them. Every visitor's events must land on one shard, both shards must get some, every
 * event must be readable exactly once through the {@code Distributed} table, a field new to the
 * workspace must become a column on both shards, and identity stitching must fill the user id
 * of a visitor's earlier events.
 */
class ClickHouseClusterTest {
    private static final String TOKEN = "cluster-test-" + java.util.UUID.randomUUID();
    private static final int VISITORS = 40;
    private static final int EVENTS_PER_VISITOR = 5;
    private static final Duration LANDING = Duration.ofSeconds(60);
    private static Path dataDir;
    private static LocalStack stack;
    private static ClickHouseConfig clickHouseConfig;
    private static String database;
    private static DropwizardTestSupport<CdpConfiguration> app;

    @BeforeAll
    static void twoShardsMigratedAndThePipelineOnThem() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        dataDir = Files.createTempDirectory(target, "cluster-");
        int httpPort = twoFreePorts();
        int tcpPort = twoFreePorts();
        DevSettings settings = DevSettings.from(Map.of(DevSettings.DATA_DIR, dataDir.toString(),
                DevSettings.CLICKHOUSE_HTTP_PORT, String.valueOf(httpPort),
                DevSettings.CLICKHOUSE_TCP_PORT, String.valueOf(tcpPort),
                DevSettings.CLICKHOUSE_SHARD_COUNT, "2"));
        stack = new LocalStack(settings, List.of(new ClickHouseService(settings, 1), new ClickHouseService(settings, 2)),
                new CdpServerService(settings), new PackageInstaller());
        stack.up(new PrintWriter(new StringWriter()));

        Map<String, String> env = settings.environment();
        clickHouseConfig = new ClickHouseConfig(settings.clickhouseUrl(), "default", "", "default",
                new ClickHouseConfig.Cluster(env.get("CDP_CLICKHOUSE_CLUSTER"), env.get("CDP_CLICKHOUSE_SHARDS"), null));
        try (Migrations migrations = MigrationRunners.open(MigrationTarget.CLICKHOUSE,
                new MigrationDatabases(null, clickHouseConfig, null), ScriptSource.builtIn())) {
            migrations.up(line -> { });
        }

        database = TestServices.createMigratedDatabase("cluster");
        String topics = TestServices.uniqueName("cluster");
        List<ConfigOverride> overrides = TestServices.overrides(database, topics, "127.0.0.1", settings.clickhouseUrl());
        overrides.add(ConfigOverride.config("adminToken", TOKEN));
        overrides.add(ConfigOverride.config("clickhouse.cluster.shards", env.get("CDP_CLICKHOUSE_SHARDS")));
        overrides.add(ConfigOverride.config("bulker.batchInterval", "200ms"));
        overrides.add(ConfigOverride.config("bulker.stitchInterval", "200ms"));
        overrides.add(ConfigOverride.config("rotor.consumerGroup", "cdp-rotor-" + topics));
        app = new DropwizardTestSupport<>(CdpApplication.class, CdpApplication.DEFAULT_CONFIG,
                overrides.toArray(ConfigOverride[]::new));
        app.before();
    }

    /** A port whose next one is free too: shard 2 listens on shard 1's ports + 1. */
    private static int twoFreePorts() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(DevSettings.HOST))) {
                int port = socket.getLocalPort();
                if (port < 65535 && !Processes.portOpen(port + 1)) {
                    return port;
                }
            }
        }
    }

    @AfterAll
    static void stopEverything() throws IOException {
        if (app != null) {
            app.after();
        }
        if (database != null) {
            TestServices.dropDatabase(database);
        }
        if (stack != null) {
            assertThat(stack.down(new PrintWriter(new StringWriter()))).as("both shards stopped").isTrue();
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void eventsSpreadOverBothShardsOneShardPerVisitorAndEachIsReadOnceThroughTheCluster() throws Exception {
        JsonNode created = IngestTestKit.createKeyAnswer(app.getLocalPort(), TOKEN, TestServices.uniqueName("cluster"),
                Map.of("tier", "enterprise"));
        String key = created.get("key").asText();
        String table = TenantTables.name(created.get("workspace_id").asText(), "events");
        Set<String> sent = new HashSet<>();
        send(key, sent, "first", Map.of("plan", "free"));
        awaitThroughTheCluster(table, sent);

        // A field the workspace has never had: schema evolution must add it on every shard.
        send(key, sent, "second", Map.of("plan", "pro", "coupon", "SPRING"));
        // Visitor 0 identifies: stitching must find its earlier rows through the cluster and replace them on their shard.
        Map<String, Object> identify = Map.of("type", "identify", "anonymousId", "visitor-0", "userId", "user-0",
                "messageId", "cluster-identify-0");
        assertThat(IngestTestKit.send(app.getLocalPort(), "/v1/batch", key, Map.of("batch", List.of(identify)))
                .statusCode()).isEqualTo(200);
        sent.add("cluster-identify-0");
        List<String> stored = awaitThroughTheCluster(table, sent);
        assertThat(stored).as("every event once through the Distributed table, FINAL").doesNotHaveDuplicates();
        assertThat(new HashSet<>(stored)).isEqualTo(sent);

        List<Set<String>> visitorsByShard = new ArrayList<>();
        ClickHouseConfig.Cluster cluster = clickHouseConfig.cluster();
        for (String url : cluster.shardUrls()) {
            try (ClickHouse shard = new ClickHouse(url, "default", "", clickHouseConfig.localDatabase())) {
                Set<String> visitors = new HashSet<>();
                shard.query("SELECT DISTINCT anonymous_id FROM " + table, row -> visitors.add(row.get("anonymous_id").asText()));
                visitorsByShard.add(visitors);
                assertThat(visitors).as("visitors on %s", url).isNotEmpty();
                assertThat(shard.query("SELECT name FROM system.columns WHERE database = '"
                        + clickHouseConfig.localDatabase() + "' AND table = '" + table + "' AND name = 'properties_coupon'"))
                        .as("the new column on %s", url).hasSize(1);
            }
        }
        assertThat(visitorsByShard.get(0)).as("no visitor on both shards").doesNotContainAnyElementsOf(visitorsByShard.get(1));
        Set<String> allVisitors = new HashSet<>(visitorsByShard.get(0));
        allVisitors.addAll(visitorsByShard.get(1));
        assertThat(allVisitors).hasSize(VISITORS);

        HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + app.getAdminPort() + "/healthcheck")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(IngestTestKit.json(health).path("clickhouse-shard-2").path("healthy").asBoolean())
                .as(health.body()).isTrue();

        try (ClickHouse clickHouse = new ClickHouse(clickHouseConfig)) {
            assertThat(clickHouse.query("SELECT engine FROM system.tables WHERE database = 'default' AND name = '" + table
                    + "'").get(0).get("engine").asText()).isEqualTo(ClickHouseCluster.DISTRIBUTED);
            assertThat(clickHouse.query("SELECT count() AS n FROM " + table + " FINAL WHERE properties_coupon = 'SPRING'")
                    .get(0).get("n").asLong()).isEqualTo(VISITORS * EVENTS_PER_VISITOR);
            Eventually.await(LANDING, "visitor-0's earlier events stitched to user-0", () -> clickHouse.query(
                            "SELECT count() AS n FROM " + table + " FINAL WHERE anonymous_id = 'visitor-0' AND user_id = 'user-0'")
                    .get(0).get("n").asLong(), count -> count == 2L * EVENTS_PER_VISITOR + 1);
        }
    }

    /**
     * What a shard added to the cluster meets: tables the first shard has and it lacks. Running
     * the migrations again creates them there, empty, and the {@code Distributed} table on every node.
     */
    @Test
    void migratingAgainGivesAShardTheTablesItLacksAndEveryNodeTheirDistributedTable() {
        ClickHouseConfig.Cluster cluster = clickHouseConfig.cluster();
        String table = TestServices.uniqueName("only_on_first");
        try (ClickHouse first = new ClickHouse(cluster.shardUrls().get(0), "default", "", clickHouseConfig.localDatabase());
             ClickHouse second = new ClickHouse(cluster.shardUrls().get(1), "default", "", clickHouseConfig.localDatabase())) {
            first.execute("CREATE TABLE " + table + " (message_id String, anonymous_id Nullable(String), _version UInt64)"
                    + " ENGINE = ReplacingMergeTree(_version) ORDER BY message_id");
            first.insertJsonEachRow(table, List.of(Map.of("message_id", "m-1", "anonymous_id", "v-1", "_version", 1)));

            List<String> progress = new ArrayList<>();
            try (Migrations migrations = MigrationRunners.open(MigrationTarget.CLICKHOUSE,
                    new MigrationDatabases(null, clickHouseConfig, null), ScriptSource.builtIn())) {
                assertThat(migrations.up(progress::add)).as("nothing pending").isEmpty();
            }

            assertThat(progress).anyMatch(line -> line.contains(table) && line.contains("created like on"));
            assertThat(second.query("SELECT engine_full FROM system.tables WHERE database = '"
                    + clickHouseConfig.localDatabase() + "' AND name = '" + table + "'").get(0).get("engine_full").asText())
                    .startsWith("ReplacingMergeTree(_version)");
            for (String url : cluster.shardUrls()) {
                try (ClickHouse node = new ClickHouse(url, "default", "", clickHouseConfig.database())) {
                    assertThat(node.query("SELECT message_id FROM " + table + " FINAL")).as("read through %s", url)
                            .extracting(row -> row.get("message_id").asText()).containsExactly("m-1");
                }
            }
        }
    }

    /** {@value #EVENTS_PER_VISITOR} track events of each visitor, in one batch, with these properties. */
    private static void send(String key, Set<String> sent, String round, Map<String, Object> properties) throws Exception {
        List<Object> events = new ArrayList<>();
        for (int visitor = 0; visitor < VISITORS; visitor++) {
            for (int i = 0; i < EVENTS_PER_VISITOR; i++) {
                String messageId = "cluster-" + round + "-" + visitor + "-" + i;
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("type", "track");
                event.put("event", "Viewed");
                event.put("anonymousId", "visitor-" + visitor);
                event.put("messageId", messageId);
                event.put("properties", properties);
                events.add(event);
                sent.add(messageId);
            }
        }
        HttpResponse<String> answer = IngestTestKit.send(app.getLocalPort(), "/v1/batch", key, Map.of("batch", events));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(IngestTestKit.json(answer).get("rejected")).as(answer.body()).isEmpty();
    }

    /** The message ids read through the Distributed table with FINAL, once all of {@code sent} are there. */
    private static List<String> awaitThroughTheCluster(String table, Set<String> sent) {
        try (ClickHouse clickHouse = new ClickHouse(clickHouseConfig)) {
            return Eventually.await(LANDING, sent.size() + " events through the cluster", () -> {
                List<String> ids = new ArrayList<>();
                try {
                    clickHouse.query("SELECT message_id FROM " + table + " FINAL", row -> ids.add(row.get("message_id").asText()));
                } catch (RuntimeException e) {
                    // the bulker has not created the workspace's table yet
                }
                return ids;
            }, ids -> new HashSet<>(ids).containsAll(sent));
        }
    }
}
