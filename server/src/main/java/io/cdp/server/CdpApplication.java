package io.cdp.server;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.cdp.server.management.AdminTokenFilter;
import io.cdp.server.management.AdminTokenPolicy;
import io.cdp.server.management.ApiRole;
import io.cdp.server.bulker.Bulker;
import io.cdp.server.bulker.BulkerRole;
import io.cdp.server.config.Role;
import io.cdp.server.config.ServeCommand;
import io.cdp.server.config.StartupRefused;
import io.cdp.server.error.AppErrorMapper;
import io.cdp.server.health.HealthResource;
import io.cdp.server.health.KafkaHealthCheck;
import io.cdp.server.health.RedisHealthCheck;
import io.cdp.server.ingest.IngestRole;
import io.cdp.server.metrics.PrometheusServlet;
import io.cdp.server.migrate.MigrationStatusService;
import io.cdp.server.rotor.RotorRole;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jdbi.v3.core.Jdbi;
import redis.clients.jedis.RedisClient;

/**
 * The CDP server: one Dropwizard application holding the ingest, rotor and bulker roles and the
 * management API; {@code roles} in the configuration says which of them this process runs.
 * This class only wires: the services the roles share and their health checks, then each role
 * this process runs, through its {@code register} ({@link IngestRole}, {@link RotorRole},
 * {@link BulkerRole}, {@link ApiRole}), which hands every piece its dependencies through its
 * constructor, and the one metrics registry of the process, served as {@code /prometheus} on the
 * admin port.
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
        AdminTokenPolicy.refusal(config.adminToken(), config.getServerFactory()).ifPresent(reason -> {
            throw new StartupRefused(reason);
        });
        // Services the roles share, each with its health check.
        Jdbi jdbi = new JdbiFactory().build(environment, config.database(), "postgresql");

        RedisClient redis = RedisClient.create(config.redis().host(), config.redis().port());
        environment.lifecycle().manage(new AutoCloseableManager(redis));
        environment.healthChecks().register("redis", new RedisHealthCheck(redis));

        Admin kafkaAdmin = Admin.create(kafkaAdminProperties(config));
        environment.lifecycle().manage(new AutoCloseableManager(kafkaAdmin));
        environment.healthChecks().register("kafka", new KafkaHealthCheck(kafkaAdmin));

        // What every role's resources share: one error mapper, the health resource, the admin token.
        AppErrorMapper errors = new AppErrorMapper();
        environment.jersey().register(errors);
        environment.jersey().register(new AppErrorMapper.ConstraintViolations(errors));
        environment.jersey().register(new HealthResource(environment.healthChecks()));
        // Every resource under /api is guarded, whichever role registers it.
        environment.jersey().register(new AdminTokenFilter(config.adminToken()));
        // One Prometheus registry for the process, on the admin port only; each role records into it.
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        environment.admin().addServlet("prometheus", new PrometheusServlet(meters)).addMapping("/prometheus");

        // The roles this process runs. Managed objects start in this order and stop in reverse.
        if (config.runs(Role.BULKER)) {
            BulkerRole.register(config.bulker(), config.clickhouse(), config.kafka(), jdbi, meters, environment);
        }
        if (config.runs(Role.INGEST)) {
            IngestRole.register(config.ingest(), config.kafka(), config.redis(), jdbi, redis, meters, environment);
        }
        if (config.runs(Role.API)) {
            ApiRole.register(config.adminToken(), config.kafka(), config.rotor(), config.ingest(), jdbi, redis, kafkaAdmin,
                    meters, new MigrationStatusService(config.migrationDatabases()), environment);
        }
        if (config.runs(Role.ROTOR)) {
            RotorRole.register(config.rotor(), config.kafka(), Bulker.destinationNames(config.bulker()), jdbi, redis,
                    meters, environment);
        }
    }

    private static Map<String, Object> kafkaAdminProperties(CdpConfiguration config) {
        Map<String, Object> properties = new HashMap<>(config.kafka().properties());
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "cdp-health");
        return properties;
    }
}
