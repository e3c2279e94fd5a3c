package io.cdp.server;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.cdp.server.api.AdminTokenFilter;
import io.cdp.server.api.ConnectionFile;
import io.cdp.server.bulker.Bulker;
import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.config.ConfigurationLoader;
import io.cdp.server.config.Role;
import io.cdp.server.config.ServeCommand;
import io.cdp.server.dlq.DeadLetterRepo;
import io.cdp.server.dlq.DeadLetterResource;
import io.cdp.server.dlq.DeadLetterService;
import io.cdp.server.error.AppErrorMapper;
import io.cdp.functions.FunctionRuntime;
import io.cdp.server.functions.FunctionLogStore;
import io.cdp.server.functions.FunctionRepo;
import io.cdp.server.functions.FunctionResource;
import io.cdp.server.functions.FunctionService;
import io.cdp.server.health.ClickHouseHealthCheck;
import io.cdp.server.health.HealthResource;
import io.cdp.server.kafka.KafkaClients;
import io.cdp.server.stats.PipelineStatsService;
import io.cdp.server.stats.StatsResource;
import io.cdp.server.health.KafkaHealthCheck;
import io.cdp.server.health.RedisHealthCheck;
import io.cdp.server.ingest.IngestRole;
import io.cdp.server.keys.WriteKeyRepo;
import io.cdp.server.rotor.RotorRole;
import io.cdp.server.keys.WriteKeyResource;
import io.cdp.server.keys.WriteKeyRevocations;
import io.cdp.server.keys.WriteKeyService;
import io.cdp.server.workspaces.WorkspaceRepo;
import io.cdp.server.workspaces.WorkspaceResource;
import io.cdp.server.workspaces.WorkspaceService;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.lifecycle.AutoCloseableManager;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.jdbi.v3.core.Jdbi;
import redis.clients.jedis.RedisClient;

/**
 * The CDP server: one Dropwizard application holding the ingest, rotor and bulker roles and the
 * management API; {@code roles} in the configuration says which of them this process runs.
 * This class only wires: every piece gets its dependencies through its constructor.
 */
public class CdpApplication extends Application<CdpConfiguration> {
    /** The configuration built into the jar, used when no file is given. */
    public static final String DEFAULT_CONFIG = "cdp.yml";

    public static void main(String[] args) throws Exception {
        new CdpApplication().run(args);
    }

    @Override
    public String getName() {
        return "cdp";
    }

    @Override
    public void initialize(Bootstrap<CdpConfiguration> bootstrap) {
        // API answers carry times as ISO-8601 text ("2026-11-26T05:00:00Z"), like the Kafka messages.
        bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        bootstrap.setConfigurationSourceProvider(ConfigurationLoader.sourceProvider());
    }

    @Override
    protected void addDefaultCommands(Bootstrap<CdpConfiguration> bootstrap) {
        bootstrap.addCommand(new ServeCommand<>(this));
    }

    @Override
    public void run(CdpConfiguration config, Environment environment) {
        Jdbi jdbi = new JdbiFactory().build(environment, config.database(), "postgresql");

        RedisClient redis = RedisClient.create(config.redis().host(), config.redis().port());
        environment.lifecycle().manage(new AutoCloseableManager(redis));
        environment.healthChecks().register("redis", new RedisHealthCheck(redis));

        Admin kafkaAdmin = Admin.create(kafkaAdminProperties(config));
        environment.lifecycle().manage(new AutoCloseableManager(kafkaAdmin));
        environment.healthChecks().register("kafka", new KafkaHealthCheck(kafkaAdmin));

        if (config.runs(Role.BULKER)) {
            ClickHouse clickHouse = new ClickHouse(config.clickhouse());
            environment.lifecycle().manage(new AutoCloseableManager(clickHouse));
            environment.healthChecks().register("clickhouse", new ClickHouseHealthCheck(clickHouse));
            environment.lifecycle().manage(Bulker.create(config.bulker(), config.kafka(),
                    Bulker.destinations(config.bulker(), clickHouse, environment), jdbi, environment.metrics()));
        }

        AppErrorMapper errors = new AppErrorMapper();
        environment.jersey().register(errors);
        environment.jersey().register(new AppErrorMapper.ConstraintViolations(errors));
        environment.jersey().register(new HealthResource(environment.healthChecks()));
        // Every resource under /api is guarded, whichever role registers it.
        environment.jersey().register(new AdminTokenFilter(config.adminToken()));

        if (config.runs(Role.INGEST)) {
            IngestRole.register(config, environment, jdbi, redis);
        }

        WorkspaceService workspaces = new WorkspaceService(jdbi.onDemand(WorkspaceRepo.class));
        if (config.runs(Role.API)) {
            WriteKeyService keys = new WriteKeyService(jdbi.onDemand(WriteKeyRepo.class), workspaces,
                    new WriteKeyRevocations(redis));
            environment.jersey().register(new WorkspaceResource(workspaces, keys));
            environment.jersey().register(new WriteKeyResource(keys));
            environment.lifecycle().addServerLifecycleListener(
                    new ConnectionFile(ConnectionFile.defaultDirectory(), config.adminToken()));

            Producer<String, byte[]> replayProducer = new KafkaProducer<>(KafkaClients.producer(config.kafka(), "cdp-api"));
            environment.lifecycle().manage(new AutoCloseableManager(replayProducer));
            environment.jersey().register(new DeadLetterResource(new DeadLetterService(
                    new DeadLetterRepo(config.kafka()), replayProducer, config.kafka().topics().retry()), workspaces));
            environment.jersey().register(new StatsResource(
                    new PipelineStatsService(kafkaAdmin, config.kafka(), Clock.systemUTC())));

            // Deploys are compiled in the rotor's runtime (limits and all) before they are stored.
            FunctionRuntime validator = new FunctionRuntime(config.rotor().runtime().withPoolSize(1));
            environment.lifecycle().manage(new AutoCloseableManager(validator));
            environment.jersey().register(new FunctionResource(new FunctionService(jdbi.onDemand(FunctionRepo.class),
                    workspaces, validator, new FunctionLogStore(redis, config.rotor().logsPerFunction()))));
        }
        if (config.runs(Role.ROTOR)) {
            RotorRole.register(config.rotor(), config.kafka(), Bulker.destinationNames(config.bulker()), jdbi, redis,
                    environment);
        }
    }

    private static Map<String, Object> kafkaAdminProperties(CdpConfiguration config) {
        Map<String, Object> properties = new HashMap<>(config.kafka().properties());
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "cdp-health");
        return properties;
    }
}
