package io.cdp.server.functions;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A function attached to a source at a position of its chain (one row of {@code source_functions}). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Attachment(String functionId, String sourceId, String sourceName, int position) {
}
