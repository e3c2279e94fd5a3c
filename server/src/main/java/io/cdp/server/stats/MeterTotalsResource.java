package io.cdp.server.stats;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/v1/stats/meters}: this process's {@code cdp_*} meters ({@link MeterTotals}),
 * management API, admin token.
 *
 * <pre>
 * {"at": "2026-12-05T20:00:00Z", "meters": [{"name": "cdp_ingest_events_accepted_total", "tags": {}, "value": 42.0}]}
 * </pre>
 */
@Path("/api/v1/stats/meters")
@Produces(MediaType.APPLICATION_JSON)
public class MeterTotalsResource {
    private final MeterTotals meters;

    public MeterTotalsResource(MeterTotals meters) {
        this.meters = meters;
    }

    @GET
    public MeterTotals.Reading read() {
        return meters.read();
    }
}
