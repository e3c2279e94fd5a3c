package io.cdp.server.health;

import com.codahale.metrics.health.HealthCheck;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Healthy when the Kafka cluster answers a describe-cluster request within two seconds. */
public class KafkaHealthCheck extends HealthCheck {
    private final Admin admin;

    public KafkaHealthCheck(Admin admin) {
        this.admin = admin;
    }

    @Override
    protected Result check() throws Exception {
        int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                .nodes().get(3, TimeUnit.SECONDS).size();
        return nodes > 0 ? Result.healthy(nodes + " broker(s)") : Result.unhealthy("no Kafka broker answered");
    }
}
