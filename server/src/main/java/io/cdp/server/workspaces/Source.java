package io.cdp.server.workspaces;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * Where events come from (a website, a backend); write keys belong to a source. {@code origins}
 * is the stored form of the web origins it accepts browser events from ({@link AllowedOrigins}),
 * null for any.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Source(String id, String workspaceId, String name, String type, Instant createdAt,
                     @JsonIgnore String origins) {

    /** The allowed origins as the API shows them; empty: any origin. */
    @JsonProperty("allowed_origins")
    public List<String> allowedOrigins() {
        return AllowedOrigins.list(origins);
    }
}
