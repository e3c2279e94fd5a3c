package io.cdp.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.bulker.destination.TenantTables;
import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.clickhouse.ClickHouseAccessException;
import io.cdp.server.config.KafkaConfig;
import io.cdp.server.event.EventJson;
import io.cdp.server.kafka.KafkaClients;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Measures the whole pipeline in one run on the configured services, in scratch databases and
 * topics ({@link Scratch}): an ingest, a rotor and a bulker process ({@link RoleProcesses}), fed
 * by {@link BatchLoad} through {@code /v1/batch}.
 * <ol>
 *   <li>raw: Kafka's own producer, configured as ingest's, sending events of the same size to a
 *       topic of the same partitions for the same time: the machine's ceiling for getting events
 *       onto Kafka, the baseline of the ratios;</li>
 *   <li>full speed: the load generator sends as fast as ingest answers; accepted events/s over
 *       the sending, and end-to-end events/s from the first send to the last of them written to
 *       ClickHouse;</li>
 *   <li>fixed rate: at a fraction of the end-to-end rate, the time from each event's send until
 *       the bulker wrote it (its {@code _version}, the bulker's write time in ms, against the
 *       send time the event carries).</li>
 * </ol>
 * The cores each process used over the full-speed phase (until the last event was written) say
 * where the time went.
 */
public record PipelineBenchmark(CdpConfiguration config, Settings settings, PrintWriter progress) {
    public record Settings(Duration duration, Duration warmUp, double rateFraction, int clients, int batchEvents,
                           Duration timeout) {
    }

    /** A phase of the pipeline: what was sent, when its last event was written, and the cores used until then. */
    public record Flow(BatchLoad.Sent sent, long lastWrittenMillis, CpuMeter.Usage cpu) {
        public double endToEndPerSecond() {
            return sent.accepted() * 1000.0 / Math.max(1, lastWrittenMillis - sent.firstSendMillis());
        }
    }

    public record Result(String id, double rawPerSecond, Flow fullSpeed, double fixedRate, Flow fixed, long p50Millis,
                         long p99Millis, long maxMillis) {
        public double acceptRatio() {
            return fullSpeed.sent().acceptedPerSecond() / rawPerSecond;
        }

        public double endToEndRatio() {
            return fullSpeed.endToEndPerSecond() / rawPerSecond;
        }
    }

    static final int UNKNOWN_IDENTIFIER = 47;
    static final int UNKNOWN_TABLE = 60;
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    public Result run() throws Exception {
        try (Scratch scratch = new Scratch(config, progress)) {
            KafkaConfig kafka = scratch.kafka();
            progress.printf("scratch databases and topics %s.*%n", scratch.id);
            scratch.createTopics(3, kafka.topics().ingest(), kafka.topics().processed(), kafka.topics().retry(),
                    scratch.id + ".raw");
            scratch.createTopics(1, kafka.topics().dlq());
            scratch.createPostgresDatabase();
            try (ClickHouse clickHouse = scratch.createClickHouseDatabase()) {
                Path logs = Files.createTempDirectory(scratch.id);
                String token = UUID.randomUUID().toString();
                try (RoleProcesses processes = new RoleProcesses(logs, serverEnvironment(scratch, token, logs))) {
                    Thread stopOnInterrupt = new Thread(processes::close, "stop-bench-servers");
                    Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
                    try {
                        return measure(scratch, kafka, clickHouse, processes, token);
                    } finally {
                        Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
                    }
                }
            }
        }
    }

    private Result measure(Scratch scratch, KafkaConfig kafka, ClickHouse clickHouse, RoleProcesses processes,
                           String token) throws Exception {
        progress.println("starting an ingest, a rotor and a bulker process...");
        RoleProcesses.Role ingest = processes.start("ingest", "ingest,api");
        processes.start("rotor", "rotor");
        processes.start("bulker", "bulker");
        processes.awaitReady(START_TIMEOUT, progress);
        var client = new io.cdp.client.ManagementClient(new io.cdp.client.ClientSettings(
                java.net.URI.create(ingest.url()), token, null));
        // Limits far above what one machine can send: the benchmark measures the pipeline, not them.
        client.post("/workspaces", Map.of("name", "bench", "tier", "enterprise", "rate_burst", 100_000_000,
                "rate_per_day", 10_000_000_000L));
        var created = client.createKey("bench", "bench-load", true);
        String key = created.get("key").asText();
        String table = TenantTables.name(created.get("workspace_id").asText(), "events");
        Map<String, Long> pids = new LinkedHashMap<>(processes.pids());
        try (CoreSplit shared = CoreSplit.apply(0, CoreSplit.addressOf(config.clickhouse().url()),
                CoreSplit.brokers(config.kafka().bootstrapServers()))) {
            pids.putAll(shared.services());
        }
        BatchLoad load = new BatchLoad(ingest.url(), key, settings.clients(), settings.batchEvents());

        progress.printf("warm-up: %d s at full speed, untimed...%n", settings.warmUp().toSeconds());
        flow(load, clickHouse, table, "warm", 0, settings.warmUp(), pids);

        progress.printf("raw: Kafka's producer, as ingest configures it, for %d s...%n", settings.duration().toSeconds());
        double raw = rawProducer(kafka, scratch.id + ".raw", scratch.id);
        progress.printf("  %,.0f records/s%n", raw);

        progress.printf("full speed: %d clients sending batches of %d for %d s...%n", settings.clients(),
                settings.batchEvents(), settings.duration().toSeconds());
        Flow full = flow(load, clickHouse, table, "full", 0, settings.duration(), pids);
        progress.printf("  accepted %,.0f events/s; end to end %,.0f events/s%n", full.sent().acceptedPerSecond(),
                full.endToEndPerSecond());

        double rate = Math.max(1, full.endToEndPerSecond() * settings.rateFraction());
        progress.printf("fixed rate: %,.0f events/s (%.0f%% of end to end) for %d s...%n", rate,
                settings.rateFraction() * 100, settings.duration().toSeconds());
        Flow fixed = flow(load, clickHouse, table, "fixed", rate, settings.duration(), pids);
        ObjectNode latency = clickHouse.query("SELECT quantileExact(0.5)(l) AS p50, quantileExact(0.99)(l) AS p99,"
                + " max(l) AS mx FROM (SELECT toInt64(_version) - toInt64(properties_bench_sent) AS l FROM " + table + " FINAL"
                + " WHERE properties_bench_phase = 'fixed')").get(0);
        return new Result(scratch.id, raw, full, rate, fixed, latency.get("p50").asLong(), latency.get("p99").asLong(),
                latency.get("mx").asLong());
    }

