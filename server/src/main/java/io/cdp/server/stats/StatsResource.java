package io.cdp.server.stats;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/v1/stats}: a {@link PipelineSnapshot} (management API, admin token). */
@Path("/api/v1/stats")
@Produces(MediaType.APPLICATION_JSON)
public record StatsResource(PipelineStatsService stats) {
    @GET
    public PipelineSnapshot snapshot() {
        return stats.snapshot();
    }
}
