package io.cdp.tui.overview;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pipeline's figures per stage at one instant, in the order the Overview shows them: ingest's
 * verdicts (accepted, deduplicated, rate-limited, rejected per reason) from the server's
 * {@code cdp_*} meters ({@code GET /api/v1/stats/meters}, the figures of {@code /prometheus}),
 * and what went through the topics (processed, dead-lettered) from Kafka
 * ({@code GET /api/v1/stats}), plus rows stored by the bulker. Immutable.
 */
public record StageFigures(Instant at, Map<String, Double> totals) {
    public static final String ACCEPTED = "ingest accepted";

    /**
     * @param meters   the answer of {@code /stats/meters}
     * @param snapshot the answer of {@code /stats}, or null
     * @param topics   the names of the ingest, processed and dead-letter topics
     */
    public static StageFigures of(JsonNode meters, Snapshot snapshot, Topics topics) {
        Map<String, Double> totals = new LinkedHashMap<>();
        totals.put(ACCEPTED, sum(meters, "cdp_ingest_events_accepted_total"));
        totals.put("ingest deduplicated", sum(meters, "cdp_ingest_events_deduplicated_total"));
        totals.put("ingest rate-limited", sum(meters, "cdp_ingest_events_rate_limited_total"));
        for (JsonNode meter : meters.path("meters")) {
            if ("cdp_ingest_events_rejected_total".equals(meter.path("name").asText())) {
                totals.put("ingest rejected " + meter.path("tags").path("reason").asText("?"),
                        meter.path("value").asDouble());
            }
        }
        if (snapshot != null) {
            totals.put("rotor processed", snapshot.topics().getOrDefault(topics.processed(), 0L).doubleValue());
        }
        totals.put("function calls", sum(meters, "cdp_rotor_function_calls_total"));
        totals.put("function errors", sum(meters, "cdp_rotor_function_errors_total")
                + sum(meters, "cdp_rotor_function_timeouts_total"));
        totals.put("bulker stored", sum(meters, "cdp_bulker_rows_stored_total"));
        if (snapshot != null) {
            totals.put("dead-lettered", snapshot.topics().getOrDefault(topics.dlq(), 0L).doubleValue());
        }
        Instant at = meters.hasNonNull("at") ? Instant.parse(meters.get("at").asText()) : Instant.now();
        return new StageFigures(at, totals);
    }

    /** Per second between {@code before} and this; empty when there is no earlier reading. */
    public Map<String, Double> ratesSince(StageFigures before) {
        Map<String, Double> rates = new LinkedHashMap<>();
        if (before == null) {
            return rates;
        }
        double seconds = Duration.between(before.at, at).toMillis() / 1000.0;
        if (seconds <= 0) {
            return rates;
        }
        totals.forEach((name, total) ->
                rates.put(name, Math.max(0, total - before.totals.getOrDefault(name, 0.0)) / seconds));
        return rates;
    }

    private static double sum(JsonNode meters, String name) {
        double sum = 0;
        for (JsonNode meter : meters.path("meters")) {
            if (name.equals(meter.path("name").asText())) {
                sum += meter.path("value").asDouble();
            }
        }
        return sum;
    }

    /** The pipeline's topic names (they carry a suffix in tests). */
    public record Topics(String processed, String dlq) {
        /** Taken from a snapshot: the topic whose name starts so. */
        public static Topics of(Snapshot snapshot) {
            String processed = "events.processed";
            String dlq = "events.dlq";
            if (snapshot != null) {
                for (String topic : snapshot.topics().keySet()) {
                    if (topic.startsWith("events.processed")) {
                        processed = topic;
                    } else if (topic.startsWith("events.dlq")) {
                        dlq = topic;
                    }
                }
            }
            return new Topics(processed, dlq);
        }
    }
}
