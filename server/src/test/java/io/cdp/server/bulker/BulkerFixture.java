package io.cdp.server.bulker;

import io.cdp.server.bulker.destination.Destination;
import io.cdp.server.bulker.destination.TenantTables;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.bulker.read.Rows;
import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.config.KafkaConfig;
import io.cdp.server.event.DeadLetter;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.kafka.KafkaClients;
import io.cdp.server.testing.ServerProcess;
import io.cdp.server.testing.TestServices;
import io.dropwizard.jackson.Jackson;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Everything one bulker test class needs, of its own: a migrated PostgreSQL database with a
 * workspace, a ClickHouse database, a PostgreSQL destination database, Kafka topics
 * ({@code events.*.SUFFIX}, several partitions each) and a consumer group prefix.
 */
final class BulkerFixture implements AutoCloseable {
    static final String WORKSPACE = "ws"; // the workspace the row readers of the destination tests key by message id alone
    /** {@link #WORKSPACE}'s events table, in both destinations. */
    static final String EVENTS = TenantTables.name(WORKSPACE, "events");

    final String suffix = TestServices.uniqueName("bulker");
    final String database = TestServices.createMigratedDatabase("bulker_meta");
    final String warehouse = TestServices.createDatabase("bulker_wh");
    final String clickHouseDatabase = TestServices.createMigratedClickHouseDatabase("bulker_ch");
    final KafkaConfig kafka = TestServices.kafkaConfig(suffix);
    final ClickHouse clickHouse = TestServices.clickHouse(clickHouseDatabase);
    final PGSimpleDataSource warehouseSource = PostgresDestinationTest.dataSource(warehouse);
    final MetricRegistry metrics = new MetricRegistry();
    final Jdbi jdbi = Jdbi.create(TestServices.jdbcUrl(database), TestServices.PG_USER, "")
            .installPlugin(new SqlObjectPlugin());
    private final KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(KafkaClients.producer(kafka, "bulker-test-" + suffix));

    BulkerFixture() throws Exception {
        TestServices.createTopics(suffix);
        sql("INSERT INTO workspaces (id, name) VALUES ('" + WORKSPACE + "', 'Bulker tests')");
    }

    /** A bulker config for tests: small batches, short waits, this fixture's consumer group. */
    BulkerConfig config(boolean postgres) {
        Map<String, Object> yaml = new HashMap<>();
        yaml.put("batchRows", 500);
        yaml.put("batchInterval", "200ms");
        yaml.put("maxRetryBackoff", "1s");
        yaml.put("stitchInterval", "100ms");
        yaml.put("consumerGroup", "bulker-test-" + suffix);
        yaml.put("postgres", Map.of("enabled", postgres, "database", Map.of(
                "driverClass", "org.postgresql.Driver", "url", TestServices.jdbcUrl(warehouse), "user", TestServices.PG_USER)));
        return Jackson.newObjectMapper().convertValue(yaml, BulkerConfig.class);
    }

    List<Destination> destinations(boolean postgres) {
        List<Destination> destinations = new ArrayList<>();
        destinations.add(new io.cdp.server.bulker.clickhouse.ClickHouseDestination(clickHouse));
        if (postgres) {
            destinations.add(new io.cdp.server.bulker.postgres.PostgresDestination(warehouseSource));
        }
        return destinations;
    }

    /** A started bulker on this fixture's services. */
    Bulker startBulker(boolean postgres) {
        Bulker bulker = Bulker.create(config(postgres), kafka, destinations(postgres), jdbi, metrics);
        bulker.start();
        return bulker;
    }

    /** A bulker in a JVM of its own ({@code CDP_ROLES=bulker}) on this fixture's services and consumer group. */
    ServerProcess bulkerProcess(String name) throws java.io.IOException {
        Map<String, String> env = ServerProcess.servicesEnv(database, clickHouseDatabase, suffix);
        env.put("CDP_ROLES", "bulker");
        env.put("CDP_BULKER_GROUP", "bulker-test-" + suffix);
        env.put("CDP_BULKER_BATCH_ROWS", "1000");
        env.put("CDP_BULKER_BATCH_INTERVAL", "200ms");
        return ServerProcess.start(name, env);
    }

    EventEnvelope envelope(String messageId, String eventJson) {
        return envelope(messageId, eventJson, null);
    }

    EventEnvelope envelope(String messageId, String eventJson, String table) {
        return envelope(WORKSPACE, messageId, eventJson, table);
    }

    /** An envelope of {@code workspace}, which must exist (see {@link #createWorkspace}). */
    EventEnvelope envelope(String workspace, String messageId, String eventJson, String table) {
        ObjectNode event = Rows.json(eventJson);
        event.put("messageId", messageId);
        return new EventEnvelope(workspace, "src-1", messageId, event.path("type").asText("track"), Instant.now(),
                table, 0, null, event);
    }

    /** Adds a workspace besides {@link #WORKSPACE}. */
    void createWorkspace(String id) {
        sql("INSERT INTO workspaces (id, name) VALUES ('" + id + "', '" + id + "') ON CONFLICT DO NOTHING");
    }

    /** Produces envelopes keyed as the rotor keys them, and waits until Kafka has them all. */
    void send(EventEnvelope... envelopes) {
        for (EventEnvelope envelope : envelopes) {
            producer.send(new ProducerRecord<>(kafka.topics().processed(), envelope.partitionKey(), EventJson.toBytes(envelope)));
        }
        producer.flush();
    }

    void sendRaw(String key, byte[] value) {
        producer.send(new ProducerRecord<>(kafka.topics().processed(), key, value));
        producer.flush();
    }

    /** Every dead letter on this fixture's DLQ topic so far. */
    List<DeadLetter> deadLetters() {
        Map<String, Object> properties = KafkaClients.consumer(kafka, "unused", "bulker-test-dlq-reader");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = consumer.partitionsFor(kafka.topics().dlq()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    letters.add(EventJson.deadLetter(record.value()));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + kafka.topics().dlq(), e);
        }
        return letters;
    }

    long clickHouseCount(String table, String where) {
        return clickHouse.query("SELECT count() AS n FROM " + table + " FINAL" + (where == null ? "" : " WHERE " + where))
                .get(0).get("n").asLong();
    }

    void sql(String statement) {
        try (Connection connection = DriverManager.getConnection(TestServices.jdbcUrl(database), TestServices.PG_USER, "");
             Statement sql = connection.createStatement()) {
            sql.execute(statement);
        } catch (Exception e) {
            throw new IllegalStateException(statement, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        clickHouse.close();
        TestServices.dropClickHouseDatabase(clickHouseDatabase);
    }
}
