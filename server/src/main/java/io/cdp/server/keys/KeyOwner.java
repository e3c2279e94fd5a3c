package io.cdp.server.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * What a write key unlocks, as ingest needs it for every request: the key, its source and
 * workspace, the workspace's tier and own limits, and whether the key was revoked. Small and
 * JSON-serialisable because it is cached in Redis.
 */
public record KeyOwner(
        @JsonProperty("key_id") String keyId,
        @JsonProperty("source_id") String sourceId,
        @JsonProperty("workspace_id") String workspaceId,
        @JsonProperty("tier") String tier,
        @JsonProperty("rate_burst") Integer rateBurst,
        @JsonProperty("rate_per_day") Long ratePerDay,
        @JsonProperty("revoked_at") Instant revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
