package io.cdp.tui.dlq;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One dead letter as the dashboard shows it ({@code GET /api/v1/dlq}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeadLetterRow(String id, Letter letter) {
    /** The letter's fields the dashboard uses. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Letter(
            @JsonProperty("stage") String stage,
            @JsonProperty("reason") String reason,
            @JsonProperty("field") String field,
            @JsonProperty("error") String error,
            @JsonProperty("function_id") String functionId,
            @JsonProperty("workspace_id") String workspaceId,
            @JsonProperty("message_id") String messageId,
            @JsonProperty("failed_at") Instant failedAt,
            @JsonProperty("payload") JsonNode payload) {
    }
}
