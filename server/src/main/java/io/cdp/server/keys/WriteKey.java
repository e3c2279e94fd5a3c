package io.cdp.server.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A write key as the management API lists it: never the key itself, only its display prefix.
 * {@code revokedAt} is set once the key is revoked.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WriteKey(String id, String prefix, String workspaceId, String workspaceName, String sourceId,
                       String sourceName, Instant createdAt, Instant revokedAt) {

    /** How the key is shown: {@code cdp_wk_Q2x9…}. */
    @JsonProperty("masked")
    public String masked() {
        return prefix + "…";
    }
}
