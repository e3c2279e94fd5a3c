package io.cdp.server.rotor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PassThroughTest {
    private static ObjectNode event() {
        ObjectNode event = EventJson.MAPPER.createObjectNode();
        event.put("type", "track").put("event", "Order Completed").put("anonymousId", "a-1")
                .put("total", 12.50).put("big", 12345678901234567890.0).put("text", "é \" \\ \n \u2028");
        event.putObject("context").put("ip", "203.0.113.9").putArray("list").add(1).add("two").addNull();
        return event;
    }

    @Test
    void anEnvelopeIsCopiedExactlyAsTheFullPathWritesItWithoutHeaders() {
        EventEnvelope envelope = EventEnvelope.ingested("ws_1", "src_1", "m-1", "track",
                Instant.parse("2026-12-06T00:31:00.123456Z"), Map.of("user-agent", "test/1.0"), event());
        List<String> asked = new ArrayList<>();
        byte[] processed = PassThrough.copy(EventJson.toBytes(envelope), sourceId -> asked.add(sourceId));
        assertThat(asked).as("whether the source has functions, asked once").containsExactly("src_1");
        assertThat(new String(processed, StandardCharsets.UTF_8))
                .isEqualTo(new String(EventJson.toBytes(envelope.withoutHeaders()), StandardCharsets.UTF_8));
    }

    @Test
    void fieldsTheEnvelopeReaderDoesNotKnowAndNullsAreLeftOutAsItLeavesThemOut() {
        String text = "{\"workspace_id\":\"ws\",\"source_id\":null,\"message_id\":\"m\",\"later\":{\"x\":[1]},"
                + "\"retries\":2,\"event\":{\"a\":null}}";
        List<String> asked = new ArrayList<>();
        byte[] processed = PassThrough.copy(text.getBytes(StandardCharsets.UTF_8), sourceId -> asked.add(sourceId));
        assertThat(asked).containsExactly((String) null);
        assertThat(new String(processed, StandardCharsets.UTF_8))
                .isEqualTo("{\"workspace_id\":\"ws\",\"message_id\":\"m\",\"retries\":2,\"event\":{\"a\":null}}");
    }

    @Test
    void anEnvelopeWithWhitespaceIsCopiedAsValidJson() throws Exception {
        String text = "{ \"workspace_id\" : \"ws\",\n \"headers\" : { \"a\" : \"b\" } ,\"message_id\":\"m\" ,"
                + " \"retries\" : 0 , \"event\" : { \"a\" : [ 1 , \"x\" ] } }";
        List<String> asked = new ArrayList<>();
        byte[] processed = PassThrough.copy(text.getBytes(StandardCharsets.UTF_8), sourceId -> asked.add(sourceId));
        assertThat(asked).as("no source_id: asked for the null source").containsExactly((String) null);
        assertThat(EventJson.MAPPER.readTree(processed)).isEqualTo(EventJson.MAPPER.readTree(
                "{\"workspace_id\":\"ws\",\"message_id\":\"m\",\"retries\":0,\"event\":{\"a\":[1,\"x\"]}}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "[1]",
            "{\"workspace_id\":\"ws\",\"message_id\":\"m\"}",
            "{\"workspace_id\":\"ws\",\"message_id\":\"m\",\"event\":[]}",
            "{\"workspace_id\":\"ws\",\"message_id\":\"m\",\"retries\":\"2\",\"event\":{}}",
            "{\"workspace_id\":\"ws\",\"workspace_id\":\"other\",\"message_id\":\"m\",\"event\":{}}",
            "{\"workspace_id\":1,\"message_id\":\"m\",\"event\":{}}",
            "{\"workspace_id\":\"ws\",\"message_id\":\"m\",\"event\":{}} {}",
            "{\"workspace_id\":\"ws\",\"message_id\":\"m\",\"event\":{}"})
    void whatIsNotPlainlyAnEnvelopeIsLeftToTheFullPath(String text) {
        assertThat(PassThrough.copy(text.getBytes(StandardCharsets.UTF_8), sourceId -> true)).isNull();
    }

    @Test
    void anEnvelopeWhoseSourceHasFunctionsIsNotCopied() {
        EventEnvelope envelope = EventEnvelope.ingested("ws_1", "src_1", "m-1", "track", Instant.now(), event());
        assertThat(PassThrough.copy(EventJson.toBytes(envelope), sourceId -> !sourceId.equals("src_1"))).isNull();
        assertThat(PassThrough.copy(EventJson.toBytes(envelope), sourceId -> !sourceId.equals("src_2"))).isNotNull();
    }
}
