package io.cdp.server.ingest.publish;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * When ingest answers 2xx for an event (setting {@code ingest.delivery}, {@code CDP_INGEST_DELIVERY};
 * docs/operations.md compares their cost).
 */
public enum DeliveryMode {
    /**
     * Once the Kafka producer took the event into its memory buffer: the lowest latency. Kafka may
     * be away for up to the producer's delivery timeout; what it refuses after that goes to the
     * {@link Spool}. A crash of the process loses what the producer held.
     */
    @JsonProperty("buffered") BUFFERED,
    /** Once the event is fsync'd in the {@link Spool}: a crash loses nothing that was acknowledged. */
    @JsonProperty("durable") DURABLE
}
