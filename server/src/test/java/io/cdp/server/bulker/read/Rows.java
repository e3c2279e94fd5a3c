package io.cdp.server.bulker.read;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test rows and envelopes built from JSON text, for the tests of every bulker package. */
public final class Rows {
    public static final Instant RECEIVED = Instant.parse("2024-05-01T10:00:00.250Z");

    private Rows() {
    }

    public static ObjectNode json(String json) {
        try {
            return (ObjectNode) EventJson.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new UncheckedIOException(new java.io.IOException(e));
        }
    }

    public static EventEnvelope envelope(String workspace, String messageId, String eventJson) {
        ObjectNode event = json(eventJson);
        String type = event.path("type").asText("track");
        return EventEnvelope.ingested(workspace, "src-1", messageId, type, RECEIVED, event);
    }

    public static Row row(String workspace, String messageId, String eventJson) {
        return RowReader.of(envelope(workspace, messageId, eventJson));
    }

    /** Rows read by one reader, as one consumer thread reads them (so rows with the same fields share them). */
    public static List<Row> read(String workspace, String... eventJson) {
        RowReader reader = new RowReader();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < eventJson.length; i++) {
            try {
                rows.add(reader.read(EventJson.toBytes(envelope(workspace, "m" + (i + 1), eventJson[i]))));
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rows;
    }

    /** A row whose Kafka message is {@code bytes} long (or as short as a message can be). */
    public static Row ofSize(String messageId, int bytes) {
        int empty = EventJson.toBytes(envelope("ws", messageId, "{\"p\":\"\"}")).length;
        String padding = "x".repeat(Math.max(0, bytes - empty));
        Row row = row("ws", messageId, "{\"p\":\"" + padding + "\"}");
        if (bytes >= empty && row.bytes() != bytes) {
            throw new IllegalStateException("padding gave " + row.bytes() + " bytes, not " + bytes);
        }
        return row;
    }
}
