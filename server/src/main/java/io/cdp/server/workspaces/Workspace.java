package io.cdp.server.workspaces;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A tenant: its sources, keys, functions and data are its own. {@code rateBurst} and
 * {@code ratePerDay} are an enterprise workspace's own limits; {@code null} means the tier's.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Workspace(String id, String name, Tier tier, Integer rateBurst, Long ratePerDay, Instant createdAt) {
}
