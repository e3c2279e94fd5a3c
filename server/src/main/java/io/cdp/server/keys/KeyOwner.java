package io.cdp.server.keys;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cdp.server.workspaces.AllowedOrigins;
import java.time.Instant;

/**
 * What a write key unlocks, as ingest needs it for every request: the key, its source and
 * workspace, the workspace's tier and own limits, whether the key was revoked, and the web origins
 * its source accepts (space-separated, null for any). Small and
 * JSON-serialisable because it is cached in Redis.
 */
public record KeyOwner(
        @JsonProperty("key_id") String keyId,
        @JsonProperty("source_id") String sourceId,
        @JsonProperty("workspace_id") String workspaceId,
        @JsonProperty("tier") String tier,
        @JsonProperty("rate_burst") Integer rateBurst,
        @JsonProperty("rate_per_day") Long ratePerDay,
        @JsonProperty("revoked_at") Instant revokedAt,
        @JsonProperty("allowed_origins") String allowedOrigins) {

    public boolean revoked() {
        return revokedAt != null;
    }

    /** Whether the key's source accepts a browser request from {@code origin} (null: not a browser). */
    public boolean allowsOrigin(String origin) {
        return AllowedOrigins.allows(allowedOrigins, origin);
    }
}
