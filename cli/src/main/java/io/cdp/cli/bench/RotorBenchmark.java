package io.cdp.cli.bench;

import io.cdp.server.LoopbackPorts;
import com.google.common.net.HostAndPort;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.config.KafkaConfig;
import io.cdp.server.event.EventJson;
import io.cdp.server.kafka.KafkaClients;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Measures, in one run on the configured Kafka and PostgreSQL, how fast a rotor drains
 * {@code events.ingest} for a source without functions, against the fastest plain copy of the
 * same records with Kafka's own clients:
 * <ol>
 *   <li>raw: a consumer and a producer in this JVM (the rotor's Kafka settings: idempotent,
 *       acks=all, lz4, polls of {@code rotor.maxPollRecords}) copying every record to another
 *       topic, committing after each poll; once before the rotor and once after it (the ratio
 *       uses their mean: the machine's speed drifts);</li>
 *   <li>rotor: a real rotor process ({@code <launcher> server} with {@code CDP_ROLES=rotor}, so
 *       an older build can be measured the same way) reading the same records and writing its
 *       events to the processed topic.</li>
 * </ol>
 * Each phase is timed from when a fifth of the records came out until all did (so neither the
 * process's start nor its first, not yet compiled, events count), by the output topic's end
 * offsets. Scratch topics and database {@code cdp_bench_*}, dropped at the end.
 */
public final class RotorBenchmark {
    /** The share of the records that come out before a phase's time starts. */
    private static final double UNTIMED_SHARE = 0.2;
    private static final String ROTOR = "rotor";
    private static final String KAFKA = "Kafka";

    /** What to run: {@code launcher} starts the server ({@code launcher server}). */
    public record Settings(int events, Duration timeout, Path launcher) {
    }

    /** Records one phase put out in its timed stretch, and the cores busy meanwhile. */
    public record Phase(long records, CpuMeter.Usage cpu) {
        public double recordsPerSecond() {
            return records / cpu.seconds();
        }
    }

    /** What was measured. */
    public record Result(int events, Phase rawBefore, Phase rotor, Phase rawAfter) {
        public double rawPerSecond() {
            return (rawBefore.recordsPerSecond() + rawAfter.recordsPerSecond()) / 2;
        }

        public double ratio() {
            return rotor.recordsPerSecond() / rawPerSecond();
        }
    }

    private final Settings settings;
    /** Records per poll of the raw copy: the rotor's own ({@code rotor.maxPollRecords}). */
    private final int pollRecords;
    private final PrintWriter progress;
    private final Scratch scratch;
    /** Processes of this machine whose cores a phase reports: Kafka when local, the rotor in its phase. */
    private Map<String, Long> services = Map.of();

    public RotorBenchmark(CdpConfiguration config, Settings settings, PrintWriter progress) {
        this.settings = settings;
        this.pollRecords = config.rotor().maxPollRecords();
        this.progress = progress;
        this.scratch = new Scratch(config, progress);
    }

    public Result run() throws Exception {
        KafkaConfig kafka = scratch.kafka();
        String copies = scratch.id + ".raw";
        List<String> topics = List.of(kafka.topics().ingest(), kafka.topics().processed(), kafka.topics().retry(),
                kafka.topics().dlq(), copies);
        OptionalLong broker = CoreSplit.listeningPid(HostAndPort.fromString(kafka.bootstrapServers().split(",")[0]));
        broker.ifPresent(pid -> services = Map.of(KAFKA, pid));
        try (Scratch created = scratch) {
            scratch.createTopics(3, topics.toArray(String[]::new));
            scratch.createPostgresDatabase(BulkerBenchmark.WORKSPACE);
            progress.printf("putting %,d events on %s...%n", settings.events(), kafka.topics().ingest());
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaClients.producer(kafka, scratch.id))) {
                for (int i = 0; i < settings.events(); i++) {
                    var envelope = BulkerBenchmark.envelope("rotor", i);
                    producer.send(new ProducerRecord<>(kafka.topics().ingest(), envelope.partitionKey(),
                            EventJson.toBytes(envelope)));
                }
                producer.flush();
            }
            progress.println("raw: a Kafka consumer and producer copy them...");
            Phase before = raw(kafka, copies, 0);
            progress.printf("  %,.0f records/s%n", before.recordsPerSecond());
            progress.printf("rotor: %s server, CDP_ROLES=rotor, drains them...%n", settings.launcher());
            Phase rotor = rotor(kafka);
            progress.printf("  %,.0f events/s%n", rotor.recordsPerSecond());
            progress.println("raw again...");
            Phase after = raw(kafka, copies, settings.events());
            progress.printf("  %,.0f records/s%n", after.recordsPerSecond());
            return new Result(settings.events(), before, rotor, after);
        }
    }

    /** Copies the ingest topic to {@code copies} in a new group, as fast as Kafka's clients go. */
    private Phase raw(KafkaConfig kafka, String copies, long alreadyThere) throws Exception {
        Map<String, Object> consumerProperties = KafkaClients.consumer(kafka, scratch.id + "-raw-"
                + UUID.randomUUID().toString().substring(0, 4), "cdp-bench-raw");
        consumerProperties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, pollRecords);
        AtomicBoolean stop = new AtomicBoolean();
        Thread copier = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties);
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaClients.producer(kafka,
                         "cdp-bench-raw"))) {
                consumer.subscribe(List.of(kafka.topics().ingest()));
                while (!stop.get()) {
                    var records = consumer.poll(Duration.ofMillis(100));
                    for (ConsumerRecord<String, byte[]> record : records) {
                        producer.send(new ProducerRecord<>(copies, record.key(), record.value()));
                    }
                    if (!records.isEmpty()) {
                        consumer.commitAsync();
                    }
                }
            }
        }, "cdp-bench-raw");
        copier.start();
        try {
            return timed(kafka, copies, alreadyThere);
        } finally {
            stop.set(true);
            copier.join();
        }
    }

    /** Starts a rotor process on the scratch topics and times it until every event is on the processed topic. */
    private Phase rotor(KafkaConfig kafka) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(settings.launcher().toString(), "server")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.put("CDP_ROLES", "rotor");
        env.put("CDP_ADMIN_TOKEN", UUID.randomUUID().toString() + UUID.randomUUID());
        env.put("CDP_HTTP_HOST", "127.0.0.1");
        env.put("CDP_ADMIN_HOST", "127.0.0.1");
        env.put("CDP_HTTP_PORT", String.valueOf(LoopbackPorts.free()));
        env.put("CDP_ADMIN_PORT", String.valueOf(LoopbackPorts.free()));
        env.putAll(scratch.serverEnvironment());
        env.put("CDP_SKIP_BUILD", "1");
        Process process = builder.start();
        Map<String, Long> withRotor = new LinkedHashMap<>(services);
        withRotor.put(ROTOR, process.pid());
        Map<String, Long> measured = services;
        services = withRotor;
        try {
            return timed(kafka, kafka.topics().processed(), 0);
        } finally {
            services = measured;
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * Times the stretch from when a fifth of the events (above {@code alreadyThere}) are on
     * {@code topic} until all are.
     */
    private Phase timed(KafkaConfig kafka, String topic, long alreadyThere) throws Exception {
        long untimed = (long) (settings.events() * UNTIMED_SHARE);
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        CpuMeter.Reading start = null;
        long startCount = 0;
        try (Admin admin = scratch.admin()) {
            while (true) {
                long count = endOffsets(admin, topic) - alreadyThere;
                if (start == null && count >= untimed) {
                    start = CpuMeter.read(services);
                    startCount = count;
                }
                if (count >= settings.events()) {
                    return new Phase(count - startCount, CpuMeter.between(start, CpuMeter.read(services)));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(count + " of " + settings.events() + " records reached " + topic
                            + " within " + settings.timeout());
                }
                Thread.sleep(10);
            }
        }
    }

    private static long endOffsets(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int partition = 0; partition < 3; partition++) {
            latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
    }
}
