package io.cdp.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlattenerTest {
    private static JsonNode json(String text) throws Exception {
        return EventJson.MAPPER.readTree(text);
    }

    @Test
    void nestedObjectsBecomeUnderscoreJoinedColumns() throws Exception {
        Map<String, JsonNode> columns = Flattener.flatten(json(
                "{\"a\":{\"b\":1,\"c\":{\"d\":\"x\"}},\"userId\":\"u1\",\"tags\":[1,2]}"));
        assertThat(columns).containsOnlyKeys("a_b", "a_c_d", "user_id", "tags");
        assertThat(columns.get("a_b").asInt()).isEqualTo(1);
        assertThat(columns.get("a_c_d").asText()).isEqualTo("x");
        assertThat(columns.get("tags").isArray()).isTrue();
    }

    @Test
    void firstKeyWinsWhenTwoSanitizeToTheSameName() throws Exception {
        Map<String, JsonNode> columns = Flattener.flatten(json("{\"userId\":\"first\",\"user_id\":\"second\"}"));
        assertThat(columns).containsOnlyKeys("user_id");
        assertThat(columns.get("user_id").asText()).isEqualTo("first");
    }

    @Test
    void emptyObjectFlattensToNothing() throws Exception {
        assertThat(Flattener.flatten(json("{\"a\":{}}"))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "userId, user_id",
            "anonymousId, anonymous_id",
            "'Plan Name!', plan_name",
            "HTTPServer, http_server",
            "1st, _1st",
            "'a--b', a_b",
            "'x\"; DROP TABLE events; --', x_drop_table_events",
            "'%%%', _",
            "already_snake, already_snake"})
    void namesAreSanitizedToSnakeCase(String key, String expected) {
        assertThat(FieldNames.sanitize(key)).isEqualTo(expected);
    }

    @Test
    void longNamesAreCut() {
        assertThat(FieldNames.sanitize("a".repeat(100))).hasSize(FieldNames.MAX_LENGTH);
    }
}
