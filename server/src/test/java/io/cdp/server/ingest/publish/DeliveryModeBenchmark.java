package io.cdp.server.ingest.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.server.ingest.IngestTestKit;
import io.cdp.server.testing.IngestLoad;
import io.cdp.server.testing.ServerProcess;
import io.cdp.server.testing.TestServices;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cost of each {@link DeliveryMode}: one server process (roles ingest and api, on the shared
 * test services, its spool under target/ on the machine's disk) per run, the same
 * {@link IngestLoad} against it, runs of the two modes alternating. Prints events/s acknowledged
 * and the p50/p99 latency of batch requests. A benchmark, not a test: figures vary with the
 * machine's load; compare the modes within one invocation.
 *
 * <pre>
 * mvn -o -q -pl server dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp server/target/test-classes:server/target/classes:$(cat server/target/cp.txt) \
 *     io.cdp.server.ingest.publish.DeliveryModeBenchmark [runs per mode] [seconds per run] [clients] [batch size]
 * </pre>
 */
public final class DeliveryModeBenchmark {
    private DeliveryModeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        String database = TestServices.createMigratedDatabase("bench_delivery");
        String clickHouse = TestServices.createMigratedClickHouseDatabase("bench_delivery_ch");
        String topics = TestServices.uniqueName("bench");
        TestServices.createTopics(topics);
        System.out.printf("%d clients, batches of %d events, %d s per run after 15 s of warm-up%n", clients,
                batchSize, seconds);
        System.out.println("| mode | run | events/s acknowledged | p50 ms | p99 ms |");
        System.out.println("|---|---|---|---|---|");
        try {
            for (int run = 1; run <= runs; run++) {
                for (DeliveryMode mode : DeliveryMode.values()) {
                    measure(mode, run, database, clickHouse, topics, seconds, clients, batchSize);
                }
            }
        } finally {
            TestServices.dropDatabase(database);
            TestServices.dropClickHouseDatabase(clickHouse);
        }
    }

    private static void measure(DeliveryMode mode, int run, String database, String clickHouse, String topics,
                                int seconds, int clients, int batchSize) throws Exception {
        String name = mode.name().toLowerCase(Locale.ROOT);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> env = ServerProcess.environment(database, clickHouse);
        String token = env.get("CDP_ADMIN_TOKEN");
        env.put("CDP_ROLES", "ingest, api");
        env.put("CDP_HTTP_PORT", String.valueOf(port));
        env.put("CDP_INGEST_DELIVERY", name);
        env.put("CDP_INGEST_SPOOL_DIR", Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-spool-")
                .toString());
        env.put("CDP_TOPIC_INGEST", "events.ingest." + topics);
        env.put("CDP_TOPIC_PROCESSED", "events.processed." + topics);
        env.put("CDP_TOPIC_DLQ", "events.dlq." + topics);
        env.put("CDP_TOPIC_RETRY", "events.retry." + topics);
        try (ServerProcess server = ServerProcess.start("bench-" + name + "-" + run, env, List.of())) {
            server.awaitPort(port, Duration.ofSeconds(120));
            JsonNode key = IngestTestKit.createKeyAnswer(port, token, TestServices.uniqueName("bench"),
                    Map.of("tier", "enterprise", "rate_burst", 100_000_000, "rate_per_day", 2_000_000_000));
            try (IngestLoad load = IngestLoad.start(port, key.get("key").asText(), clients, batchSize,
                    name + run, Duration.ZERO)) {
                TimeUnit.SECONDS.sleep(15);
                load.resetLatencies();
                long before = load.acknowledged().size();
                long started = System.nanoTime();
                TimeUnit.SECONDS.sleep(seconds);
                long acknowledged = load.acknowledged().size() - before;
                double elapsed = (System.nanoTime() - started) / 1e9;
                double[] latencies = load.latenciesMillis();
                System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.1f | %.1f |%n", name, run, acknowledged / elapsed,
                        percentile(latencies, 0.50), percentile(latencies, 0.99));
            }
        }
    }

    private static double percentile(double[] sorted, double fraction) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)];
    }
}
