package io.cdp.server.ingest.time;

import java.time.Instant;

/**
 * The three times of an event: {@code receivedAt} (server clock, authoritative), {@code sentAt}
 * (client clock, null when the client did not say) and {@code timestamp} (when it happened,
 * corrected for the client's clock skew).
 */
public record EventTimes(Instant receivedAt, Instant sentAt, Instant timestamp) {
}
