package io.cdp.server.keys;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotBlank;

/**
 * Body of {@code POST /api/v1/keys}: workspace and source by id or name. With
 * {@code create_source} a missing source is created first (what {@code cdp keys create} asks).
 *
 * <pre>{@code {"workspace": "acme", "source": "web", "create_source": true}}</pre>
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateWriteKeyRequest(@NotBlank String workspace, @NotBlank String source, boolean createSource) {
}
