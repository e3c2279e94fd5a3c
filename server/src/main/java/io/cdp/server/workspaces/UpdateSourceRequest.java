package io.cdp.server.workspaces;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Body of {@code PUT /api/v1/workspaces/{workspace}/sources/{source}/origins}:
 * {@code {"allowed_origins": ["https://shop.example.com", "https://*.example.org"]}}; an empty
 * list or null lets any origin send browser events (the default).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UpdateSourceRequest(List<String> allowedOrigins) {
}
