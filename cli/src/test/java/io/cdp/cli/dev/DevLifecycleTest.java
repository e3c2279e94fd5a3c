package io.cdp.cli.dev;

import io.cdp.cli.dev.stack.KafkaService;
import io.cdp.cli.dev.stack.DevSettings;
import io.cdp.cli.dev.process.Processes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * The real {@code cdp dev up / status / down} cycle: PostgreSQL, Redis, ClickHouse and Kafka
 * started as processes on free ports with a data folder of this test's own, so it never touches
 * the services other tests (or developers) use. About 30-50 s, most of it Kafka's start and stop.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevLifecycleTest {
    private static final Map<String, String> ENV = new HashMap<>();
    private static Path dataDir;

    @BeforeAll
    static void freePortsAndAFreshDataFolder() throws IOException {
        // Under target/, not a JUnit @TempDir: that one is private to root, and PostgreSQL runs as
        // the postgres user, who must reach its data folder.
        Path target = Path.of("target").toAbsolutePath();
        Files.createDirectories(target);
        dataDir = Files.createTempDirectory(target, "dev-lifecycle-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        ENV.put("CDP_DATA_DIR", dataDir.toString());
        for (String variable : DevSettings.DEFAULTS.keySet()) {
            ENV.put(variable, String.valueOf(LocalTestDirs.freePort()));
        }
    }

    @AfterAll
    static void stopEverythingAndDeleteTheData() throws IOException {
        run("down");
        LocalTestDirs.delete(dataDir);
    }

    private record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new DevCommand(ENV));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    @Test
    @Order(1)
    void upStartsEveryServiceAndPrintsItsAddress() {
        Result up = run("up");

        assertThat(up.status()).as("stdout:%n%s%nstderr:%n%s", up.out(), up.err()).isZero();
        assertThat(up.out())
                .containsPattern("postgres +running +pid \\d+ +postgresql://postgres@127.0.0.1:" + ENV.get("CDP_PG_PORT") + "/cdp")
                .containsPattern("redis +running +pid \\d+ +redis://127.0.0.1:" + ENV.get("CDP_REDIS_PORT"))
                .containsPattern("clickhouse +running +pid \\d+ +http://127.0.0.1:" + ENV.get("CDP_CLICKHOUSE_HTTP_PORT"))
                .containsPattern("kafka +running +pid \\d+ +127.0.0.1:" + ENV.get("CDP_KAFKA_PORT"));
        assertThat(dataDir.resolve("env")).content().contains("CDP_PG_PORT=" + ENV.get("CDP_PG_PORT"),
                "CDP_KAFKA_BOOTSTRAP=127.0.0.1:" + ENV.get("CDP_KAFKA_PORT"));
    }

    @Test
    @Order(2)
    void theDatabaseAndTheTopicsExist() throws Exception {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + ENV.get("CDP_PG_PORT") + "/cdp", "postgres", "")) {
            assertThat(connection.isValid(2)).isTrue();
        }
        try (Admin admin = Admin.create(Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + ENV.get("CDP_KAFKA_PORT")))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(topics).containsAll(KafkaService.TOPICS);
            assertThat(admin.describeTopics(KafkaService.TOPICS).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get("events.ingest").partitions()).hasSize(3);
        }
    }

    @Test
    @Order(3)
    void statusSaysEverythingRuns() {
        Result status = run("status");

        assertThat(status.status()).as(status.out()).isZero();
        assertThat(status.out().lines().filter(line -> line.matches("\\w+ +running +pid \\d+ .*"))).hasSize(4);
    }

    @Test
    @Order(4)
    void upAgainFindsEverythingRunning() {
        Result up = run("up");

        assertThat(up.status()).as(up.err()).isZero();
        assertThat(up.out()).contains("postgres: already running", "redis: already running",
                "clickhouse: already running", "kafka: already running");
    }

    @Test
    @Order(5)
    void downStopsEverythingAndStatusSaysSo() {
        Result down = run("down");
        Result status = run("status");

        assertThat(down.status()).as(down.out()).isZero();
        assertThat(down.out()).contains("kafka: stopping", "postgres: stopping").doesNotContain("STILL RUNNING");
        assertThat(status.status()).isEqualTo(1);
        assertThat(status.out().lines().filter(line -> line.matches("\\w+ +stopped .*"))).hasSize(4);
        assertThat(Processes.portOpen(Integer.parseInt(ENV.get("CDP_KAFKA_PORT")))).isFalse();
        assertThat(Processes.portOpen(Integer.parseInt(ENV.get("CDP_PG_PORT")))).isFalse();
        assertThat(dataDir.resolve("env")).doesNotExist();
    }
}
