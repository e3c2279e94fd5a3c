package io.cdp.server.testing;

import io.cdp.server.CdpApplication;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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
 * through the environment variables of the built-in cdp.yml, so a test can {@code kill -9} it and
 * start it again. {@link #environment} points it at the test services; the caller adds or
 * overrides what it needs (roles, topics, Kafka). Its output goes to {@code target/<name>.log}.
 *
 * <pre>{@code
 * Map<String, String> env = ServerProcess.environment(database, clickHouseDatabase);
 * env.put("CDP_ROLES", "bulker");
 * try (ServerProcess bulker = ServerProcess.start("bulker-a", env, List.of())) { ... }
 * }</pre>
 */
public final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * The variables that put a server on the shared test services, on loopback and on ports the
     * system picks (set {@code CDP_HTTP_PORT} to reach its API), with a fresh admin token.
     */
    public static Map<String, String> environment(String database, String clickHouseDatabase) {
        Map<String, String> env = new HashMap<>();
        env.put("CDP_ADMIN_TOKEN", "server-process-" + UUID.randomUUID());
        env.put("CDP_HTTP_HOST", "127.0.0.1");
        env.put("CDP_HTTP_PORT", "0");
        env.put("CDP_ADMIN_PORT", "0");
        env.put("CDP_PG_HOST", TestServices.PG_HOST);
        env.put("CDP_PG_PORT", String.valueOf(TestServices.PG_PORT));
        env.put("CDP_PG_DATABASE", database);
        env.put("CDP_PG_USER", TestServices.PG_USER);
        env.put("CDP_REDIS_HOST", TestServices.REDIS_HOST);
        env.put("CDP_REDIS_PORT", String.valueOf(TestServices.REDIS_PORT));
        env.put("CDP_KAFKA_BOOTSTRAP", TestServices.KAFKA_BOOTSTRAP);
        env.put("CDP_CLICKHOUSE_URL", TestServices.CLICKHOUSE_URL);
        env.put("CDP_CLICKHOUSE_DATABASE", clickHouseDatabase);
        env.put("CDP_LOG_LEVEL", "INFO");
        return env;
    }

    /**
     * Starts the server; returns at once (see {@link #awaitPort}).
     *
     * @param jvmOptions extra options before the class name, e.g. {@code -Ddw.kafka.properties...}
     */
    public static ServerProcess start(String name, Map<String, String> env, List<String> jvmOptions)
            throws IOException {
        Path log = Path.of("target", name + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1")); // C1 only: a test server starts sooner
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CdpApplication.class.getName(),
                "server", CdpApplication.DEFAULT_CONFIG));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new ServerProcess(builder.start(), log);
    }

    /** Waits until {@code port} takes connections; fails with the log's tail if the process died or it took too long. */
    public void awaitPort(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + tail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
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

    /** The last 30 lines of its log. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM (a clean stop), then {@code kill -9} if it has not stopped within 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
