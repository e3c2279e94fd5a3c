package io.cdp.cli.bench;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.bulker.Bulker;
import io.cdp.server.bulker.BulkerConfig;
import io.cdp.server.bulker.DestinationMetrics;
import io.cdp.server.bulker.clickhouse.ClickHouseDestination;
import io.cdp.server.bulker.read.RowReader;
import io.cdp.server.bulker.destination.TenantTables;
import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.clickhouse.ClickHouseSql;
import io.cdp.server.clickhouse.ClickHouseAccessException;
import io.cdp.server.config.KafkaConfig;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.kafka.KafkaClients;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Measures, in one run on the configured services, the bulker against the fastest way to load
 * the same rows into the same ClickHouse:
 * <ol>
 *   <li>raw: the flattened rows as JSONEachRow bodies of {@code batchRows} rows, built in
 *       advance, inserted by as many concurrent streams as the bulker writes batches of one table
 *       at a time ({@code batchesPerTable}), each stream one insert after another;</li>
 *   <li>bulker: the same number of events put on Kafka first, then read, flattened, checked,
 *       stitched and written by a real bulker, timed from the first rows it stored until it has
 *       stored as many as the raw phase inserted. One more batch of events follows them on Kafka,
 *       so the timed stretch ends on a full batch, as it would under a steady load, and not on
 *       the last partial batch, which waits {@code batchInterval} for events that never come;</li>
 *   <li>latency: events sent at a steady rate while the bulker runs; for each, the time from
 *       handing it to the Kafka producer until a query (every 100 ms) first sees it.</li>
 * </ol>
 * Everything runs in scratch databases and topics ({@code cdp_bench_*}, dropped at the end).
 */
public final class BulkerBenchmark {
    /** What to run; {@code clickHouseCores} null gives ClickHouse half of the cores (see {@link CoreSplit}). */
    public record Settings(int events, int latencyEvents, int latencyRate, Duration timeout, Integer clickHouseCores,
                           boolean pauseMerges) {
    }

    /** The rows one phase stored in its timed stretch, and where the cores went meanwhile. */
    public record Phase(long rows, CpuMeter.Usage cpu) {
        public double rowsPerSecond() {
            return rows / cpu.seconds();
        }
    }

    /** What was measured. */
    public record Result(String clickHouseVersion, String cores, String merges, int batchRows, Duration batchInterval,
                         int batchesPerTable, int events, Phase rawBefore, Phase rawAfter, Phase bulker,
                         int latencyEvents, long p50Millis, long p99Millis, long maxMillis) {
        /** The raw phases before and after the bulker's, averaged: the machine's speed drifts between them. */
        public double rawRowsPerSecond() {
            return (rawBefore.rowsPerSecond() + rawAfter.rowsPerSecond()) / 2;
        }

        public double bulkerRowsPerSecond() {
            return bulker.rowsPerSecond();
        }

        public double ratio() {
            return bulkerRowsPerSecond() / rawRowsPerSecond();
        }
    }

    static final String WORKSPACE = "bench";
    /** The benchmark workspace's events table, which the bulker creates with its first batch. */
    private static final String EVENTS = TenantTables.name(WORKSPACE, EventEnvelope.DEFAULT_TABLE);
    private static final int WARM_UP_ROUNDS = 5;
    /**
     * Times the bulker phase is run at most, each with a new bulker from the same events, while
     * the JIT compilers were busy {@link #RETRY_JIT_CORES} or more in it. Per-poll code (the
     * consumer's loop) runs a thousand times less often than per-row code and reaches the JIT's
     * last tier only after millions of events: in one run in three that happened in the timed
     * phase, the compilers busy 0.16-0.22 cores, the bulker 25-40% slower.
     */
    private static final int BULKER_ATTEMPTS = 3;
    private static final double RETRY_JIT_CORES = 0.1;
    /** Cores the idle machine uses (the services' housekeeping): 0.02-0.05 here. */
    private static final double QUIET_CORES = 0.15;
    private static final Duration QUIET_WAIT = Duration.ofSeconds(30);
    /** The JIT's share of the time below which a warm-up round ends the warm-up. */
    private static final double SETTLED_JIT_CORES = 0.03;
    private static final int UNKNOWN_IDENTIFIER = 47;
    private static final int UNKNOWN_TABLE = 60;
    private static final String RUN_FIELD = "properties_bench_run";
    private static final String SEQ_FIELD = "properties_bench_seq";

