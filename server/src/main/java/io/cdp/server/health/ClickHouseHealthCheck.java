package io.cdp.server.health;

import com.codahale.metrics.health.HealthCheck;
import io.cdp.server.clickhouse.ClickHouse;
import java.util.List;

/** Healthy when ClickHouse answers a query; the message carries the server version. */
public class ClickHouseHealthCheck extends HealthCheck {
    private final ClickHouse clickHouse;

    public ClickHouseHealthCheck(ClickHouse clickHouse) {
        this.clickHouse = clickHouse;
    }

    @Override
    protected Result check() {
        // Asked on every check (not the cached version): the point is that the server answers now.
        List<?> rows = clickHouse.query("SELECT version() AS version");
        return rows.isEmpty()
                ? Result.unhealthy("ClickHouse answered with no rows")
                : Result.healthy("ClickHouse " + clickHouse.capabilities().version() + ", database " + clickHouse.database());
    }
}
