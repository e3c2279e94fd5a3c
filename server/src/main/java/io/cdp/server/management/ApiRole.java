package io.cdp.server.management;

import io.cdp.server.ingest.IngestConfig;
import io.cdp.server.ingest.IngestReplay;
import io.cdp.server.ingest.time.LateEventCheck;
import io.cdp.server.ingest.validation.EventValidator;
import io.cdp.server.schema.SchemaCheck;
import io.cdp.server.schema.SchemaFieldRepo;
import io.cdp.functions.FunctionRuntime;
import io.cdp.server.config.KafkaConfig;
import io.cdp.server.dlq.DeadLetterRepo;
import io.cdp.server.dlq.DeadLetterResource;
import io.cdp.server.dlq.DeadLetterService;
import io.cdp.server.functions.FunctionLogStore;
import io.cdp.server.functions.FunctionRepo;
import io.cdp.server.functions.FunctionResource;
import io.cdp.server.functions.FunctionService;
import io.cdp.server.kafka.KafkaClients;
import io.cdp.server.keys.KeyUsageRepo;
import io.cdp.server.keys.KeyUsageResource;
import io.cdp.server.keys.KeyUsageService;
import io.cdp.server.keys.WriteKeyRepo;
import io.cdp.server.migrate.MigrationStatusResource;
import io.cdp.server.migrate.MigrationStatusService;
import io.cdp.server.stats.MeterTotals;
import io.cdp.server.stats.MeterTotalsResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.cdp.server.keys.SourceOriginsResource;
import io.cdp.server.keys.WriteKeyResource;
import io.cdp.server.keys.WriteKeyRevocations;
import io.cdp.server.keys.WriteKeyService;
import io.cdp.server.rotor.RotorConfig;
import io.cdp.server.stats.PipelineStatsService;
import io.cdp.server.stats.StatsResource;
import io.cdp.server.workspaces.WorkspaceRepo;
import io.cdp.server.workspaces.WorkspaceResource;
import io.cdp.server.workspaces.WorkspaceService;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.AutoCloseableManager;
import java.time.Clock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.jdbi.v3.core.Jdbi;
import redis.clients.jedis.RedisClient;

/**
 * Wires the management API role: the resources under {@code /api/v1} (workspaces and sources,
 * write keys, functions, dead letters, pipeline stats) and the connection file local clients
 * read. Called by {@code CdpApplication} when the process runs {@code api}; the
 * {@link AdminTokenFilter} that guards these resources is registered by the application for
 * every role.
 */
public final class ApiRole {
    private ApiRole() {
    }

    /**
     * @param adminToken the token the API requires, written to the connection file for local clients
     * @param rotor      the function runtime's limits, which a deploy is compiled under, and the
     *                   size of each function's log
     * @param kafkaAdmin the shared Kafka admin client, for the pipeline's stats
     * @param ingest     ingest's settings: a replayed ingest dead letter meets ingest's checks again
     * @param meters     the process's metrics, served as JSON for clients of the API (the dashboard)
     * @param migrations the databases' migration status
     */
    public static void register(String adminToken, KafkaConfig kafka, RotorConfig rotor, IngestConfig ingest, Jdbi jdbi,
                                RedisClient redis, Admin kafkaAdmin, MeterRegistry meters,
                                MigrationStatusService migrations, Environment environment) {
        WorkspaceService workspaces = new WorkspaceService(jdbi.onDemand(WorkspaceRepo.class));
        WriteKeyService keys = new WriteKeyService(jdbi.onDemand(WriteKeyRepo.class), workspaces,
                new WriteKeyRevocations(redis));
        environment.jersey().register(new WorkspaceResource(workspaces));
        environment.jersey().register(new SourceOriginsResource(workspaces, keys));
        environment.jersey().register(new WriteKeyResource(keys));
        environment.lifecycle().addServerLifecycleListener(
                new ConnectionFile(ConnectionFile.defaultDirectory(), adminToken));

        Producer<String, byte[]> replayProducer = new KafkaProducer<>(KafkaClients.producer(kafka, "cdp-api"));
        environment.lifecycle().manage(new AutoCloseableManager(replayProducer));
        IngestReplay ingestChecks = new IngestReplay(new EventValidator(environment.getValidator()),
                new LateEventCheck(ingest.lateEventWindow().toJavaDuration()),
                new SchemaCheck(jdbi.onDemand(SchemaFieldRepo.class)));
        environment.jersey().register(new DeadLetterResource(new DeadLetterService(new DeadLetterRepo(kafka),
                replayProducer, kafka.topics().retry(), kafka.topics().ingest(), ingestChecks), workspaces));
        environment.jersey().register(new StatsResource(
                new PipelineStatsService(kafkaAdmin, kafka, Clock.systemUTC())));
        environment.jersey().register(new MeterTotalsResource(new MeterTotals(meters, Clock.systemUTC())));
        environment.jersey().register(new MigrationStatusResource(migrations));
        environment.jersey().register(new KeyUsageResource(new KeyUsageService(new KeyUsageRepo(redis),
                Clock.systemUTC())));

        // Deploys are compiled in the rotor's runtime (limits and all) before they are stored.
        FunctionRuntime validator = new FunctionRuntime(rotor.runtime().withPoolSize(1));
        environment.lifecycle().manage(new AutoCloseableManager(validator));
        environment.jersey().register(new FunctionResource(new FunctionService(jdbi.onDemand(FunctionRepo.class),
                workspaces, validator, new FunctionLogStore(redis, rotor.logsPerFunction()))));
    }
}
