package io.cdp.server.bulker;

import io.cdp.server.bulker.destination.Backoff;
import io.cdp.server.bulker.destination.Destination;
import com.codahale.metrics.MetricRegistry;
import io.cdp.server.bulker.clickhouse.ClickHouseDestination;
import io.cdp.server.bulker.postgres.PostgresDestination;
import io.cdp.server.bulker.stitch.StitchWorker;
import io.cdp.server.bulker.stitch.WriteTimeStitching;
import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.clickhouse.ClickHouseCluster;
import io.cdp.server.config.KafkaConfig;
import io.cdp.server.dlq.DeadLetterProducer;
import io.cdp.server.identity.IdentityRepo;
import io.cdp.server.kafka.KafkaClients;
import io.cdp.server.metrics.ConsumerLag;
import io.cdp.server.schema.SchemaFieldRepo;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.lifecycle.Managed;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.jdbi.v3.core.Jdbi;

/**
 * The bulker role: one {@link DestinationLoop} per destination, each in its own consumer group
 * ({@code <consumerGroup>-<destination>}), and the identity {@link StitchWorker}. Start and stop
 * it as a Dropwizard {@link Managed} object; it owns its Kafka clients, not the destinations.
 *
 * <pre>{@code
 * Bulker bulker = Bulker.create(config.bulker(), config.kafka(), List.of(new ClickHouseDestination(clickHouse)), jdbi,
 *         environment.metrics());
 * environment.lifecycle().manage(bulker);
 * }</pre>
 */
public final class Bulker implements Managed {
    /** Time a stopping loop gives its writers to store what it holds before leaving it to the next owner. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /**
     * Records per poll. The loop hands a table its next batch between polls, after reading what
     * the last one returned, so a table whose insert ended waits for that, with ClickHouse idle
     * on it meanwhile: a smaller poll keeps the gap to a few milliseconds. Ten polls still fill a
     * batch of 10,000 rows.
     */
    static final int MAX_POLL_RECORDS = 1000;
    /**
     * Bytes per fetch response (Kafka's default is 50 MB, with 1 MB per partition). The consumer
     * reads a response into one array; above half a G1 region (2 MB on a 6 GB heap) that array is
     * "humongous", and each one starts a concurrent marking cycle, which with a few busy
     * partitions costs a good part of a core in garbage collection. A megabyte still holds
     * thousands of compressed events, more than a poll takes.
     */
    static final int FETCH_MAX_BYTES = 1024 * 1024;

    private final List<DestinationLoop> loops;
    private final StitchWorker stitchWorker;
    private final Producer<String, byte[]> deadLetterProducer;

    private Bulker(List<DestinationLoop> loops, StitchWorker stitchWorker, Producer<String, byte[]> deadLetterProducer) {
        this.loops = loops;
        this.stitchWorker = stitchWorker;
        this.deadLetterProducer = deadLetterProducer;
    }

    /** A bulker that counts in Dropwizard's registry only ({@code cdp bench bulker}, tests). */
    public static Bulker create(BulkerConfig config, KafkaConfig kafka, List<Destination> destinations, Jdbi jdbi,
                                MetricRegistry metrics) {
        return create(config, kafka, destinations, jdbi, metrics, new CompositeMeterRegistry());
    }

    /**
     * @param metrics Dropwizard's registry: rows stored and dead-lettered per destination
     * @param meters  the process's Micrometer registry: {@code cdp_bulker_*} per destination and table, and
     *                each destination's consumer lag
     */
    public static Bulker create(BulkerConfig config, KafkaConfig kafka, List<Destination> destinations, Jdbi jdbi,
                                MetricRegistry metrics, MeterRegistry meters) {
        Producer<String, byte[]> producer = new KafkaProducer<>(KafkaClients.producer(kafka, "cdp-bulker-dlq"));
        DeadLetterProducer deadLetters = new DeadLetterProducer(producer, kafka.topics().dlq());
        SchemaFieldRepo schemaFields = jdbi.onDemand(SchemaFieldRepo.class);
        IdentityRepo identities = new IdentityRepo(jdbi);
        List<DestinationLoop> loops = new ArrayList<>();
        for (Destination destination : destinations) {
            Backoff backoff = new Backoff(config.maxRetryBackoff().toJavaDuration());
            String group = config.consumerGroup() + "-" + destination.name();
            Map<String, Object> properties = KafkaClients.consumer(kafka, group, group);
            properties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
            properties.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_MAX_BYTES);
            // Messages are read where Kafka put them, not copied (see DestinationLoop.kept).
            properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteBufferDeserializer.class);
            KafkaConsumer<String, ByteBuffer> consumer = ConsumerLag.register(meters, group)
                    .watch(new KafkaConsumer<>(properties));
            loops.add(new DestinationLoop(consumer, kafka.topics().processed(),
                    new TableWriter(destination, schemaFields, config.maxColumnsPerTable(), backoff),
                    new WriteTimeStitching(identities, backoff, config.stitchCacheVisitors()), new RejectedRows(deadLetters, backoff), backoff,
                    FlushPolicy.of(config), config.maxBufferedRows(), config.flushThreads(), config.batchesPerTable(),
                    config.readThreads(), STOP_GRACE,
                    new DestinationMetrics(metrics, meters, destination.name())));
        }
        return new Bulker(loops, new StitchWorker(identities, destinations, config.stitchInterval().toJavaDuration()),
                producer);
    }

    /**
     * The names of the destinations {@link #destinations} builds, in the same order, without
     * connecting to them (the rotor tells functions where their output goes).
     */
    public static List<String> destinationNames(BulkerConfig config) {
        return config.postgres().enabled() ? List.of(ClickHouseDestination.NAME, PostgresDestination.NAME)
                : List.of(ClickHouseDestination.NAME);
    }

    /**
     * The destinations the configuration asks for: ClickHouse always, PostgreSQL when
     * {@code bulker.postgres.enabled}; its connection pool is managed by {@code environment}.
     */
    public static List<Destination> destinations(BulkerConfig config, ClickHouse clickHouse, Environment environment) {
        return destinations(config, clickHouse, null, environment);
    }

    /** {@link #destinations(BulkerConfig, ClickHouse, Environment)} on a ClickHouse cluster; {@code cluster} may be null. */
    public static List<Destination> destinations(BulkerConfig config, ClickHouse clickHouse, ClickHouseCluster cluster,
                                                 Environment environment) {
        List<Destination> destinations = new ArrayList<>();
        destinations.add(new ClickHouseDestination(clickHouse, cluster));
        if (config.postgres().enabled()) {
            ManagedDataSource dataSource = config.postgres().database().build(environment.metrics(), "bulker-postgres");
            environment.lifecycle().manage(dataSource);
            destinations.add(new PostgresDestination(dataSource));
        }
        return destinations;
    }

    @Override
    public void start() {
        loops.forEach(DestinationLoop::start);
        stitchWorker.start();
    }

    @Override
    public void stop() throws InterruptedException {
        List<Thread> stopping = new ArrayList<>();
        for (DestinationLoop loop : loops) {
            Thread stopper = new Thread(() -> {
                try {
                    loop.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            stopper.start();
            stopping.add(stopper);
        }
        for (Thread stopper : stopping) {
            stopper.join();
        }
        stitchWorker.stop();
        deadLetterProducer.close(Duration.ofSeconds(5));
    }

    /** Stitches every pending identity now (tests and tools; the worker does it on its own schedule). */
    public int stitchPending() {
        return stitchWorker.stitchPending();
    }
}
