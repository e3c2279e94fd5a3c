package io.cdp.server.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Map;

/**
 * {@code GET /api/v1/key-usage}: when each write key last sent events (management API, admin
 * token); a key that never did is absent. Times are as precise as ingest's flush interval.
 *
 * <pre>
 * {"last_used": {"key_01J...": "2026-12-05T20:01:30Z"}, "precision_seconds": 10}
 * </pre>
 */
@Path("/api/v1/key-usage")
@Produces(MediaType.APPLICATION_JSON)
public class KeyUsageResource {
    private final KeyUsageService usage;

    public KeyUsageResource(KeyUsageService usage) {
        this.usage = usage;
    }

    @GET
    public Usage lastUses() {
        return new Usage(usage.lastUses(), KeyUsageService.FLUSH_EVERY.toSeconds());
    }

    /** The answer: key id → last use, and how stale a time may be. */
    public record Usage(@JsonProperty("last_used") Map<String, Instant> lastUsed,
                        @JsonProperty("precision_seconds") long precisionSeconds) {
    }
}
