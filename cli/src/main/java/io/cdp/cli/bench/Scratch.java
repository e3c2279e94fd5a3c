package io.cdp.cli.bench;

import io.cdp.server.CdpConfiguration;
import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.config.ClickHouseConfig;
import io.cdp.server.config.KafkaConfig;
import io.cdp.server.migrate.ClickHouseMigrations;
import io.cdp.server.migrate.ScriptSource;
import io.dropwizard.jackson.Jackson;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.flywaydb.core.Flyway;

/**
 * The scratch databases and topics of one benchmark run, all named {@code cdp_bench_<random>}
 * on the configured services: a migrated PostgreSQL database, a migrated ClickHouse database
 * and the pipeline's four topics. Closing drops whatever was created, so a run leaves nothing
 * behind, even when it fails half-way.
 */
final class Scratch implements AutoCloseable {
    final String id = "cdp_bench_" + UUID.randomUUID().toString().substring(0, 8);
    private final CdpConfiguration config;
    private final PrintWriter progress;
    private final String pgServer;
    private final List<String> topics = new ArrayList<>();
    private boolean postgres;
    private boolean clickHouse;

    Scratch(CdpConfiguration config, PrintWriter progress) {
        this.config = config;
        this.progress = progress;
        String url = config.database().getUrl();
        this.pgServer = url.substring(0, url.lastIndexOf('/') + 1);
    }

    /** The configured Kafka with this run's topics ({@code <id>.ingest}, {@code .processed}, ...). */
    KafkaConfig kafka() {
        Map<String, Object> yaml = Map.of(
                "bootstrapServers", config.kafka().bootstrapServers(),
                "properties", config.kafka().properties(),
                "topics", Map.of("ingest", id + ".ingest", "processed", id + ".processed", "dlq", id + ".dlq",
                        "retry", id + ".retry"));
        return Jackson.newObjectMapper().convertValue(yaml, KafkaConfig.class);
    }

    /**
     * The variables that point a server process of this build at this run's PostgreSQL database,
     * topics ({@link #kafka()}) and its own rotor consumer group.
     */
    Map<String, String> serverEnvironment() {
        KafkaConfig kafka = kafka();
        Map<String, String> env = new HashMap<>();
        env.put("CDP_PG_DATABASE", id);
        env.put("CDP_TOPIC_INGEST", kafka.topics().ingest());
        env.put("CDP_TOPIC_PROCESSED", kafka.topics().processed());
        env.put("CDP_TOPIC_DLQ", kafka.topics().dlq());
        env.put("CDP_TOPIC_RETRY", kafka.topics().retry());
        env.put("CDP_ROTOR_GROUP", id + "-rotor");
        return env;
    }

    void createTopics(int partitions, String... names) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(java.util.Arrays.stream(names).map(name -> new NewTopic(name, partitions, (short) 1))
                    .toList()).all().get(60, TimeUnit.SECONDS);
            topics.addAll(List.of(names));
        }
    }

    /**
     * Creates the PostgreSQL database with the project's migrations applied, and the given
     * workspaces in it; answers its JDBC URL.
     */
    String createPostgresDatabase(String... workspaces) throws Exception {
        try (Connection connection = DriverManager.getConnection(pgServer + "postgres", config.database().getUser(),
                config.database().getPassword());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + id);
        }
        postgres = true;
        Flyway.configure().dataSource(pgServer + id, config.database().getUser(), config.database().getPassword())
                .locations("classpath:db/postgres").load().migrate();
        try (Connection connection = DriverManager.getConnection(pgServer + id, config.database().getUser(),
                config.database().getPassword());
             Statement statement = connection.createStatement()) {
            for (String workspace : workspaces) {
                statement.execute("INSERT INTO workspaces (id, name) VALUES ('" + workspace + "', 'Benchmark')");
            }
        }
        return pgServer + id;
    }

    /** Creates the ClickHouse database with the project's migrations applied; close the answer. */
    ClickHouse createClickHouseDatabase() {
        ClickHouseConfig server = config.clickhouse();
        try (ClickHouse system = new ClickHouse(server.url(), server.user(), server.password(), "system")) {
            system.executeWithoutDatabase("CREATE DATABASE " + id);
        }
        clickHouse = true;
        try (ClickHouseMigrations migrations = new ClickHouseMigrations(clickHouse(), ScriptSource.builtIn())) {
            migrations.up(line -> { });
        }
        return clickHouse();
    }

    ClickHouse clickHouse() {
        ClickHouseConfig server = config.clickhouse();
        return new ClickHouse(server.url(), server.user(), server.password(), id);
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers()));
    }

    @Override
    public void close() {
        if (clickHouse) {
            ClickHouseConfig server = config.clickhouse();
            try (ClickHouse system = new ClickHouse(server.url(), server.user(), server.password(), "system")) {
                system.executeWithoutDatabase("DROP DATABASE IF EXISTS " + id);
            } catch (RuntimeException e) {
                progress.printf("could not drop the scratch ClickHouse database %s: %s%n", id, e.getMessage());
            }
        }
        if (!topics.isEmpty()) {
            try (Admin admin = admin()) {
                admin.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                progress.printf("could not delete the scratch topics %s.*: %s%n", id, e.getMessage());
            }
        }
        if (postgres) {
            try (Connection connection = DriverManager.getConnection(pgServer + "postgres",
                    config.database().getUser(), config.database().getPassword());
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + id + " WITH (FORCE)");
            } catch (Exception e) {
                progress.printf("could not drop the scratch PostgreSQL database %s: %s%n", id, e.getMessage());
            }
        }
    }
}
