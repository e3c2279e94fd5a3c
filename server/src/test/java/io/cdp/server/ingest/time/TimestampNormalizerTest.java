package io.cdp.server.ingest.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.error.AppError;
import io.cdp.server.event.EventJson;
import io.cdp.server.ingest.validation.SegmentEvent;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-26T12:00:00.000Z");

    private static SegmentEvent fields(String timestamp, String sentAt) {
        return new SegmentEvent("track", "u", null, null, "e", null, null, null, timestamp, null, sentAt,
                null, null, null, null);
    }

    @Test
    void correctsTheClientsClockSkewAsSegmentDoes() {
        ObjectNode event = EventJson.MAPPER.createObjectNode();
        // Client clock is 3 h behind; the event happened 90 s before the client sent it.
        EventTimes times = TimestampNormalizer.normalize(event,
                fields("2026-11-26T08:58:30Z", "2026-11-26T09:00:00+00:00"), RECEIVED, null);
        assertThat(times.timestamp()).isEqualTo(RECEIVED.minusSeconds(90));
        assertThat(event.get("timestamp").asText()).isEqualTo("2026-11-26T11:58:30.000Z");
        assertThat(event.get("originalTimestamp").asText()).isEqualTo("2026-11-26T08:58:30.000Z");
        assertThat(event.get("sentAt").asText()).isEqualTo("2026-11-26T09:00:00.000Z");
        assertThat(event.get("receivedAt").asText()).isEqualTo("2026-11-26T12:00:00.000Z");
    }

    @Test
    void withoutSentAtTheClientTimestampIsKeptAndWithoutBothItIsReceivedAt() {
        ObjectNode event = EventJson.MAPPER.createObjectNode();
        assertThat(TimestampNormalizer.normalize(event, fields("2026-11-20T00:00:00Z", null), RECEIVED, null)
                .timestamp()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(event.has("sentAt")).isFalse();
        assertThat(TimestampNormalizer.normalize(EventJson.MAPPER.createObjectNode(), fields(null, null), RECEIVED,
                null).timestamp()).isEqualTo(RECEIVED);
    }

    @Test
    void theBatchSentAtAppliesWhenTheEventHasNone() {
        EventTimes times = TimestampNormalizer.normalize(EventJson.MAPPER.createObjectNode(),
                fields("2026-11-26T10:59:00Z", null), RECEIVED, "2026-11-26T11:00:00Z");
        assertThat(times.sentAt()).isEqualTo(Instant.parse("2026-11-26T11:00:00Z"));
        assertThat(times.timestamp()).isEqualTo(RECEIVED.minusSeconds(60));
    }

    @Test
    void lateEventsAreRefusedOnlyPastTheWindow() {
        LateEventCheck check = new LateEventCheck(Duration.ofHours(24));
        check.check(new EventTimes(RECEIVED, RECEIVED.minus(Duration.ofHours(24)), RECEIVED));
        check.check(new EventTimes(RECEIVED, null, RECEIVED.minus(Duration.ofDays(30))));
        assertThatThrownBy(() -> check.check(new EventTimes(RECEIVED,
                RECEIVED.minus(Duration.ofHours(24)).minusSeconds(1), RECEIVED)))
                .isInstanceOfSatisfying(AppError.class, error -> {
                    assertThat(error.status()).isEqualTo(422);
                    assertThat(error.field()).contains("sentAt");
                });
    }
}
