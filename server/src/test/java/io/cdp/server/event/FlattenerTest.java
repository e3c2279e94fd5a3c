package io.cdp.server.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"userId\":\"u1\",\"user_id\":\"u2\"}                          | user_id            | userId        | user_id",
            "{\"properties\":{\"a\":{\"b\":1},\"a_b\":2}}                    | properties_a_b     | properties.a.b | properties.a_b",
            "{\"properties\":{\"Plan\":\"pro\",\"plan\":\"free\"}}              | properties_plan    | properties.Plan | properties.plan",
            "{\"n\":1,\"N\":\"1\"}                                              | n                  | n             | N",
            "{\"n\":1,\"N\":1.0}                                                | n                  | n             | N"})
    void keysThatFlattenAlikeWithDifferentValuesAreRefusedNamingBoth(String event, String column, String first,
                                                                      String second) throws Exception {
        assertThatThrownBy(() -> Flattener.flatten(json(event)))
                .isInstanceOfSatisfying(FieldCollisionException.class, collision -> {
                    assertThat(collision.fields()).isEqualTo(new FieldCollisionException.Fields(column, first, second));
                    assertThat(collision.getMessage()).contains("\"" + first + "\"", "\"" + second + "\"",
                            "\"" + column + "\"");
                });
    }

    @Test
    void twoLongNamesEqualOnceCutToTheLimitAreACollision() throws Exception {
        String common = "p".repeat(FieldNames.MAX_LENGTH);
        String event = "{\"" + common + "_one\":1,\"" + common + "_two\":2}";

        assertThatThrownBy(() -> Flattener.flatten(json(event)))
                .isInstanceOfSatisfying(FieldCollisionException.class, collision -> assertThat(collision.fields())
                        .isEqualTo(new FieldCollisionException.Fields(common, common + "_one", common + "_two")));
        // Nested: the flattened path is what is cut.
        String nested = "{\"" + "q".repeat(40) + "\":{\"" + "r".repeat(30) + "_a\":1,\"" + "r".repeat(30) + "_b\":2}}";
        assertThatThrownBy(() -> Flattener.flatten(json(nested))).isInstanceOf(FieldCollisionException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"userId\":\"u1\",\"user_id\":\"u1\"}",
            "{\"user_id\":\"u1\",\"userId\":\"u1\"}",
            "{\"userId\":null,\"user_id\":\"u1\"}",
            "{\"user_id\":\"u1\",\"userId\":null}",
            "{\"userId\":\"u1\",\"user\":{\"id\":null},\"User Id\":\"u1\"}"})
    void keysThatFlattenAlikeLoseNothingWhenTheirValuesAreEqualOrNullWhateverTheirOrder(String event) throws Exception {
        Map<String, JsonNode> columns = Flattener.flatten(json(event));

        assertThat(columns).containsOnlyKeys("user_id");
        assertThat(columns.get("user_id").asText()).isEqualTo("u1");
    }

    @Test
    void equalArraysAndObjectsFlattenedIntoTheSameNamesLoseNothing() throws Exception {
        Map<String, JsonNode> columns = Flattener.flatten(json(
                "{\"a\":{\"b\":[1,\"x\"]},\"a_b\":[1,\"x\"],\"c\":null,\"C\":null}"));

        assertThat(columns).containsOnlyKeys("a_b", "c");
        assertThat(columns.get("a_b").toString()).isEqualTo("[1,\"x\"]");
        assertThat(columns.get("c").isNull()).isTrue();
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
