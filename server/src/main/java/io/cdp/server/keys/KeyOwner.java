package io.cdp.server.keys;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.cdp.server.workspaces.AllowedOrigins;
import java.time.Instant;

/**
 * What a write key unlocks, as ingest needs it for every request: the key, its source and
 * workspace, the workspace's tier and own limits, whether the key was revoked, and the web origins
 * its source accepts (space-separated, null for any). Small and
 * JSON-serialisable because it is cached in Redis.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record KeyOwner(String keyId, String sourceId, String workspaceId, String tier, Integer rateBurst,
                       Long ratePerDay, Instant revokedAt, String allowedOrigins) {

    public boolean revoked() {
        return revokedAt != null;
    }

    /** Whether the key's source accepts a browser request from {@code origin} (null: not a browser). */
    public boolean allowsOrigin(String origin) {
        return AllowedOrigins.allows(allowedOrigins, origin);
    }
}
