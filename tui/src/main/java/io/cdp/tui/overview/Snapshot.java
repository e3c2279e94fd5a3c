package io.cdp.tui.overview;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.Map;

/**
 * The pipeline at one instant ({@code GET /api/v1/stats}): messages per topic in all, and lag
 * per consumer group and topic.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Snapshot(Instant at, Map<String, Long> topics, Map<String, Map<String, Long>> lag) {
}
