package io.cdp.server.bulker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Test rows and envelopes built from JSON text. */
final class Rows {
    static final Instant RECEIVED = Instant.parse("2024-05-01T10:00:00.250Z");

    private Rows() {
    }

    static ObjectNode json(String json) {
        try {
            return (ObjectNode) EventJson.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new UncheckedIOException(new java.io.IOException(e));
        }
    }

    static EventEnvelope envelope(String workspace, String messageId, String eventJson) {
        ObjectNode event = json(eventJson);
        String type = event.path("type").asText("track");
        return EventEnvelope.ingested(workspace, "src-1", messageId, type, RECEIVED, event);
    }

    static Row row(String workspace, String messageId, String eventJson) {
        return RowBuilder.build(envelope(workspace, messageId, eventJson), eventJson.length());
    }
}
