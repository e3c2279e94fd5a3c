package io.cdp.server.rotor;

import io.cdp.functions.FunctionRuntime;
import io.cdp.functions.enrich.GeoLocator;
import io.cdp.functions.enrich.UserAgents;
import io.cdp.server.config.KafkaConfig;
import io.cdp.server.dlq.DeadLetterProducer;
import io.cdp.server.functions.FunctionLogStore;
import io.cdp.server.functions.FunctionRepo;
import io.cdp.server.kafka.KafkaClients;
import io.cdp.server.metrics.ConsumerLag;
import io.dropwizard.core.setup.Environment;
import io.micrometer.core.instrument.MeterRegistry;
import io.dropwizard.lifecycle.AutoCloseableManager;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * Wires the rotor role: function runtime, geo database, producer, processor and consumer loop, all
 * managed. Called by {@code CdpApplication} when the process runs {@code rotor}.
 */
public final class RotorRole {
    private static final Logger LOG = LoggerFactory.getLogger(RotorRole.class);

    private RotorRole() {
    }

    /**
     * @param destinations names of the destinations the bulker writes to ({@code ctx.destination},
     *                     {@code ctx.connection})
     * @param meters       where the role's {@code cdp_rotor_*} metrics and its consumer lag go
     */
    public static void register(RotorConfig rotor, KafkaConfig kafka, List<String> destinations, Jdbi jdbi,
                                RedisClient redis, MeterRegistry meters, Environment environment) {
        FunctionRuntime runtime = new FunctionRuntime(rotor.runtime());
        environment.lifecycle().manage(new AutoCloseableManager(runtime));
        LOG.info("rotor: functions run on {}", runtime.describeMode());
        GeoLocator geo = geoLocator(rotor);
        if (geo != null) {
            environment.lifecycle().manage(new AutoCloseableManager(geo));
        }

        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaClients.producer(kafka, "cdp-rotor"));
        EventProcessor processor = new EventProcessor(
                new FunctionChains(jdbi.onDemand(FunctionRepo.class), runtime, rotor.chainCacheTtl().toJavaDuration(),
                        Clock.systemUTC()),
                runtime, producer, new DeadLetterProducer(producer, kafka.topics().dlq()),
                new EventProcessor.Topics(kafka.topics().processed(), kafka.topics().retry()), rotor,
                new FunctionContexts(redis, geo, destinations),
                new FunctionLogStore(redis, rotor.logsPerFunction()), Clock.systemUTC(), new RotorMetrics(meters));
        ConsumerLag lag = ConsumerLag.register(meters, rotor.consumerGroup());
        RotorLoop loop = new RotorLoop(
                () -> lag.watch(new KafkaConsumer<>(consumerProperties(rotor, kafka))),
                List.of(kafka.topics().ingest(), kafka.topics().retry()), kafka.topics().retry(), processor,
                rotor.loop(), Clock.systemUTC());
        // Registered after the producer, so on stop the loop finishes (and commits) before it closes.
        environment.lifecycle().manage(new AutoCloseableManager(producer));
        environment.lifecycle().manage(loop);
        // The user-agent parser takes seconds to build: build it now, not on the first event.
        Thread warmUp = new Thread(UserAgents::shared, "cdp-ua-warmup");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /** The configured geo database, opened; a bad one stops start-up with the reason. */
    private static GeoLocator geoLocator(RotorConfig rotor) {
        if (rotor.geoDatabaseFile().isEmpty()) {
            LOG.info("rotor: no geo database (rotor.geoDatabase, CDP_GEO_DATABASE): ctx.geo is absent");
            return null;
        }
        Path file = rotor.geoDatabaseFile().get();
        try {
            GeoLocator geo = GeoLocator.open(file);
            LOG.info("rotor: ctx.geo from {} ({})", file, geo.databaseType());
            return geo;
        } catch (IOException e) {
            throw new IllegalStateException("rotor.geoDatabase (CDP_GEO_DATABASE): " + e.getMessage()
                    + "; give a GeoLite2/GeoIP2 City or Country .mmdb file, or leave it empty for no geo", e);
        }
    }

    /** The shared consumer settings with the rotor's poll size (kafka.properties still win). */
    public static Map<String, Object> consumerProperties(RotorConfig rotor, KafkaConfig kafka) {
        Map<String, Object> properties = KafkaClients.consumer(kafka, rotor.consumerGroup(), "cdp-rotor");
        if (!kafka.properties().containsKey(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)) {
            properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, rotor.maxPollRecords());
        }
        return properties;
    }
}
