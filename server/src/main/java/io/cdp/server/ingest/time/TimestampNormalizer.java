package io.cdp.server.ingest.time;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.event.Timestamps;
import io.cdp.server.ingest.validation.SegmentEvent;
import java.time.Duration;
import java.time.Instant;

/**
 * Pipeline step 4: sets the server's times on the event, as Segment does. {@code receivedAt} is
 * the server's clock; the client's {@code sentAt} is kept; the client's {@code timestamp} is kept
 * as {@code originalTimestamp} and {@code timestamp} becomes
 * {@code receivedAt − (sentAt − originalTimestamp)}: the event's age as the client measured it,
 * applied to the server's clock, so a client whose clock is off still gets the right time.
 * Without {@code sentAt} the client's timestamp is kept as it is; without either, it is
 * {@code receivedAt}. Stateless.
 */
public final class TimestampNormalizer {
    private TimestampNormalizer() {
    }

    /**
     * Writes {@code receivedAt}, {@code sentAt}, {@code originalTimestamp} and {@code timestamp}
     * into {@code event} and returns them. {@code batchSentAt} is the batch's own {@code sentAt},
     * used when the event has none.
     */
    public static EventTimes normalize(ObjectNode event, SegmentEvent fields, Instant receivedAt, String batchSentAt) {
        Instant sentAt = Timestamps.parse(fields.sentAt()).or(() -> Timestamps.parse(batchSentAt)).orElse(null);
        Instant original = Timestamps.parse(fields.timestamp())
                .or(() -> Timestamps.parse(fields.originalTimestamp())).orElse(null);
        Instant timestamp;
        if (original != null && sentAt != null) {
            timestamp = receivedAt.minus(Duration.between(original, sentAt));
        } else if (original != null) {
            timestamp = original;
        } else {
            timestamp = receivedAt;
        }
        event.put("receivedAt", Timestamps.format(receivedAt));
        if (sentAt != null) {
            event.put("sentAt", Timestamps.format(sentAt));
        }
        if (original != null) {
            event.put("originalTimestamp", Timestamps.format(original));
        }
        event.put("timestamp", Timestamps.format(timestamp));
        return new EventTimes(receivedAt, sentAt, timestamp);
    }
}
