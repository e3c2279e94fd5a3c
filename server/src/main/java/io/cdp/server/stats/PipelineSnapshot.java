package io.cdp.server.stats;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * The pipeline at one instant, as Kafka sees it, so the numbers cover every server process, not
 * just the one answering: how many messages each pipeline topic has received in all
 * ({@code topics}: name → sum of end offsets), and how far each consumer group is behind on
 * each topic ({@code lag}: group → topic → messages). Rates come from two snapshots.
 */
public record PipelineSnapshot(
        @JsonProperty("at") Instant at,
        @JsonProperty("topics") Map<String, Long> topics,
        @JsonProperty("lag") Map<String, Map<String, Long>> lag) {
}
