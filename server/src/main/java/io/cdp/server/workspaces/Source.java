package io.cdp.server.workspaces;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** Where events come from (a website, a backend); write keys belong to a source. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Source(String id, String workspaceId, String name, String type, Instant createdAt) {
}
