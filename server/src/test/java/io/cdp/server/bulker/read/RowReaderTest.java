package io.cdp.server.bulker.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.event.FieldCollisionException;
import io.cdp.server.event.FieldNames;
import io.cdp.server.event.FieldType;
import io.cdp.server.event.Flattener;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RowReaderTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void flattensTheEventAndTakesBaseColumnsFromTheEnvelope() {
        Row row = Rows.row("ws-1", "m-1", """
                {"type":"track","event":"Signed Up","anonymousId":"a-1","messageId":"client-id",
                 "properties":{"plan":{"name":"pro"},"seats":3},"sentAt":"2024-05-01T09:59:59.000Z",
                 "timestamp":"2024-05-01T09:59:58.000Z","workspace_id":"forged"}""");

        assertThat(row.columns()).containsKeys("event", "anonymous_id", "properties_plan_name", "properties_seats",
                "sent_at", "timestamp");
        assertThat(row.text("workspace_id")).isEqualTo("ws-1");
        assertThat(row.text("message_id")).isEqualTo("m-1");
        assertThat(row.text("source_id")).isEqualTo("src-1");
        assertThat(row.text("received_at")).isEqualTo("2024-05-01T10:00:00.250Z");
        assertThat(row.text("timestamp")).isEqualTo("2024-05-01T09:59:58.000Z");
        assertThat(row.anonymousId()).isEqualTo("a-1");
        assertThat(row.userId()).isNull();
        assertThat(row.type()).isEqualTo("track");
    }

    @Test
    void eventTimeDefaultsToReceivedAtAndClientsCannotClaimStitching() {
        Row row = Rows.row("ws-1", "m-1", """
                {"type":"track","anonymousId":"a-1","_stitched":true,"userId":null}""");

        assertThat(row.text("timestamp")).isEqualTo(row.text("received_at"));
        assertThat(row.columns()).doesNotContainKey(BaseColumns.STITCHED);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"2024-05-01T10:00:00.250Z\"              | 2024-05-01T10:00:00.250Z",
            "\"2024-05-01T12:00:00.250+02:00\"         | 2024-05-01T10:00:00.250Z",
            "\"2024-05-01T10:00:00.2Z\"                | 2024-05-01T10:00:00.2Z",
            "\"2024-05-01T10:00:00.250\\u005a\"         | 2024-05-01T10:00:00.250Z"})
    void receivedAtIsWrittenAsAnInstantAndIsTheDefaultEventTime(String receivedAt, String written) throws IOException {
        String message = "{\"workspace_id\":\"ws\",\"message_id\":\"m\",\"received_at\":" + receivedAt
                + ",\"event\":{\"type\":\"track\"}}";

        Row row = new RowReader().read(message.getBytes(StandardCharsets.UTF_8));

        assertThat(row.text("received_at")).isEqualTo(written);
        assertThat(row.text("timestamp")).isEqualTo(written);
        assertThat(IntStream.range(0, row.fieldCount()).filter(i -> row.fieldName(i).equals("received_at"))
                .mapToObj(row::fieldType)).containsExactly(FieldType.TIMESTAMP);
    }

    @Test
    void requestHeadersOfTheEnvelopeNeverBecomeColumns() {
        ObjectNode event = EventJson.MAPPER.createObjectNode().put("type", "track").put("anonymousId", "a-1");
        EventEnvelope envelope = EventEnvelope.ingested("ws-1", "src-1", "m-1", "track", Rows.RECEIVED,
                Map.of("user-agent", "curl/8", "x-request-id", "r-1"), event);

        Row row = RowReader.of(envelope);

        assertThat(row.columns().keySet()).noneMatch(column -> column.contains("header") || column.contains("user_agent")
                || column.contains("request_id"));
        assertThat(row.columns()).containsKeys("type", "anonymous_id");
    }

    @Test
    void stitchingAddsTheUserIdAndTheMark() {
        Row row = Rows.row("ws-1", "m-1", "{\"type\":\"page\",\"anonymousId\":\"a-1\"}");

        row.stitch("u-1");

        assertThat(row.userId()).isEqualTo("u-1");
        assertThat(row.has(BaseColumns.USER_ID)).isTrue();
        assertThat(row.has(BaseColumns.STITCHED)).isTrue();
        assertThat(row.text(BaseColumns.USER_ID)).isEqualTo("u-1");
        assertThat(row.columns().get(BaseColumns.STITCHED).asBoolean()).isTrue();
        assertThatThrownBy(() -> row.stitch("u-2")).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "{}", "not json", "{\"workspace_id\":\"w\",\"message_id\":\"m\"}",
            "{\"workspace_id\":\"w\",\"message_id\":\"m\",\"event\":\"text\"}",
            "{\"message_id\":\"m\",\"event\":{}}", "{\"workspace_id\":\"w\",\"message_id\":5,\"event\":{}}",
            "{\"workspace_id\":\"w\",\"message_id\":\"m\",\"received_at\":\"yesterday\",\"event\":{}}",
            "{\"workspace_id\":\"w\",\"message_id\":\"m\",\"event\":{\"a\":"})
    void refusesMessagesThatAreNotEnvelopes(String message) {
        assertThatThrownBy(() -> new RowReader().read(message.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void refusesMessagesThatAreNotUtf8WithTheReason() {
        byte[] utf16 = "{\"workspace_id\":\"w\",\"message_id\":\"m\",\"event\":{\"a\":\"b\"}}"
                .getBytes(StandardCharsets.UTF_16BE);

        assertThatThrownBy(() -> new RowReader().read(utf16)).isInstanceOf(IOException.class)
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void refusesEveryTruncatedMessage() throws IOException {
        byte[] message = EventJson.toBytes(EventEnvelope.ingested("ws", "src", "m-1", "track", Rows.RECEIVED,
                (ObjectNode) EventJson.MAPPER.readTree(
                        "{\"type\":\"track\",\"properties\":{\"a\":[1,2],\"b\":\"\\u00e9\",\"t\":true},\"n\":-1.5e3}")));
        for (int length = 0; length < message.length; length++) {
            byte[] cut = Arrays.copyOf(message, length);
            assertThatThrownBy(() -> new RowReader().read(cut)).as("cut at %d", length).isInstanceOf(IOException.class);
        }
    }

    /**
     * Kafka hands a message over inside a larger buffer. The reader stays within its bounds: a
     * message cut short is refused even when the rest of it follows in the buffer.
     */
    @Test
    void readsAMessageWhereverItIsInItsBufferAndNotPastItsEnd() throws IOException {
        byte[] message = EventJson.toBytes(EventEnvelope.ingested("ws", "src", "m-1", "track", Rows.RECEIVED,
                (ObjectNode) EventJson.MAPPER.readTree(
                        "{\"type\":\"track\",\"properties\":{\"a\":[1,2],\"b\":\"\\u00e9\",\"t\":true},\"n\":-1.5e3}")));
        byte[] buffer = new byte[message.length + 40];
        Arrays.fill(buffer, (byte) '}');
        System.arraycopy(message, 0, buffer, 17, message.length);

        Row row = new RowReader().read(buffer, 17, message.length);
        assertSameRow(row, new RowReader().read(message));
        assertThat(row.bytes()).isEqualTo(message.length);
        assertThat(row.envelope()).isEqualTo(EventJson.envelope(message));
        for (int length = 0; length < message.length; length++) {
            int cut = length;
            assertThatThrownBy(() -> new RowReader().read(buffer, 17, cut)).as("cut at %d", length)
                    .isInstanceOf(IOException.class);
        }
        int colon = new String(message, StandardCharsets.UTF_8).indexOf(':');
        byte[] broken = Arrays.copyOf(buffer, buffer.length);
        broken[17 + colon] = '!';
        assertThatThrownBy(() -> new RowReader().read(broken, 17, message.length)) // positions within the message
                .hasMessage("expected ':' at byte " + colon + ", found '!'");
    }

    @Test
    void readsTheSameRowWhateverWhitespaceAndEscapesTheMessageHas() throws IOException {
        ObjectWriter loose = EventJson.MAPPER.writerWithDefaultPrettyPrinter().with(JsonWriteFeature.ESCAPE_NON_ASCII);
        Random random = new Random(5);
        for (int i = 0; i < 1000; i++) {
            EventEnvelope envelope = EventEnvelope.ingested("ws", "src", "m-" + i, "track", Rows.RECEIVED,
                    randomObject(random, 0));
            byte[] looseMessage = loose.writeValueAsBytes(envelope);
            byte[] compactMessage = EventJson.toBytes(envelope);
            try {
                Flattener.flatten(envelope.event());
            } catch (FieldCollisionException collision) { // refused alike, however written
                for (byte[] message : List.of(looseMessage, compactMessage)) {
                    assertThatThrownBy(() -> new RowReader().read(message)).isInstanceOfSatisfying(
                            FieldCollisionException.class,
                            thrown -> assertThat(thrown.getMessage()).isEqualTo(collision.getMessage()));
                }
                continue;
            }
            assertSameRow(new RowReader().read(looseMessage), new RowReader().read(compactMessage));
        }
        String escapedKeys = "{\"workspace\\u005fid\":\"ws\",\"message_id\":\"m-e\",\"received_at\":\"2024-05-01T10:00:00Z\","
                + "\"\\u0065vent\":{\"\\u0074ype\":\"track\","
                + "\"prop\\u0065rties\":{\"pri\\u0063e\":1.5}}}";
        String plainKeys = "{\"workspace_id\":\"ws\",\"message_id\":\"m-e\",\"received_at\":\"2024-05-01T10:00:00Z\","
                + "\"event\":{\"type\":\"track\","
                + "\"properties\":{\"price\":1.5}}}";
        RowReader reader = new RowReader();
        Row escaped = reader.read(escapedKeys.getBytes(StandardCharsets.UTF_8));
        assertSameRow(escaped, reader.read(plainKeys.getBytes(StandardCharsets.UTF_8)));
        assertThat(escaped.columns()).containsKey("properties_price");
    }

    private static void assertSameRow(Row actual, Row expected) {
        assertThat(actual.columns()).isEqualTo(expected.columns());
        for (int i = 0; i < expected.fieldCount(); i++) {
            assertThat(actual.fieldName(i)).isEqualTo(expected.fieldName(i));
            assertThat(actual.fieldType(i)).isEqualTo(expected.fieldType(i));
            assertThat(actual.fieldIntegral(i)).isEqualTo(expected.fieldIntegral(i));
        }
        assertThat(actual.fieldCount()).isEqualTo(expected.fieldCount());
        assertThat(List.of(String.valueOf(actual.anonymousId()), String.valueOf(actual.userId()), String.valueOf(actual.type())))
                .isEqualTo(List.of(String.valueOf(expected.anonymousId()), String.valueOf(expected.userId()),
                        String.valueOf(expected.type())));
    }

    @Test
    void keepsHalfAnEmojiWhereverItIs() throws IOException {
        // What JavaScript's substring leaves of an emoji, and JSON.stringify sends: a lone surrogate.
        ObjectNode tree = (ObjectNode) EventJson.MAPPER.readTree(
                "{\"properties\":{\"tags\":[\"sale \\ud83d\"],\"title\":\"x \\ud83d\"},\"type\":\"t \\ud83d\"}");
        assertSameAsTreeDefinition(EventEnvelope.ingested("ws", "src", "m-\ud800", "track", Rows.RECEIVED, tree));
        assertSameAsTreeDefinition(new EventEnvelope("ws \ud83d", null, "m-2", null, null, "t", 0, null, tree));
    }

    @Test
    void readsWhatTheTreeDefinitionMakesOfHandWrittenEvents() throws IOException {
        String[] events = {
                "{\"type\":\"identify\",\"userId\":\"\",\"user_id\":\"second\",\"traits\":{\"email\":\"x@y.z\"}}",
                "{\"context\":{\"page\":{\"url\":\"https://a.b/\",\"title\":null},\"ip\":\"1.2.3.4\"},\"n\":1e3}",
                "{\"source\":{\"id\":\"from-event\"},\"type\":7,\"timestamp\":null,\"Timestamp\":\"2024-01-01T00:00:00Z\"}",
                "{\"a\":[1,{\"b\":2.50},null,\"s\"],\"big\":123456789012345678901234567890,\"neg\":-0.0,\"t\":true}",
                "{\"" + "k".repeat(70) + "\":{\"" + "deep".repeat(20) + "\":1},\"e\":\"\\u00e9\\n\\\"q\\\"\"}",
                "{\"anonymousId\":42,\"userId\":12.5,\"type\":\"track\",\"receivedAt\":\"forged\",\"1st\":{\"\":0}}",
                "{\"messageId\":\"client\",\"workspaceId\":\"forged\",\"sentAt\":\"2024-02-30T00:00:00Z\"}"};
        for (String event : events) {
            ObjectNode tree = (ObjectNode) EventJson.MAPPER.readTree(event);
            assertSameAsTreeDefinition(EventEnvelope.ingested("ws", "src", "m-1", "track", Rows.RECEIVED, tree));
            assertSameAsTreeDefinition(new EventEnvelope("ws", null, "m-2", null, null, "t", 0, null, tree));
        }
    }

    @Test
    void readsWhatTheTreeDefinitionMakesOfRandomEvents() throws IOException {
        Random random = new Random(7);
        // One reader for all, as on a consumer thread: its remembered keys and key orders (random
        // here, so mostly wrong guesses) must never change what a message reads as.
        RowReader reader = new RowReader();
        int rows = 0;
        for (int i = 0; i < 3000; i++) {
            ObjectNode event = randomObject(random, 0);
            boolean fromIngest = random.nextBoolean();
            if (readSameAsTreeDefinition(reader, fromIngest
                    ? EventEnvelope.ingested("ws", "src", "m-" + i, "track", Rows.RECEIVED, event)
                    : new EventEnvelope("ws", null, "m-" + i, null, Rows.RECEIVED, null, 0, null, event))) {
                rows++;
            }
        }
        // Both outcomes, often: the keys include pairs that flatten alike (userId, user_id).
        assertThat(rows).isBetween(1500, 2950);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"userId\":\"u1\",\"user_id\":\"u2\"}                     | user_id          | userId           | user_id",
            "{\"workspace_id\":\"a\",\"workspaceId\":\"b\"}              | workspace_id     | workspace_id     | workspaceId",
            "{\"properties\":{\"a\":{\"b\":1},\"a_b\":2}}               | properties_a_b   | properties.a.b   | properties.a_b",
            "{\"properties\":{\"a_b\":[1],\"a\":{\"b\":[2]}}}           | properties_a_b   | properties.a_b   | properties.a.b",
            "{\"type\":\"track\",\"Type\":\"page\"}                     | type             | type             | Type",
            "{\"n\":1,\"N\":1.0}                                           | n                | n                | N"})
    void aRowWithTwoKeysThatFlattenAlikeAndDifferIsRefusedNamingBoth(String event, String column, String first,
                                                                     String second) throws IOException {
        RowReader reader = new RowReader();
        byte[] message = EventJson.toBytes(EventEnvelope.ingested("ws", "src", "m-1", "track", Rows.RECEIVED,
                (ObjectNode) EventJson.MAPPER.readTree(event)));

        assertThatThrownBy(() -> reader.read(message)).isInstanceOfSatisfying(FieldCollisionException.class, collision ->
                assertThat(collision.fields()).isEqualTo(new FieldCollisionException.Fields(column, first, second)));
        // The reader goes on reading other messages as before.
        assertThat(reader.read(EventJson.toBytes(EventEnvelope.ingested("ws", "src", "m-2", "track", Rows.RECEIVED,
                (ObjectNode) EventJson.MAPPER.readTree("{\"userId\":\"u1\",\"properties\":{\"a_b\":2}}"))))
                .text("properties_a_b")).isEqualTo("2");
    }

    @Test
    void twoLongNamesEqualOnceCutAreACollisionInTheRowToo() throws IOException {
        String common = "p".repeat(FieldNames.MAX_LENGTH);
        ObjectNode event = (ObjectNode) EventJson.MAPPER.readTree("{\"" + common + "_one\":1,\"" + common + "_two\":2}");
        byte[] message = EventJson.toBytes(EventEnvelope.ingested("ws", "src", "m-1", "track", Rows.RECEIVED, event));

        assertThatThrownBy(() -> new RowReader().read(message)).isInstanceOfSatisfying(FieldCollisionException.class,
                collision -> assertThat(collision.fields())
                        .isEqualTo(new FieldCollisionException.Fields(common, common + "_one", common + "_two")));
        event.put(common + "_two", 1);
        assertSameAsTreeDefinition(EventEnvelope.ingested("ws", "src", "m-2", "track", Rows.RECEIVED, event));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"userId\":\"u1\",\"user_id\":\"u1\"}",
            "{\"userId\":\"u\\u0031\",\"user_id\":\"u1\"}",
            "{\"userId\" : \"u1\" , \"user_id\":\"u1\"}",
            "{\"userId\":null,\"user_id\":\"u1\"}",
            "{\"user_id\":\"u1\",\"userId\":null}"})
    void keysThatFlattenAlikeWithEqualOrNullValuesMakeOneColumn(String event) throws IOException {
        String message = "{\"workspace_id\":\"ws\",\"message_id\":\"m\",\"received_at\":\"2024-05-01T10:00:00Z\","
                + "\"event\":" + event + "}";
        Row row = new RowReader().read(message.getBytes(StandardCharsets.UTF_8));

        assertThat(row.text("user_id")).isEqualTo("u1");
        assertThat(row.userId()).isEqualTo("u1");
        assertThat(IntStream.range(0, row.fieldCount()).mapToObj(row::fieldName).filter("user_id"::equals)).hasSize(1);
    }

    /**
     * The definition the reader implements in one pass: the event flattened as ingest's schema
     * check flattens it, base columns from the envelope, nulls left out, arrays as JSON text,
     * every value typed as {@link FieldType#of} types it.
     */
    private static void assertSameAsTreeDefinition(EventEnvelope envelope) throws IOException {
        assertSameAsTreeDefinition(new RowReader(), envelope);
    }

    private static void assertSameAsTreeDefinition(RowReader reader, EventEnvelope envelope) throws IOException {
        readSameAsTreeDefinition(reader, envelope);
    }

    /**
     * {@link #assertSameAsTreeDefinition}; true when the event is a row, false when both refuse it
     * as a {@link FieldCollisionException} naming the same column and keys.
     */
    private static boolean readSameAsTreeDefinition(RowReader reader, EventEnvelope envelope) throws IOException {
        Map<String, JsonNode> expected;
        try {
            expected = Flattener.flatten(envelope.event());
        } catch (FieldCollisionException collision) {
            assertThatThrownBy(() -> reader.read(EventJson.toBytes(envelope))).as(envelope.event().toString())
                    .isInstanceOfSatisfying(FieldCollisionException.class, thrown ->
                            assertThat(thrown.fields()).isEqualTo(collision.fields()));
            return false;
        }
        expected.put(BaseColumns.WORKSPACE_ID, NODES.textNode(envelope.workspaceId()));
        expected.put(BaseColumns.MESSAGE_ID, NODES.textNode(envelope.messageId()));
        if (envelope.sourceId() != null) {
            expected.put(BaseColumns.SOURCE_ID, NODES.textNode(envelope.sourceId()));
        }
        if (envelope.type() != null) {
            expected.put(BaseColumns.TYPE, NODES.textNode(envelope.type()));
        }
        expected.remove(BaseColumns.RECEIVED_AT);
        expected.remove(BaseColumns.STITCHED);
        expected.values().removeIf(JsonNode::isNull);

        Row row = reader.read(EventJson.toBytes(envelope));

        Map<String, JsonNode> actual = new LinkedHashMap<>(row.columns());
        JsonNode receivedAt = actual.remove(BaseColumns.RECEIVED_AT);
        if (envelope.receivedAt() != null) {
            assertThat(receivedAt.asText()).isEqualTo(envelope.receivedAt().toString());
        }
        if (!expected.containsKey(BaseColumns.TIMESTAMP)) {
            assertThat(actual.remove(BaseColumns.TIMESTAMP)).isEqualTo(receivedAt);
        }
        Map<String, JsonNode> expectedStored = new LinkedHashMap<>();
        expected.forEach((name, value) -> expectedStored.put(name, value.isArray() ? NODES.textNode(value.toString())
                : value));
        assertThat(actual).as(envelope.event().toString()).isEqualTo(expectedStored);

        Map<String, String> signature = new LinkedHashMap<>();
        for (int i = 0; i < row.fieldCount(); i++) {
            signature.put(row.fieldName(i), row.fieldType(i) + (row.fieldIntegral(i) ? "/long" : ""));
        }
        signature.remove(BaseColumns.RECEIVED_AT);
        if (!expected.containsKey(BaseColumns.TIMESTAMP)) {
            signature.remove(BaseColumns.TIMESTAMP);
        }
        Map<String, String> expectedSignature = new LinkedHashMap<>();
        expected.forEach((name, value) -> expectedSignature.put(name, FieldType.of(value).orElseThrow()
                + (value.isIntegralNumber() && value.canConvertToLong() ? "/long" : "")));
        assertThat(signature).as(envelope.event().toString()).isEqualTo(expectedSignature);

        JsonNode anonymousId = expected.get(BaseColumns.ANONYMOUS_ID);
        assertThat(row.anonymousId()).isEqualTo(textOf(anonymousId));
        assertThat(row.userId()).isEqualTo(textOf(expected.get(BaseColumns.USER_ID)));
        assertThat(row.type()).isEqualTo(textOf(expected.get(BaseColumns.TYPE)));
        return true;
    }

    private static String textOf(JsonNode value) {
        return value == null || value.asText().isEmpty() ? null : value.asText();
    }

    private static final String[] KEYS = {"type", "userId", "user_id", "anonymousId", "anonymous_id", "timestamp",
            "sentAt", "receivedAt", "messageId", "workspace_id", "source", "id", "properties", "context", "page",
            "Plan Name!", "HTTPServer", "1st", "x", "price", "tags", "_stitched", "k".repeat(40)};

    private static ObjectNode randomObject(Random random, int depth) {
        ObjectNode object = NODES.objectNode();
        for (int fields = random.nextInt(depth == 0 ? 12 : 5); fields > 0; fields--) {
            String key = KEYS[random.nextInt(KEYS.length)];
            object.set(key, depth < 3 && random.nextInt(4) == 0 ? randomObject(random, depth + 1)
                    : randomValue(random));
        }
        return object;
    }

    private static JsonNode randomValue(Random random) {
        return switch (random.nextInt(11)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.numberNode(random.nextInt(1000) - 500);
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(new BigInteger("98765432109876543210").multiply(BigInteger.valueOf(random.nextInt(9) + 1)));
            case 4 -> NODES.numberNode(random.nextDouble() * 1e6);
            case 5 -> NODES.booleanNode(random.nextBoolean());
            case 6 -> NODES.textNode("2024-0" + (1 + random.nextInt(9)) + "-2" + random.nextInt(10) + "T12:00:00Z");
            case 7 -> NODES.textNode("not a timestamp but 25 ch".substring(0, 19 + random.nextInt(7)));
            case 8 -> {
                ArrayNode array = NODES.arrayNode();
                array.add(random.nextInt(5)).add("s").add(random.nextDouble());
                yield array;
            }
            case 9 -> NODES.textNode("");
            default -> NODES.textNode("v" + random.nextInt(100) + "\u00e9\"\\" + Arrays.toString(new int[random.nextInt(3)]));
        };
    }

    @Test
    void rowsShareTheirWorkspaceAndTypeStrings() throws IOException {
        RowReader reader = new RowReader();
        String event = "{\"type\":\"track\",\"anonymousId\":\"anon-7\",\"userId\":\"user-7\"}";
        List<Row> rows = new ArrayList<>();
        for (String workspace : List.of("ws-a", "ws-a", "ws-b", "ws-a")) { // the last after another: not the recent one
            rows.add(reader.read(EventJson.toBytes(EventEnvelope.ingested(workspace, "src", "m-" + rows.size(), "track",
                    Rows.RECEIVED, (ObjectNode) EventJson.MAPPER.readTree(event)))));
        }

        assertThat(rows.get(1).workspaceId()).isEqualTo("ws-a").isSameAs(rows.get(0).workspaceId());
        assertThat(rows.get(3).workspaceId()).isEqualTo("ws-a").isSameAs(rows.get(0).workspaceId());
        assertThat(rows.get(2).workspaceId()).isEqualTo("ws-b");
        assertThat(rows).allSatisfy(row -> assertThat(row.type()).isEqualTo("track").isSameAs(rows.get(0).type()));
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.anonymousId()).isEqualTo("anon-7");
            assertThat(row.userId()).isEqualTo("user-7");
        });
    }

    @Test
    void rowsWithTheSameFieldsShareOneListOfThem() {
        List<Row> rows = Rows.read("ws",
                "{\"properties\":{\"plan\":\"pro\",\"seats\":3}}",
                "{\"properties\":{\"plan\":\"team\",\"seats\":40}}",
                "{\"properties\":{\"plan\":\"team\",\"seats\":4.5}}",
                "{\"properties\":{\"plan\":\"team\",\"seats\":4,\"paid\":true}}",
                "{\"properties\":{\"seats\":4,\"plan\":\"team\"}}");

        assertThat(rows.get(1).fields()).isSameAs(rows.get(0).fields());
        assertThat(rows.subList(2, 5)).allSatisfy(row -> assertThat(row.fields()).isNotSameAs(rows.get(0).fields()));
        assertThat(rows.get(2).fieldIntegral(rows.get(2).fieldCount() - 1)).isFalse();

        rows.get(1).stitch("u-1");
        assertThat(rows.get(1).has(BaseColumns.STITCHED)).isTrue();
        assertThat(rows.get(0).has(BaseColumns.STITCHED)).as("stitching one row changes no other").isFalse();
    }
}
