package io.cdp.server.health;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.TreeMap;

/**
 * Liveness and readiness on the API port, for load balancers: {@code /health} answers while the
 * process runs; {@code /ready} only when every registered dependency (PostgreSQL, Redis, Kafka, and ClickHouse where the bulker runs)
 * answers, else 503 with the failing ones.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public record HealthResource(HealthCheckRegistry checks) {
    @GET
    @Path("health")
    public Map<String, String> health() {
        return Map.of("status", "ok");
    }

    @GET
    @Path("ready")
    public Response ready() {
        Map<String, String> results = new TreeMap<>();
        boolean ready = true;
        for (Map.Entry<String, HealthCheck.Result> entry : checks.runHealthChecks().entrySet()) {
            HealthCheck.Result result = entry.getValue();
            ready &= result.isHealthy();
            results.put(entry.getKey(), result.isHealthy() ? "ok" : String.valueOf(result.getMessage()));
        }
        return Response.status(ready ? 200 : 503)
                .entity(Map.of("status", ready ? "ready" : "not ready", "checks", results))
                .build();
    }
}
