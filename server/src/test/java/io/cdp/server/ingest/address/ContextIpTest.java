package io.cdp.server.ingest.address;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.event.EventJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContextIpTest {
    private static ObjectNode event(String json) {
        return (ObjectNode) EventJson.tree(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"context\": null}", "{\"context\": {}}", "{\"context\": {\"ip\": null}}",
            "{\"context\": {\"ip\": \"\"}}", "{\"context\": {\"ip\": \"  \"}}"})
    void anEventWithoutAnAddressGetsTheClients(String json) {
        ObjectNode event = event(json);

        assertThat(ContextIp.fillIfAbsent(event, "203.0.113.7")).isTrue();
        assertThat(event.at("/context/ip").asText()).isEqualTo("203.0.113.7");
    }

    @Test
    void theRestOfTheContextStays() {
        ObjectNode event = event("{\"context\": {\"library\": {\"name\": \"analytics.js\"}}}");

        ContextIp.fillIfAbsent(event, "203.0.113.7");

        assertThat(event.get("context").toString())
                .isEqualTo("{\"library\":{\"name\":\"analytics.js\"},\"ip\":\"203.0.113.7\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"context\": {\"ip\": \"198.51.100.1\"}}", "{\"context\": {\"ip\": 42}}",
            "{\"context\": {\"ip\": {\"v\": 4}}}", "{\"context\": \"web\"}", "{\"context\": [1]}"})
    void anEventsOwnAddressOrAContextThatIsNotAnObjectIsKept(String json) {
        ObjectNode event = event(json);

        assertThat(ContextIp.fillIfAbsent(event, "203.0.113.7")).isFalse();
        assertThat(event).isEqualTo(event(json));
    }

    @Test
    void anUnknownClientChangesNothing() {
        ObjectNode event = event("{\"type\": \"track\"}");

        assertThat(ContextIp.fillIfAbsent(event, null)).isFalse();
        assertThat(event.has("context")).isFalse();
    }
}
