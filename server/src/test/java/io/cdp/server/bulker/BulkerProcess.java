package io.cdp.server.bulker;

import io.cdp.server.CdpApplication;
import io.cdp.server.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A bulker in a JVM of its own: the real server ({@code CdpApplication server cdp.yml}) with
 * {@code CDP_ROLES=bulker}, configured through the environment variables of the built-in
 * cdp.yml, on a fixture's databases and topics. Its output goes to {@code target/<name>.log}.
 */
final class BulkerProcess implements AutoCloseable {
    private final Process process;
    final Path log;

    private BulkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static BulkerProcess start(BulkerFixture fixture, String name) throws Exception {
        Path log = Path.of("target", name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", // C1 only: a test bulker starts sooner
                // A killed member leaves the group after 6 s instead of Kafka's default 45 s.
                "-Ddw.kafka.properties.session\\.timeout\\.ms=6000",
                "-Ddw.kafka.properties.heartbeat\\.interval\\.ms=1000",
                "-cp", System.getProperty("java.class.path"), CdpApplication.class.getName(),
                "server", CdpApplication.DEFAULT_CONFIG);
        Map<String, String> env = builder.environment();
        env.put("CDP_ROLES", "bulker");
        env.put("CDP_ADMIN_TOKEN", "bulker-process-" + java.util.UUID.randomUUID());
        env.put("CDP_HTTP_HOST", "127.0.0.1");
        env.put("CDP_HTTP_PORT", "0");
        env.put("CDP_ADMIN_PORT", "0");
        env.put("CDP_PG_HOST", TestServices.PG_HOST);
        env.put("CDP_PG_PORT", String.valueOf(TestServices.PG_PORT));
        env.put("CDP_PG_DATABASE", fixture.database);
        env.put("CDP_PG_USER", TestServices.PG_USER);
        env.put("CDP_REDIS_HOST", TestServices.REDIS_HOST);
        env.put("CDP_REDIS_PORT", String.valueOf(TestServices.REDIS_PORT));
        env.put("CDP_KAFKA_BOOTSTRAP", TestServices.KAFKA_BOOTSTRAP);
        env.put("CDP_TOPIC_PROCESSED", fixture.kafka.topics().processed());
        env.put("CDP_TOPIC_DLQ", fixture.kafka.topics().dlq());
        env.put("CDP_TOPIC_INGEST", fixture.kafka.topics().ingest());
        env.put("CDP_TOPIC_RETRY", fixture.kafka.topics().retry());
        env.put("CDP_CLICKHOUSE_URL", TestServices.CLICKHOUSE_URL);
        env.put("CDP_CLICKHOUSE_DATABASE", fixture.clickHouseDatabase);
        env.put("CDP_BULKER_GROUP", "bulker-test-" + fixture.suffix);
        env.put("CDP_BULKER_BATCH_ROWS", "1000");
        env.put("CDP_BULKER_BATCH_INTERVAL", "200ms");
        env.put("CDP_LOG_LEVEL", "INFO");
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        return new BulkerProcess(builder.start(), log);
    }

    /** {@code kill -9}: no shutdown hook, no flush, no commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: a clean stop
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    static String tail(Path log) {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (Exception e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