    /** Sends one phase, then waits until ClickHouse shows every accepted event of it. */
    private Flow flow(BatchLoad load, ClickHouse clickHouse, String table, String phase, double rate, Duration duration,
                      Map<String, Long> pids) throws Exception {
        CpuMeter.Reading before = CpuMeter.read(pids);
        BatchLoad.Sent sent = load.send(phase, duration, rate);
        if (sent.refusedBatches() > 0) {
            progress.printf("  %d batches refused, the first: %s%n", sent.refusedBatches(), sent.firstRefusal());
        }
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        long shown;
        long lastReport = System.nanoTime();
        while ((shown = count(clickHouse, table, phase)) < sent.accepted()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("after " + settings.timeout().toSeconds() + " s ClickHouse shows "
                        + shown + " of the " + sent.accepted() + " events accepted in the " + phase + " phase");
            }
            if (System.nanoTime() - lastReport > 5e9) {
                progress.printf("  %,d of %,d written...%n", shown, sent.accepted());
                lastReport = System.nanoTime();
            }
            Thread.sleep(200);
        }
        CpuMeter.Usage cpu = CpuMeter.between(before, CpuMeter.read(pids));
        long lastWritten = clickHouse.query("SELECT max(_version) AS v FROM " + table + " WHERE properties_bench_phase = '"
                + phase + "'").get(0).get("v").asLong();
        return new Flow(sent, lastWritten, cpu);
    }

    private static long count(ClickHouse clickHouse, String table, String phase) {
        try {
            return clickHouse.query("SELECT count() AS n FROM " + table + " FINAL WHERE properties_bench_phase = '" + phase
                    + "'").get(0).get("n").asLong();
        } catch (ClickHouseAccessException e) {
            if (e.code() == UNKNOWN_IDENTIFIER || e.code() == UNKNOWN_TABLE) {
                return 0; // the bulker has not created the workspace's table or added the benchmark's columns yet
            }
            throw e;
        }
    }

    /**
     * Records per second Kafka acknowledged from one producer configured as ingest's, sending
     * envelopes of the size ingest writes, with as many records in flight as its buffer holds.
     */
    private double rawProducer(KafkaConfig kafka, String topic, String clientId) throws Exception {
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            values.add(EventJson.toBytes(BulkerBenchmark.envelope("raw", i)));
        }
        Map<String, Object> properties = new HashMap<>(KafkaClients.producer(kafka, clientId));
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start;
        long end;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties)) {
            start = System.nanoTime();
            long stop = start + settings.duration().toNanos();
            for (int i = 0; System.nanoTime() < stop; i++) {
                producer.send(new ProducerRecord<>(topic, "anon-" + (i % 5000), values.get(i % values.size())),
                        (metadata, error) -> (error == null ? acknowledged : failed).incrementAndGet());
            }
            producer.flush();
            end = System.nanoTime();
        }
        if (failed.get() > 0) {
            progress.printf("  %d records failed%n", failed.get());
        }
        return acknowledged.get() / ((end - start) / 1e9);
    }

    /** The configured services with this run's scratch database, ClickHouse database and topics. */
    private Map<String, String> serverEnvironment(Scratch scratch, String token, Path logs) {
        Map<String, String> env = scratch.serverEnvironment();
        env.put("CDP_CLICKHOUSE_DATABASE", scratch.id);
        env.put("CDP_BULKER_GROUP", scratch.id + "-bulker");
        env.put("CDP_ADMIN_TOKEN", token);
        // The API role writes a connection file for local clients there: not over the developer's.
        env.put("CDP_DATA_DIR", logs.toString());
        env.put("CDP_INGEST_SPOOL_DIR", logs.resolve("spool").toString());
        return env;
    }
}
