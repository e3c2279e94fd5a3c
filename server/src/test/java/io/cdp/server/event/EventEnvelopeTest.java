package io.cdp.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventEnvelopeTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-26T08:00:00Z");

    private static ObjectNode event() {
        ObjectNode event = EventJson.MAPPER.createObjectNode();
        event.put("type", "track").put("anonymousId", "a1").put("messageId", "m1");
        return event;
    }

    @Test
    void headersSurviveJsonAndARetry() throws Exception {
        EventEnvelope envelope = EventEnvelope.ingested("ws", "src", "m1", "track", RECEIVED,
                Map.of("user-agent", "curl/8", "x-request-id", "r1"), event());
        EventEnvelope read = EventJson.envelope(EventJson.toBytes(envelope.retried(RECEIVED.plusSeconds(10))));
        assertThat(read.headers()).isEqualTo(Map.of("user-agent", "curl/8", "x-request-id", "r1"));
        assertThat(read.retries()).isEqualTo(1);
        assertThat(read.event()).isEqualTo(event());
        assertThat(read.withEvent(event(), "t").headers()).isEqualTo(read.headers());
    }

    @Test
    void anEnvelopeWithoutHeadersHasNoHeadersField() throws Exception {
        EventEnvelope plain = EventEnvelope.ingested("ws", "src", "m1", "track", RECEIVED, event());
        assertThat(EventJson.tree(EventJson.toBytes(plain)).has("headers")).isFalse();
        assertThat(EventJson.envelope(EventJson.toBytes(plain)).headersOrEmpty()).isEmpty();

        EventEnvelope withHeaders = EventEnvelope.ingested("ws", "src", "m1", "track", RECEIVED,
                Map.of("x-a", "1"), event());
        assertThat(EventJson.tree(EventJson.toBytes(withHeaders.withoutHeaders())).has("headers")).isFalse();
        assertThat(EventEnvelope.ingested("ws", "src", "m1", "track", RECEIVED, Map.of(), event()).headers()).isNull();
    }

    @Test
    void messagesWrittenBeforeHeadersExistedStillRead() throws Exception {
        String old = "{\"workspace_id\":\"ws\",\"source_id\":\"src\",\"message_id\":\"m1\",\"type\":\"track\","
                + "\"received_at\":\"2026-11-26T08:00:00Z\",\"retries\":0,\"event\":{\"type\":\"track\"}}";
        EventEnvelope read = EventJson.envelope(old.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(read.headers()).isNull();
        assertThat(read.messageId()).isEqualTo("m1");
    }
}
