package io.cdp.server.ingest;

import io.cdp.server.ingest.address.TrustedProxies;
import io.cdp.server.ingest.address.ClientAddress;
import io.cdp.server.ingest.browser.SegmentSettingsResource;
import io.cdp.server.ingest.browser.BrowserCors;
import io.cdp.server.config.KafkaConfig;
import io.cdp.server.config.RedisConfig;
import io.cdp.server.ingest.auth.RevocationSubscriber;
import io.cdp.server.ingest.auth.WriteKeyAuthenticator;
import io.cdp.server.ingest.auth.WriteKeyCache;
import io.cdp.server.ingest.dedup.Deduplicator;
import io.cdp.server.ingest.publish.EventPublisher;
import io.cdp.server.ingest.publish.Spool;
import io.cdp.server.ingest.publish.SpoolConfig;
import io.cdp.server.schema.SchemaCheck;
import io.cdp.server.schema.SchemaFieldRepo;
import io.cdp.server.ingest.time.LateEventCheck;
import io.cdp.server.ingest.validation.EventValidator;
import io.cdp.server.kafka.KafkaClients;
import io.cdp.server.keys.KeyUsageRepo;
import io.cdp.server.keys.KeyUsageService;
import io.cdp.server.keys.WriteKeyRepo;
import io.cdp.server.live.LiveEventsResource;
import io.cdp.server.live.LiveEventsService;
import io.cdp.server.live.ProcessedTail;
import io.cdp.server.live.RecentEvents;
import io.cdp.server.workspaces.WorkspaceRepo;
import io.cdp.server.workspaces.WorkspaceService;
import io.dropwizard.core.setup.Environment;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * Wires the ingest role: the pipeline's steps, its Kafka producer and the revocation listener,
 * and the HTTP resource. Called by {@code CdpApplication} when the process runs {@code ingest}.
 */
public final class IngestRole {
    private static final Logger LOG = LoggerFactory.getLogger(IngestRole.class);

    private IngestRole() {
    }

    /**
     * @param redisAddress where Redis runs: the revocation listener holds a connection of its own
     * @param meters       where the role's {@code cdp_ingest_*} metrics go ({@link IngestMetrics})
     */
    public static void register(IngestConfig ingest, KafkaConfig kafka, RedisConfig redisAddress, Jdbi jdbi,
                                RedisClient redis, MeterRegistry meters, Environment environment) {
        ClientAddress clientAddress = new ClientAddress(trustedProxies(ingest));

        WriteKeyCache keyCache = new WriteKeyCache(redis, jdbi.onDemand(WriteKeyRepo.class),
                ingest.keyCacheTtl().toJavaDuration(), ingest.keyRedisTtl().toJavaDuration());
        environment.lifecycle().manage(new RevocationSubscriber(
                () -> RedisClient.create(redisAddress.host(), redisAddress.port()), keyCache));

        Map<String, Object> producerProperties = KafkaClients.producer(kafka, "cdp-ingest");
        producerProperties.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) ingest.kafkaMaxBlock().toMilliseconds());
        Producer<String, byte[]> producer = new KafkaProducer<>(producerProperties);
        EventPublisher publisher = new EventPublisher(producer, kafka.topics().ingest(), kafka.topics().dlq(),
                ingest.delivery(), openSpool(ingest.spool()), ingest.kafkaMaxBlock().toJavaDuration());
        environment.lifecycle().manage(publisher);
        LOG.info("ingest: {} delivery; events wait for Kafka in the spool {}", ingest.delivery().name().toLowerCase(),
                ingest.spool().path().toAbsolutePath());

        RecentEvents recent = new RecentEvents(RecentEvents.DEFAULT_CAPACITY, RecentEvents.DEFAULT_PER_SECOND,
                Clock.systemUTC());
        IngestService service = new IngestService(
                new EventValidator(environment.getValidator()),
                new RateLimiter(redis, ingest.rateLimits()),
                new LateEventCheck(ingest.lateEventWindow().toJavaDuration()),
                new Deduplicator(redis, ingest.dedupTtl().toJavaDuration()),
                new SchemaCheck(jdbi.onDemand(SchemaFieldRepo.class)),
                publisher, ingest.kafkaMaxBlock().toJavaDuration(), ingest.payloadLimitBytes(), ingest.batchMaxEvents(),
                new IngestMetrics(meters), recent);
        // The live view is served where the verdicts are: by the ingest role, under the admin token.
        environment.jersey().register(new LiveEventsResource(new LiveEventsService(recent, new ProcessedTail(kafka),
                new WorkspaceService(jdbi.onDemand(WorkspaceRepo.class)))));
        KeyUsageService keyUsage = new KeyUsageService(new KeyUsageRepo(redis), Clock.systemUTC());
        environment.lifecycle().manage(keyUsage);
        WriteKeyAuthenticator authenticator = new WriteKeyAuthenticator(keyCache, keyUsage);
        environment.jersey().register(new IngestResource(authenticator, service,
                new IngestLog(ingest.logPayloadOnSuccess(), ingest.logPayloadOnError()), ingest, clientAddress,
                Clock.systemUTC()));
        environment.jersey().register(new SegmentSettingsResource(authenticator, clientAddress));
        environment.jersey().register(new BrowserCors());
    }

    private static Spool openSpool(SpoolConfig spool) {
        try {
            return Spool.open(spool.path(), spool.maxSize().toBytes(), spool.segmentSize().toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("ingest.spool.dir (CDP_INGEST_SPOOL_DIR) " + spool.path().toAbsolutePath()
                    + " cannot be used: " + e.getMessage(), e);
        }
    }

    /** The configured proxies; an entry that is not an address or range stops start-up, named. */
    private static TrustedProxies trustedProxies(IngestConfig ingest) {
        try {
            TrustedProxies trusted = TrustedProxies.parse(ingest.trustedProxies());
            LOG.info("ingest: events without context.ip get the client's address; X-Forwarded-For believed from: {}",
                    trusted);
            return trusted;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ingest.trustedProxies (CDP_INGEST_TRUSTED_PROXIES): " + e.getMessage(), e);
        }
    }
}