    private final CdpConfiguration config;
    private final Settings settings;
    private final PrintWriter progress;
    /** The scratch databases and topics of the run, dropped at its end. */
    private final Scratch scratch;
    private final String id;
    /** The bulkers' metrics: the rows ClickHouse acknowledged, read without asking ClickHouse. */
    private final MetricRegistry metrics = new MetricRegistry();
    /** ClickHouse's and Kafka's processes, when on this machine, whose CPU each phase reports. */
    private Map<String, Long> services = Map.of();

    public BulkerBenchmark(CdpConfiguration config, Settings settings, PrintWriter progress) {
        this.config = config;
        this.settings = settings;
        this.progress = progress;
        this.scratch = new Scratch(config, progress);
        this.id = scratch.id;
    }

    public Result run() throws Exception {
        KafkaConfig kafka = scratch.kafka();
        BulkerConfig bulkerConfig = config.bulker().withConsumerGroup(id);
        try (Scratch created = scratch;
             CoreSplit cores = CoreSplit.apply(settings.clickHouseCores(),
                     CoreSplit.addressOf(config.clickhouse().url()), CoreSplit.brokers(kafka.bootstrapServers()))) {
            scratch.createTopics(3, kafka.topics().processed());
            scratch.createTopics(1, kafka.topics().dlq());
            String pgUrl = scratch.createPostgresDatabase(WORKSPACE);
            try (ClickHouse clickHouse = scratch.createClickHouseDatabase();
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaClients.producer(kafka, id))) {
                Jdbi jdbi = Jdbi.create(pgUrl, config.database().getUser(), config.database().getPassword())
                        .installPlugin(new SqlObjectPlugin());
                progress.printf("cores: %s%n", cores.description());
                services = cores.services();
                return measure(clickHouse, cores.description(), producer, kafka, bulkerConfig, jdbi);
            }
        }
    }

    private Result measure(ClickHouse clickHouse, String cores, KafkaProducer<String, byte[]> producer,
                           KafkaConfig kafka, BulkerConfig bulkerConfig, Jdbi jdbi) throws Exception {
        progress.printf("ClickHouse %s at %s; batches of %d rows or %s; scratch database %s%n",
                clickHouse.version(), clickHouse.url(), bulkerConfig.batchRows(),
                bulkerConfig.batchInterval().toJavaDuration(), id);
        warmUp(clickHouse, producer, kafka, bulkerConfig, jdbi);
        MergePause merges = new MergePause(clickHouse, progress, settings.pauseMerges());
        // Columns stay; the warm-up's rows go, so the bulker writes into an empty table as the raw
        // phases do, and ClickHouse does not merge a million warm-up rows into its parts meanwhile.
        clickHouse.execute("TRUNCATE TABLE " + EVENTS);

        progress.printf("raw: %d rows as JSONEachRow into a copy of the events table...%n", settings.events());
        Phase rawBefore = rawInsert(clickHouse, merges, "events_raw", bulkerConfig);

        int leadIn = leadIn(settings.events());
        int followers = bulkerConfig.batchRows();
        progress.printf("bulker: %d events (after %d untimed, and %d after them) on Kafka first, then read and written"
                + " by the bulker...%n", settings.events(), leadIn, followers);
        Map<TopicPartition, OffsetAndMetadata> throughputStart = endOffsets(kafka);
        send(producer, kafka, "throughput", 0, leadIn + settings.events() + followers, 0);
        Bulker bulker = null;
        Phase bulked;
        long[] latencies;
        try {
            for (int attempt = 1; ; attempt++) {
                if (attempt > 1) {
                    clickHouse.execute("TRUNCATE TABLE " + EVENTS);
                }
                awaitQuietMachine();
                // A consumer group of its own, starting where the throughput events do.
                BulkerConfig attemptConfig = bulkerConfig.withConsumerGroup(bulkerConfig.consumerGroup() + "-" + attempt);
                startGroupAt(kafka, attemptConfig.consumerGroup() + "-" + ClickHouseDestination.NAME, throughputStart);
                bulker = newBulker(clickHouse, kafka, attemptConfig, jdbi);
                merges.pause(EVENTS);
                bulker.start();
                bulked = timedDrain(leadIn, settings.events());
                awaitExactly(clickHouse, leadIn + settings.events() + followers);
                merges.resume(EVENTS);
                Double jit = bulked.cpu().threadCores().get(ThreadCpu.JIT);
                if (jit == null || jit < RETRY_JIT_CORES || attempt == BULKER_ATTEMPTS) {
                    break;
                }
                progress.printf("  %,.0f rows/s, with the JIT compilers busy %.2f cores: code was still being compiled;"
                        + " again with a new bulker...%n", bulked.rowsPerSecond(), jit);
                bulker.stop();
                bulker = null;
            }

            progress.printf("latency: %d events at %d/s while the bulker runs...%n", settings.latencyEvents(),
                    settings.latencyRate());
            latencies = latencies(clickHouse, producer, kafka);
            Arrays.sort(latencies);
        } finally {
            if (bulker != null) {
                bulker.stop();
            }
        }
        // The bulker's last parts would otherwise be merged during the raw phase, on ClickHouse's cores.
        clickHouse.execute("OPTIMIZE TABLE " + EVENTS + " FINAL");
        progress.printf("raw again: %d rows into another copy of the events table...%n", settings.events());
        Phase rawAfter = rawInsert(clickHouse, merges, "events_raw_after", bulkerConfig);
        return new Result(clickHouse.version().toString(), cores, merges.description(), bulkerConfig.batchRows(),
                bulkerConfig.batchInterval().toJavaDuration(), bulkerConfig.batchesPerTable(), settings.events(),
                rawBefore, rawAfter, bulked, latencies.length, percentile(latencies, 0.50), percentile(latencies, 0.99),
                latencies[latencies.length - 1]);
    }

    /**
     * Rows per second of inserts of pre-built JSONEachRow bodies of {@code batchRows} rows into a
     * new copy of the events table, by {@code batchesPerTable} concurrent streams (the bulker's
     * own concurrency per table: one stream keeps about one core of ClickHouse busy), timed with
     * no merges running before or after (and none during, with {@link MergePause}'s option).
     */
    private Phase rawInsert(ClickHouse clickHouse, MergePause merges, String table, BulkerConfig bulkerConfig)
            throws Exception {
        int batchRows = bulkerConfig.batchRows();
        clickHouse.execute("CREATE TABLE " + table + " AS " + EVENTS);
        awaitNoMerges(clickHouse);
        List<byte[]> bodies = new ArrayList<>();
        long version = System.currentTimeMillis();
        for (int start = 0; start < settings.events(); start += batchRows) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int i = start; i < Math.min(settings.events(), start + batchRows); i++) {
                ObjectNode json = EventJson.MAPPER.createObjectNode();
                RowReader.of(envelope("raw", i)).columns().forEach(json::set);
                json.put(ClickHouseDestination.VERSION, version);
                body.write(EventJson.MAPPER.writeValueAsBytes(json));
                body.write('\n');
            }
            bodies.add(body.toByteArray());
        }
        int streams = bulkerConfig.batchesPerTable();
        CpuMeter.Usage cpu;
        ExecutorService inserters = Executors.newFixedThreadPool(streams);
        merges.pause(table);
        try {
            awaitQuietMachine();
            CpuMeter.Reading started = CpuMeter.read(services);
            List<Future<?>> running = new ArrayList<>();
            for (int stream = 0; stream < streams; stream++) {
                int first = stream;
                running.add(inserters.submit(() -> {
                    for (int i = first; i < bodies.size(); i += streams) {
                        clickHouse.insertJsonEachRow(table, new ByteArrayInputStream(bodies.get(i)));
                    }
                    return null;
                }));
            }
            for (Future<?> stream : running) {
                stream.get();
            }
            cpu = CpuMeter.between(started, CpuMeter.read(services));
        } finally {
            inserters.shutdownNow();
            merges.resume(table);
        }
        // Its parts would otherwise be merged while the next phase is measured, on the same cores.
        clickHouse.execute("OPTIMIZE TABLE " + table + " FINAL");
        awaitNoMerges(clickHouse);
        long stored = count(clickHouse, table, null);
        if (stored != settings.events()) {
            throw new IllegalStateException("raw insert stored " + stored + " of " + settings.events() + " rows");
        }
        return new Phase(settings.events(), cpu);
    }

    /**
     * Events a new bulker reads before its time starts. A bulker that has just started is not
     * yet the bulker that runs for days: its first messages meet empty caches of keys and field
     * lists and take paths the warm code never took, so the JIT throws code away and compiles it
     * again. In runs timed from the first batch on, the JIT was busy 0.02-0.24 cores in the timed
     * phase and the bulker spent 5.9-8.9 us of CPU per row, the more the busier the JIT was;
     * warm-up rounds, each with a new bulker, did not settle it (still 0.26 cores in the fifth).
     */
    static int leadIn(int events) {
        return events / 2;
    }

    /**
     * Rows per second once the bulker has stored {@code leadIn} rows (group join, start-up and
     * its first rows excluded, see {@link #leadIn}) until it has stored {@code expected} more,
     * counting the rows stored in between. Read every 5 ms
     * from the bulker's meter of rows ClickHouse acknowledged (a synchronous insert: they are
     * queryable then), as the raw phase's time ends when its last insert is acknowledged. Polling
     * ClickHouse instead ({@code system.parts}, every 20 ms) cost the bulker's JVM 0.06-0.08
     * cores and ClickHouse a query each time, inside the measured phase.
     */
    private Phase timedDrain(int leadIn, int expected) throws InterruptedException {
        Meter stored = metrics.meter(DestinationMetrics.storedRowsName(ClickHouseDestination.NAME));
        long before = stored.getCount();
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        CpuMeter.Reading firstSeen = null;
        long firstCount = 0;
        while (System.nanoTime() < deadline) {
            long count = stored.getCount() - before;
            // Read the cores only at the two ends: every thread's CPU time 200 times a second
            // would be work of the benchmark's own inside the measured phase.
            if (count > leadIn && firstSeen == null) {
                firstSeen = CpuMeter.read(services);
                firstCount = count;
            }
            if (firstSeen != null && count >= leadIn + expected) {
                if (firstCount >= leadIn + expected) {
                    throw new IllegalStateException("all rows appeared in one step: use more --events to measure a rate");
                }
                CpuMeter.Usage cpu = CpuMeter.between(firstSeen, CpuMeter.read(services));
                return new Phase(count - firstCount, cpu);
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("the bulker did not store " + (leadIn + expected) + " rows within "
                + settings.timeout());
    }

    /** Waits until the events table holds {@code total} rows; more means the bulker stored some twice. */
    private void awaitExactly(ClickHouse clickHouse, long total) throws InterruptedException {
        long count = awaitCount(clickHouse, null, total);
        if (count > total) {
            throw new IllegalStateException("the bulker stored " + count + " rows for " + total + " events");
        }
    }

    /** Milliseconds from send to first seen by a query, per event. */
    private long[] latencies(ClickHouse clickHouse, KafkaProducer<String, byte[]> producer, KafkaConfig kafka)
            throws InterruptedException {
        int total = settings.latencyEvents();
        long[] sentAt = new long[total];
        long[] seenAt = new long[total];
        Thread sender = new Thread(() -> send(producer, kafka, "latency", 0, total, settings.latencyRate(), sentAt));
        sender.start();
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        int seen = 0;
        while (seen < total && System.nanoTime() < deadline) {
            List<ObjectNode> rows = clickHouse.query("SELECT " + SEQ_FIELD + " AS seq FROM " + EVENTS + " WHERE "
                    + RUN_FIELD + " = 'latency'");
            long now = System.nanoTime();
            for (ObjectNode row : rows) {
                int seq = (int) row.get("seq").asLong();
                if (seenAt[seq] == 0) {
                    seenAt[seq] = now;
                    seen++;
                }
            }
            Thread.sleep(100);
        }
        sender.join();
        if (seen < total) {
            throw new IllegalStateException("only " + seen + " of " + total + " latency events arrived within "
                    + settings.timeout());
        }
        long[] latencies = new long[total];
        for (int i = 0; i < total; i++) {
            latencies[i] = TimeUnit.NANOSECONDS.toMillis(seenAt[i] - sentAt[i]);
        }
        return latencies;
    }

    private void send(KafkaProducer<String, byte[]> producer, KafkaConfig kafka, String run, int from, int to, int rate) {
        send(producer, kafka, run, from, to, rate, null);
    }

    /** Produces events {@code from..to} of a run, at {@code rate} per second (0: as fast as possible). */
    private void send(KafkaProducer<String, byte[]> producer, KafkaConfig kafka, String run, int from, int to,
                      int rate, long[] sentAt) {
        long started = System.nanoTime();
        for (int i = from; i < to; i++) {
            if (rate > 0) {
                long due = started + (long) ((i - from) * 1e9 / rate);
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
            EventEnvelope envelope = envelope(run, i);
            if (sentAt != null) {
                sentAt[i] = System.nanoTime();
            }
            producer.send(new ProducerRecord<>(kafka.topics().processed(), envelope.partitionKey(),
                    EventJson.toBytes(envelope)));
        }
        producer.flush();
    }

    /** A typical Segment track event (about 700 bytes, 20 columns once flattened). */
    static EventEnvelope envelope(String run, int seq) {
        Instant now = Instant.now();
        ObjectNode event = EventJson.MAPPER.createObjectNode();
        String messageId = run + "-" + seq;
        event.put("type", "track").put("event", "Product Viewed").put("messageId", messageId)
                .put("anonymousId", "anon-" + (seq % 5000))
                .put("timestamp", now.toString()).put("sentAt", now.toString()).put("receivedAt", now.toString());
        if (seq % 3 == 0) {
            event.put("userId", "user-" + (seq % 1000));
        }
        event.putObject("properties").put("product_id", "p-" + (seq % 500)).put("price", 12.5 + seq % 10)
                .put("quantity", 1 + seq % 3).put("currency", "USD").put("category", "shoes")
                .put("bench_run", run).put("bench_seq", seq);
        ObjectNode context = event.putObject("context");
        context.put("ip", "203.0.113." + (seq % 250))
                .put("userAgent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0");
        context.putObject("page").put("url", "https://shop.example.com/p/" + (seq % 500))
                .put("referrer", "https://www.google.com/");
        context.putObject("library").put("name", "analytics.js").put("version", "4.1.0");
        return EventEnvelope.ingested(WORKSPACE, "bench-source", messageId, "track", now, event);
    }

    /**
     * Warms the bulker up in rounds that are the measured phase in small: {@code events} events
     * put on Kafka, then a new bulker started on them, until a round leaves the JIT almost idle
     * (at most {@link #WARM_UP_ROUNDS}). The bulker runs for days, and by then its hot paths are
     * compiled, as the raw side's are. One round was not enough: code that runs once per poll or
     * batch (Kafka's network client, the HTTP request) was still being compiled in the measured
     * phase, at 0.11-0.21 cores. A new bulker each round, because a new consumer's first polls
     * sent compiled Kafka code back to the JIT (its type checks failed) when only the measured
     * phase started one.
     */
    private void warmUp(ClickHouse clickHouse, KafkaProducer<String, byte[]> producer, KafkaConfig kafka,
                        BulkerConfig bulkerConfig, Jdbi jdbi) throws InterruptedException {
        int events = Math.max(1000, settings.events());
        for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
            String run = "warmup" + round;
            send(producer, kafka, run, 0, events, 0);
            CpuMeter.Reading started = CpuMeter.read();
            Bulker bulker = newBulker(clickHouse, kafka, bulkerConfig, jdbi);
            bulker.start();
            try {
                awaitCount(clickHouse, run, events);
            } finally {
                bulker.stop();
            }
            Double jitCores = CpuMeter.between(started, CpuMeter.read()).threadCores().get(ThreadCpu.JIT);
            if (jitCores == null) {
                return; // not measured (not Linux): one round
            }
            progress.printf("warm-up round %d: %d events through a new bulker, the JIT busy %.2f cores meanwhile%n",
                    round, events, jitCores);
            if (jitCores < SETTLED_JIT_CORES) {
                return;
            }
        }
    }

    /** A bulker writing to the scratch ClickHouse database, counting what it stores in {@link #metrics}. */
    private Bulker newBulker(ClickHouse clickHouse, KafkaConfig kafka, BulkerConfig bulkerConfig, Jdbi jdbi) {
        return Bulker.create(bulkerConfig, kafka, List.of(new ClickHouseDestination(clickHouse)), jdbi, metrics);
    }

    /**
     * Waits (at most {@link #QUIET_WAIT}) for a second in which the whole machine was nearly idle:
     * the JIT done compiling what the previous step ran, Kafka done writing the events just sent,
     * ClickHouse done with the previous phase's parts, so that no phase pays for another's
     * leftovers. Off Linux, where the machine's load is unknown, it waits one second.
     */
    private void awaitQuietMachine() throws InterruptedException {
        long deadline = System.nanoTime() + QUIET_WAIT.toNanos();
        CpuMeter.Reading before = CpuMeter.read();
        while (true) {
            Thread.sleep(1000);
            CpuMeter.Reading now = CpuMeter.read();
            double busy = CpuMeter.between(before, now).machineCores();
            if (Double.isNaN(busy) || busy <= QUIET_CORES) {
                return;
            }
            if (System.nanoTime() > deadline) {
                progress.printf("the machine is still busy (%.2f cores) after %d s; measuring anyway%n", busy,
                        QUIET_WAIT.toSeconds());
                return;
            }
            before = now;
        }
    }

    /** Waits until ClickHouse merges no parts of the scratch database, so neither side pays for the other's. */
    private void awaitNoMerges(ClickHouse clickHouse) throws InterruptedException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (clickHouse.query("SELECT count() AS n FROM system.merges WHERE database = "
                + ClickHouseSql.literal(clickHouse.database())).get(0).get("n").asLong() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ClickHouse kept merging parts for " + settings.timeout());
            }
            Thread.sleep(100);
        }
    }

    /** Waits until the events table holds at least {@code expected} rows of {@code run} (null: of all runs); returns how many. */
    private long awaitCount(ClickHouse clickHouse, String run, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        long count;
        while ((count = count(clickHouse, EVENTS, run)) < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the bulker stored " + count + " of the " + expected
                        + (run == null ? "" : " " + run) + " rows within " + settings.timeout());
            }
            Thread.sleep(100);
        }
        return count;
    }

    private static long count(ClickHouse clickHouse, String table, String run) {
        try {
            return countOrFail(clickHouse, table, run);
        } catch (ClickHouseAccessException e) {
            if (e.code() == UNKNOWN_IDENTIFIER || e.code() == UNKNOWN_TABLE) {
                return 0; // the bulker has not created the workspace's table, or added the benchmark's columns, yet
            }
            throw e;
        }
    }

    private static long countOrFail(ClickHouse clickHouse, String table, String run) {
        return clickHouse.query("SELECT count() AS n FROM " + table + (run == null ? "" : " WHERE " + RUN_FIELD
                + " = '" + run + "'")).get(0).get("n").asLong();
    }

    private static long percentile(long[] sorted, double fraction) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)];
    }

    private static Admin admin(KafkaConfig kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    /** Where each partition of the processed topic ends now. */
    private static Map<TopicPartition, OffsetAndMetadata> endOffsets(KafkaConfig kafka) throws Exception {
        try (Admin admin = admin(kafka)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(kafka.topics().processed())).allTopicNames().get(60, TimeUnit.SECONDS)
                    .get(kafka.topics().processed()).partitions().forEach(partition -> latest.put(
                            new TopicPartition(kafka.topics().processed(), partition.partition()), OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(60, TimeUnit.SECONDS)
                    .forEach((partition, info) -> ends.put(partition, new OffsetAndMetadata(info.offset())));
            return ends;
        }
    }

    /** Commits {@code offsets} for the (new, empty) consumer group {@code group}: its consumers start there. */
    private static void startGroupAt(KafkaConfig kafka, String group, Map<TopicPartition, OffsetAndMetadata> offsets)
            throws Exception {
        try (Admin admin = admin(kafka)) {
            admin.alterConsumerGroupOffsets(group, offsets).all().get(60, TimeUnit.SECONDS);
        }
    }
}
