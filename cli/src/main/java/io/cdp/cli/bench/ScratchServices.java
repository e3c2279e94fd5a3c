package io.cdp.cli.bench;

import io.cdp.server.CdpConfiguration;
import io.cdp.server.config.KafkaConfig;
import io.dropwizard.jackson.Jackson;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.flywaydb.core.Flyway;

/**
 * A benchmark's scratch resources on the configured services, all named {@code cdp_bench_<random>}:
 * topics {@code <id>.ingest|processed|dlq|retry} and a migrated PostgreSQL database with one
 * workspace. Whatever was created is dropped again by the {@code drop...} methods, which report
 * (never throw) what they could not drop.
 */
final class ScratchServices {
    static final String WORKSPACE = "bench";

    private final CdpConfiguration config;
    private final PrintWriter progress;
    private final String id = "cdp_bench_" + UUID.randomUUID().toString().substring(0, 8);

    ScratchServices(CdpConfiguration config, PrintWriter progress) {
        this.config = config;
        this.progress = progress;
    }

    String id() {
        return id;
    }

    /** The configured Kafka with the scratch topic names. */
    KafkaConfig kafka() {
        Map<String, Object> yaml = Map.of(
                "bootstrapServers", config.kafka().bootstrapServers(),
                "properties", config.kafka().properties(),
                "topics", Map.of("ingest", id + ".ingest", "processed", id + ".processed", "dlq", id + ".dlq",
                        "retry", id + ".retry"));
        return Jackson.newObjectMapper().convertValue(yaml, KafkaConfig.class);
    }

    static Admin admin(KafkaConfig kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    void createTopics(KafkaConfig kafka, List<NewTopic> topics) throws Exception {
        try (Admin admin = admin(kafka)) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
    }

    void dropTopics(KafkaConfig kafka, List<String> topics) {
        try (Admin admin = admin(kafka)) {
            admin.deleteTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            progress.printf("could not delete the scratch topics %s.*: %s%n", id, e.getMessage());
        }
    }

    /** The JDBC URL of the configured PostgreSQL server, without a database. */
    String postgresServer() {
        String url = config.database().getUrl();
        return url.substring(0, url.lastIndexOf('/') + 1);
    }

    /** The scratch database, migrated, with the workspace {@link #WORKSPACE} (identities, schema_fields). */
    void createPostgresDatabase() throws Exception {
        String server = postgresServer();
        String user = config.database().getUser();
        String password = config.database().getPassword();
        try (Connection connection = DriverManager.getConnection(server + "postgres", user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + id);
        }
        Flyway.configure().dataSource(server + id, user, password).locations("classpath:db/postgres").load().migrate();
        try (Connection connection = DriverManager.getConnection(server + id, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO workspaces (id, name) VALUES ('" + WORKSPACE + "', 'Benchmark')");
        }
    }

    void dropPostgresDatabase() {
        try (Connection connection = DriverManager.getConnection(postgresServer() + "postgres",
                config.database().getUser(), config.database().getPassword());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + id + " WITH (FORCE)");
        } catch (Exception e) {
            progress.printf("could not drop the scratch PostgreSQL database %s: %s%n", id, e.getMessage());
        }
    }
}
