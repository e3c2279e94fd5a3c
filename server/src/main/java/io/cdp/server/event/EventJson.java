package io.cdp.server.event;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON form of the pipeline's Kafka messages ({@link EventEnvelope}, {@link DeadLetter}).
 * One place, so every stage reads exactly what the others write. Thread-safe.
 */
public final class EventJson {
    /** Shared mapper: ISO-8601 instants, unknown fields tolerated (newer writers, older readers). */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventJson() {
    }

    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Reads an envelope; throws {@link IOException} on a message that is not one (send it to the DLQ). */
    public static EventEnvelope envelope(byte[] bytes) throws IOException {
        return MAPPER.readValue(bytes, EventEnvelope.class);
    }

    /** The envelope in {@code bytes} from {@code offset}, {@code length} bytes long. */
    public static EventEnvelope envelope(byte[] bytes, int offset, int length) throws IOException {
        return MAPPER.readValue(bytes, offset, length, EventEnvelope.class);
    }

    public static DeadLetter deadLetter(byte[] bytes) throws IOException {
        return MAPPER.readValue(bytes, DeadLetter.class);
    }

    /** Best effort: the bytes as JSON when they are JSON, else as a JSON string. */
    public static JsonNode tree(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException notJson) {
            return MAPPER.getNodeFactory().textNode(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
