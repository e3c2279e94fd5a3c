package io.cdp.server.bulker;

import io.cdp.server.clickhouse.ClickHouse;
import io.cdp.server.clickhouse.ClickHouseCluster;
import io.cdp.server.config.ClickHouseConfig;
import io.cdp.server.config.KafkaConfig;
import io.cdp.server.health.ClickHouseHealthCheck;
import io.dropwizard.core.setup.Environment;
import io.micrometer.core.instrument.MeterRegistry;
import io.dropwizard.lifecycle.AutoCloseableManager;
import org.jdbi.v3.core.Jdbi;

/**
 * Wires the bulker role: the ClickHouse client (and its health check), the destinations the
 * configuration asks for, and the {@link Bulker} itself, all managed. Called by
 * {@code CdpApplication} when the process runs {@code bulker}.
 */
public final class BulkerRole {
    private BulkerRole() {
    }

    public static void register(BulkerConfig bulker, ClickHouseConfig clickhouse, KafkaConfig kafka, Jdbi jdbi,
                                MeterRegistry meters, Environment environment) {
        ClickHouse clickHouse = new ClickHouse(clickhouse);
        environment.lifecycle().manage(new AutoCloseableManager(clickHouse));
        environment.healthChecks().register("clickhouse", new ClickHouseHealthCheck(clickHouse));
        ClickHouseCluster cluster = ClickHouseCluster.of(clickhouse).orElse(null);
        if (cluster != null) {
            environment.lifecycle().manage(new AutoCloseableManager(cluster));
            // Every shard takes part in each insert (insert_distributed_sync): one that is down stops writes.
            for (int shard = 0; shard < cluster.shards().size(); shard++) {
                environment.healthChecks().register("clickhouse-shard-" + (shard + 1),
                        new ClickHouseHealthCheck(cluster.shards().get(shard)));
            }
        }
        environment.lifecycle().manage(Bulker.create(bulker, kafka,
                Bulker.destinations(bulker, clickHouse, cluster, environment), jdbi, environment.metrics(), meters));
    }
}
