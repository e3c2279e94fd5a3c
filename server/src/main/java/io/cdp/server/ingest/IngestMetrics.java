package io.cdp.server.ingest;

import io.cdp.server.event.DeadLetter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * What the ingest role reports on the admin port's {@code /prometheus}: every event's verdict
 * (accepted, rejected with the reason, duplicate, rate-limited) and the time the service took per
 * request. Counted per event where {@link Judgement} rules on it, never per field. Thread-safe.
 *
 * <pre>{@code
 * IngestMetrics metrics = new IngestMetrics(registry);
 * metrics.rejected(IngestMetrics.Reasons.LATE);   // cdp_ingest_events_rejected_total{reason="late"} +1
 * }</pre>
 */
public final class IngestMetrics {
    /**
     * The {@code reason} label of {@code cdp_ingest_events_rejected_total}: the step that refused the
     * event. Steps 7 and 8 count under the dead-letter reasons they share with the rest of the
     * pipeline, {@link DeadLetter.Reasons#FIELD_COLLISION} and {@link DeadLetter.Reasons#SCHEMA_CONFLICT}.
     */
    public static final class Reasons {
        /** Step 2b: a field is missing or of the wrong kind, or the event is not a JSON object. */
        public static final String INVALID = "invalid";
        /** A batch element larger than the per-event limit. */
        public static final String TOO_LARGE = "too_large";
        /** Step 5: the event was sent too long before it arrived. */
        public static final String LATE = "late";

        private Reasons() {
        }
    }

    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500)};

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter rateLimited;
    private final Timer singleRequests;
    private final Timer batchRequests;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = Counter.builder("cdp.ingest.events.accepted")
                .description("Events forwarded to Kafka (events.ingest)").register(registry);
        this.duplicates = Counter.builder("cdp.ingest.events.deduplicated")
                .description("Events answered as accepted but not forwarded: their messageId was seen before")
                .register(registry);
        this.rateLimited = Counter.builder("cdp.ingest.events.rate.limited")
                .description("Events of requests refused with 429 by the workspace's rate limit").register(registry);
        this.singleRequests = requestTimer(registry, "single");
        this.batchRequests = requestTimer(registry, "batch");
    }

    private static Timer requestTimer(MeterRegistry registry, String kind) {
        return Timer.builder("cdp.ingest.request")
                .description("Time the ingest service took per request, steps 2b to 9 (auth and body reading excluded)")
                .tag("kind", kind).serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    }

    void accepted() {
        accepted.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void rejected(String reason) {
        Counter.builder("cdp.ingest.events.rejected")
                .description("Events refused, by the step that refused them (see reason)")
                .tag("reason", reason).register(registry).increment();
    }

    void rateLimited(int events) {
        rateLimited.increment(events);
    }

    Timer requests(boolean batch) {
        return batch ? batchRequests : singleRequests;
    }
}
