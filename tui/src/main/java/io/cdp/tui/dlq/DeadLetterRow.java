package io.cdp.tui.dlq;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** One dead letter as the dashboard shows it ({@code GET /api/v1/dlq}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeadLetterRow(String id, Letter letter) {
    /** The letter's fields the dashboard uses (snake_case in the API's JSON). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Letter(String stage, String reason, String field, String error, String functionId,
                         String workspaceId, String messageId, Instant failedAt, JsonNode payload) {
    }
}
