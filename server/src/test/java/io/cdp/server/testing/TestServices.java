package io.cdp.server.testing;

import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.clickhouse.ClickHouseAccessException;
import io.cdp.server.config.KafkaConfig;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import io.cdp.server.migrate.ClickHouseMigrations;
import io.cdp.server.migrate.Migrations;
import io.cdp.server.migrate.PostgresMigrations;
import io.cdp.server.migrate.ScriptSource;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.testing.ConfigOverride;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Addresses of the real services the integration tests use: the ones `cdp dev up` starts
 * (same environment variables, same defaults). Each test class gets its own PostgreSQL
 * database and its own Kafka topic names, so test classes (and developers) never see each
 * other's data.
 */
public final class TestServices {
    private static final Map<String, String> DEV_ENV = devEnvFile();
    public static final String PG_HOST = env("CDP_PG_HOST", "127.0.0.1");
    public static final int PG_PORT = Integer.parseInt(env("CDP_PG_PORT", "15432"));
    public static final String PG_USER = env("CDP_PG_USER", "postgres");
    public static final String REDIS_HOST = env("CDP_REDIS_HOST", "127.0.0.1");
    public static final int REDIS_PORT = Integer.parseInt(env("CDP_REDIS_PORT", "16379"));
    public static final String KAFKA_BOOTSTRAP = env("CDP_KAFKA_BOOTSTRAP", "127.0.0.1:" + env("CDP_KAFKA_PORT", "19092"));
    public static final String CLICKHOUSE_URL = env("CDP_CLICKHOUSE_URL",
            "http://127.0.0.1:" + env("CDP_CLICKHOUSE_HTTP_PORT", "18123"));
    public static final String CLICKHOUSE_USER = env("CDP_CLICKHOUSE_USER", "default");
    public static final String CLICKHOUSE_PASSWORD = env("CDP_CLICKHOUSE_PASSWORD", "");

    private TestServices() {
    }

