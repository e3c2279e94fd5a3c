package io.cdp.server.testing;

import io.cdp.server.CdpApplication;
import io.cdp.server.LoopbackPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real server in a JVM of its own ({@code CdpApplication server cdp.yml}), configured only
 * through the environment variables of the built-in cdp.yml, as an operator runs it: a test can
 * {@code kill -9} it, which no in-process app allows. Its output goes to {@code target/<name>.log}.
 */
public record ServerProcess(Process process, Path log, int port, int adminPort) implements AutoCloseable {

    /**
     * The environment that points a server at the test services: the PostgreSQL database, the
     * ClickHouse database and the topics {@code events.*.SUFFIX}. Add the roles and the rest.
     */
    public static Map<String, String> servicesEnv(String database, String clickHouseDatabase, String topicSuffix) {
        Map<String, String> env = environment(database, clickHouseDatabase);
        for (String topic : List.of("ingest", "processed", "dlq", "retry")) {
            env.put("CDP_TOPIC_" + topic.toUpperCase(java.util.Locale.ROOT), "events." + topic + "." + topicSuffix);
        }
        return env;
    }

    /**
     * The variables that put a server on the shared test services (the default topics: set
     * {@code CDP_TOPIC_*} or use {@link #servicesEnv}), with a fresh admin token.
     */
    public static Map<String, String> environment(String database, String clickHouseDatabase) {
        Map<String, String> env = new HashMap<>();
        env.put("CDP_PG_HOST", TestServices.PG_HOST);
        env.put("CDP_PG_PORT", String.valueOf(TestServices.PG_PORT));
        env.put("CDP_PG_DATABASE", database);
        env.put("CDP_PG_USER", TestServices.PG_USER);
        env.put("CDP_REDIS_HOST", TestServices.REDIS_HOST);
        env.put("CDP_REDIS_PORT", String.valueOf(TestServices.REDIS_PORT));
        env.put("CDP_KAFKA_BOOTSTRAP", TestServices.KAFKA_BOOTSTRAP);
        env.put("CDP_CLICKHOUSE_URL", TestServices.CLICKHOUSE_URL);
        env.put("CDP_CLICKHOUSE_DATABASE", clickHouseDatabase);
        env.put("CDP_ADMIN_TOKEN", "process-" + UUID.randomUUID());
        env.put("CDP_LOG_LEVEL", "INFO");
        return env;
    }

    public static ServerProcess start(String name, Map<String, String> env) throws IOException {
        return start(name, env, List.of());
    }

    /**
     * Starts a server with {@code env} (see {@link #servicesEnv}) on loopback, on the ports
     * {@code CDP_HTTP_PORT} and {@code CDP_ADMIN_PORT} give, or free ones; returns at once (see
     * {@link #awaitStarted}). A killed process leaves its consumer groups after 6 s instead of
     * Kafka's default 45 s. The log is appended to, so a restarted server's follows its first run.
     *
     * @param jvmOptions extra options before the class name, e.g. {@code -Ddw.ingest.delivery=buffered}
     */
    public static ServerProcess start(String name, Map<String, String> env, List<String> jvmOptions)
            throws IOException {
        Path log = Path.of("target", name + ".log");
        Files.createDirectories(log.getParent());
        int port = env.containsKey("CDP_HTTP_PORT") ? Integer.parseInt(env.get("CDP_HTTP_PORT")) : LoopbackPorts.free();
        int adminPort = env.containsKey("CDP_ADMIN_PORT") ? Integer.parseInt(env.get("CDP_ADMIN_PORT")) : LoopbackPorts.free();
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", // C1 only: a test server starts sooner
                "-Ddw.kafka.properties.session\\.timeout\\.ms=6000",
                "-Ddw.kafka.properties.heartbeat\\.interval\\.ms=1000"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CdpApplication.class.getName(),
                "server", CdpApplication.DEFAULT_CONFIG));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.putAll(env);
        environment.put("CDP_HTTP_HOST", "127.0.0.1");
        environment.put("CDP_HTTP_PORT", String.valueOf(port));
        environment.put("CDP_ADMIN_PORT", String.valueOf(adminPort));
        // The API role writes a connection file for local clients into CDP_DATA_DIR: never the
        // developer's (a test token would replace theirs).
        Path data = log.toAbsolutePath().getParent().resolve(name + ".data");
        environment.put("CDP_DATA_DIR", data.toString());
        // Each ingest process has a spool of its own (a second process refuses a locked one); the
        // same name again, as a restarted server, finds what the first left there.
        environment.putIfAbsent("CDP_INGEST_SPOOL_DIR", data.resolve("spool").toString());
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new ServerProcess(builder.start(), log, port, adminPort);
    }

    /**
     * Waits until the admin connector takes connections: Dropwizard opens its connectors once
     * every managed object of the roles has started. Fails with the log's tail if the process died.
     */
    public ServerProcess awaitStarted(Duration timeout) throws InterruptedException {
        awaitPort(adminPort, timeout);
        return this;
    }

    /** Waits until {@code port} takes connections; fails with the log's tail if the process died or it took too long. */
    public void awaitPort(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + tail());
            }
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        throw new IllegalStateException("the server did not open port " + port + " within " + timeout + ":\n" + tail());
    }

    /** {@code kill -9}: no shutdown hook, no flush, no commit. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: a clean stop
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** The last 30 lines of the log, for a failure message. */
    public String tail() {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