    /** A short unique name usable as a database, topic or workspace name. */
    public static String uniqueName(String prefix) {
        return (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database;
    }

    /** Creates an empty PostgreSQL database and returns its name. */
    public static String createDatabase(String prefix) {
        String name = uniqueName(prefix);
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), PG_USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + PG_HOST + ":" + PG_PORT
                    + " — are the services up? Run ./cdp dev up", e);
        }
        return name;
    }

    /** Creates a database and applies the project's PostgreSQL migrations to it. */
    public static String createMigratedDatabase(String prefix) {
        String name = createDatabase(prefix);
        try (Migrations migrations = new PostgresMigrations(jdbcUrl(name), PG_USER, "", ScriptSource.builtIn())) {
            migrations.up(line -> { });
        }
        return name;
    }

    /** Drops a PostgreSQL database made by {@link #createDatabase} (closing its other connections). */
    public static void dropDatabase(String name) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), PG_USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name, e);
        }
    }

    /**
     * Creates a ClickHouse database with the project's ClickHouse migrations applied (the
     * {@code identities} table; each workspace's event tables are made by the bulker, see
     * {@code TenantTables}) and returns its name; drop it with {@link #dropClickHouseDatabase}.
     */
    public static String createMigratedClickHouseDatabase(String prefix) {
        String name = createClickHouseDatabase(prefix);
        try (Migrations migrations = new ClickHouseMigrations(clickHouse(name), ScriptSource.builtIn())) {
            migrations.up(line -> { });
        }
        return name;
    }

    /** A (lazy) connection to the given ClickHouse database of the test server; close it. */
    public static ClickHouse clickHouse(String database) {
        return new ClickHouse(CLICKHOUSE_URL, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, database);
    }

    /** Creates an empty ClickHouse database and returns its name; drop it with {@link #dropClickHouseDatabase}. */
    public static String createClickHouseDatabase(String prefix) {
        String name = uniqueName(prefix);
        try (ClickHouse clickHouse = clickHouse(name)) {
            clickHouse.executeWithoutDatabase("CREATE DATABASE " + name);
        } catch (ClickHouseAccessException e) {
            throw new IllegalStateException("cannot create ClickHouse test database at " + CLICKHOUSE_URL
                    + " — are the services up? Run ./cdp dev up", e);
        }
        return name;
    }

    /** Drops a ClickHouse database made by {@link #createClickHouseDatabase} (and all its tables). */
    public static void dropClickHouseDatabase(String database) {
        try (ClickHouse clickHouse = clickHouse(database)) {
            clickHouse.executeWithoutDatabase("DROP DATABASE IF EXISTS " + database);
        }
    }

    /**
     * Config overrides that point a {@code DropwizardAppExtension} at the test services, at the
     * given database, and at topics named {@code events.*.SUFFIX}.
     */
    public static List<ConfigOverride> overrides(String database, String topicSuffix) {
        return overrides(database, topicSuffix, "127.0.0.1");
    }

    /**
     * {@link #overrides(String, String)} with the API connector on {@code bindHost}. Each key once:
     * Dropwizard applies overrides in no particular order, so a second value for a key may lose.
     */
    public static List<ConfigOverride> overrides(String database, String topicSuffix, String bindHost) {
        return overrides(database, topicSuffix, bindHost, CLICKHOUSE_URL);
    }

    /** {@link #overrides(String, String, String)} writing to the ClickHouse at {@code clickHouseUrl} (a private one). */
    public static List<ConfigOverride> overrides(String database, String topicSuffix, String bindHost,
                                                 String clickHouseUrl) {
        createTopics(topicSuffix);
        List<ConfigOverride> overrides = new ArrayList<>();
        overrides.add(ConfigOverride.config("database.url", jdbcUrl(database)));
        overrides.add(ConfigOverride.config("database.user", PG_USER));
        overrides.add(ConfigOverride.config("redis.host", REDIS_HOST));
        overrides.add(ConfigOverride.config("redis.port", String.valueOf(REDIS_PORT)));
        overrides.add(ConfigOverride.config("kafka.bootstrapServers", KAFKA_BOOTSTRAP));
        overrides.add(ConfigOverride.config("kafka.topics.ingest", "events.ingest." + topicSuffix));
        overrides.add(ConfigOverride.config("kafka.topics.processed", "events.processed." + topicSuffix));
        overrides.add(ConfigOverride.config("kafka.topics.dlq", "events.dlq." + topicSuffix));
        overrides.add(ConfigOverride.config("kafka.topics.retry", "events.retry." + topicSuffix));
        // A consumer group of its own, so test classes (and a developer's server) never rebalance each other.
        overrides.add(ConfigOverride.config("bulker.consumerGroup", "cdp-bulker-" + topicSuffix));
        overrides.add(ConfigOverride.config("clickhouse.url", clickHouseUrl));
        // A spool of its own: a folder serves one server, and several may run in one test JVM.
        overrides.add(ConfigOverride.config("ingest.spool.dir", spoolDir()));
        // Tests listen on loopback unless a test says otherwise: nothing outside this machine reaches them.
        overrides.add(ConfigOverride.config("server.applicationConnectors[0].bindHost", bindHost));
        overrides.add(ConfigOverride.config("server.applicationConnectors[0].port", "0"));
        overrides.add(ConfigOverride.config("server.adminConnectors[0].bindHost", "127.0.0.1"));
        overrides.add(ConfigOverride.config("server.adminConnectors[0].port", "0"));
        return overrides;
    }

    /** A fresh folder under target/ for one test server's ingest spool. */
    public static String spoolDir() {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            return Files.createTempDirectory(target.toAbsolutePath(), "spool-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a spool folder under target/", e);
        }
    }

    /** A Kafka configuration on the test broker with topics named {@code events.*.SUFFIX}. */
    public static KafkaConfig kafkaConfig(String topicSuffix) {
        createTopics(topicSuffix);
        String yaml = "bootstrapServers: " + KAFKA_BOOTSTRAP + "\n"
                + "topics: {ingest: events.ingest." + topicSuffix + ", processed: events.processed." + topicSuffix
                + ", dlq: events.dlq." + topicSuffix + ", retry: events.retry." + topicSuffix + "}\n";
        try {
            return new YamlConfigurationFactory<>(KafkaConfig.class, Validators.newValidator(),
                    Jackson.newObjectMapper(), "kafka")
                    .build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the test Kafka configuration", e);
        }
    }

    /**
     * Creates the four pipeline topics {@code events.*.SUFFIX} (3 partitions each) and waits until
     * every partition has a leader. Relying on auto-creation instead made producers wait for
     * partitions without a leader on a loaded machine, until their batches expired.
     */
    /** What the test Kafka says of a consumer group now: its members and their partitions. */
    public static ConsumerGroupDescription consumerGroup(String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA_BOOTSTRAP))) {
            return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot describe consumer group " + group + " at " + KAFKA_BOOTSTRAP, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void createTopics(String topicSuffix) {
        List<String> names = List.of("events.ingest." + topicSuffix, "events.processed." + topicSuffix,
                "events.dlq." + topicSuffix, "events.retry." + topicSuffix);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA_BOOTSTRAP))) {
            for (String name : names) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!allLed(admin, names)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka at " + KAFKA_BOOTSTRAP + " gave no leader to " + names);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test topics on " + KAFKA_BOOTSTRAP
                    + " — are the services up? Run ./cdp dev up", e);
        }
    }

    private static boolean allLed(Admin admin, List<String> names) throws Exception {
        try {
            return admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                    .flatMap(topic -> topic.partitions().stream())
                    .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
        } catch (ExecutionException notYetVisible) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            value = DEV_ENV.get(name);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * The {@code .cdp/env} file that {@code cdp dev up} writes (ports of the running local
     * services), so that tests run straight from Maven or an IDE find non-default ports too:
     * {@code $CDP_DATA_DIR/env}, else {@code .cdp/env} in the nearest folder of the Maven project.
     */
    private static Map<String, String> devEnvFile() {
        String dataDir = System.getenv("CDP_DATA_DIR");
        Path file = dataDir != null && !dataDir.isBlank() ? Path.of(dataDir, "env") : null;
        for (Path dir = Path.of("").toAbsolutePath(); file == null && dir != null && Files.exists(dir.resolve("pom.xml"));
                dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(".cdp/env"))) {
                file = dir.resolve(".cdp/env");
            }
        }
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : file == null || !Files.isRegularFile(file) ? List.<String>of() : Files.readAllLines(file)) {
                int equals = line.indexOf('=');
                if (!line.startsWith("#") && equals > 0) {
                    values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return values;
    }
}
