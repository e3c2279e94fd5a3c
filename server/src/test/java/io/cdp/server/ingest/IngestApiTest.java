package io.cdp.server.ingest;

import static io.cdp.server.ingest.IngestTestKit.json;
import static io.cdp.server.ingest.IngestTestKit.post;
import static io.cdp.server.ingest.IngestTestKit.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.server.CdpConfiguration;
import io.cdp.server.event.DeadLetter;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.event.FieldNames;
import io.cdp.server.event.Timestamps;
import io.cdp.server.testing.TestApp;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ingest API end to end: real Jetty, PostgreSQL, Redis and Kafka; every accepted event is
 * read back from the ingest topic, every rejection path is exercised.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class IngestApiTest {
    private static final TestApp TEST = TestApp.named("ingest");
    private static final DropwizardAppExtension<CdpConfiguration> APP = TEST.app("ingest.batchMaxEvents", "50",
            "ingest.payloadLimitKb", "8",
            "ingest.batchLimitKb", "32");

    private static String key;
    private static IngestTestKit.TopicReader ingestTopic;
    private static IngestTestKit.TopicReader dlqTopic;


    @BeforeAll
    static void createKeyAndReaders() throws Exception {
        key = IngestTestKit.createKey(APP.getLocalPort(), TEST.token(), TestServices.uniqueName("shop"),
                Map.of("tier", "pro"));
        ingestTopic = new IngestTestKit.TopicReader(TestServices.KAFKA_BOOTSTRAP, TEST.topic("events.ingest"));
        dlqTopic = new IngestTestKit.TopicReader(TestServices.KAFKA_BOOTSTRAP, TEST.topic("events.dlq"));
    }

    @AfterAll
    static void closeReaders() {
        ingestTopic.close();
        dlqTopic.close();
    }

    private static int port() {
        return APP.getLocalPort();
    }

    private static Map<String, Object> event(String type) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("anonymousId", "anon-" + UUID.randomUUID());
        event.put("messageId", "m-" + UUID.randomUUID());
        switch (type) {
            case "track" -> event.put("event", "Signed Up");
            case "page", "screen" -> event.put("name", "Home");
            case "group" -> event.put("groupId", "g-1");
            case "alias" -> event.put("previousId", "old-id");
            default -> { }
        }
        event.put("properties", Map.of("plan", "pro", "seats", 3, "nested", Map.of("level", 2)));
        return event;
    }

    private static EventEnvelope envelope(ConsumerRecord<String, byte[]> record) throws Exception {
        return EventJson.envelope(record.value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/track", "/v1/identify", "/v1/page", "/v1/screen", "/v1/group", "/v1/alias",
            "/track", "/identify", "/page", "/screen", "/group", "/alias"})
    void eachEventEndpointPutsTheEnvelopeOnTheIngestTopicKeyedByAnonymousId(String path) throws Exception {
        String type = path.substring(path.lastIndexOf('/') + 1);
        Map<String, Object> event = event(type);
        HttpResponse<String> response = send(port(), path, key, event);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"success\":true}");
        ConsumerRecord<String, byte[]> record = ingestTopic.awaitMessage((String) event.get("messageId"));
        assertThat(record.key()).isEqualTo(event.get("anonymousId"));
        EventEnvelope envelope = envelope(record);
        assertThat(envelope.type()).isEqualTo(type);
        assertThat(envelope.workspaceId()).startsWith("ws_");
        assertThat(envelope.sourceId()).startsWith("src_");
        assertThat(envelope.receivedAt()).isNotNull();
        assertThat(envelope.event().path("type").asText()).isEqualTo(type);
        assertThat(envelope.event().path("properties").path("nested").path("level").asInt()).isEqualTo(2);
        assertThat(envelope.event().path("receivedAt").asText()).isEqualTo(Timestamps.format(envelope.receivedAt()));
        assertThat(envelope.event().has("timestamp")).isTrue();
    }

    @Test
    void theWriteKeyMayComeAsHeaderOrInTheBodyAndNeverTravelsOn() throws Exception {
        Map<String, Object> byHeader = event("track");
        HttpResponse<String> header = post(port(), "/v1/track", EventJson.toBytes(byHeader),
                "X-Write-Key", key, "Content-Type", "application/json");
        assertThat(header.statusCode()).as(header.body()).isEqualTo(200);

        Map<String, Object> inBody = event("track");
        inBody.put("writeKey", key);
        HttpResponse<String> body = post(port(), "/v1/track", EventJson.toBytes(inBody),
                "Content-Type", "application/json");
        assertThat(body.statusCode()).as(body.body()).isEqualTo(200);

        ConsumerRecord<String, byte[]> record = ingestTopic.awaitMessage((String) inBody.get("messageId"));
        assertThat(new String(record.value())).doesNotContain(key).doesNotContain("writeKey");
        ingestTopic.awaitMessage((String) byHeader.get("messageId"));
    }

    @Test
    void aMissingMessageIdIsGeneratedAndUserIdIsTheKeyWithoutAnonymousId() throws Exception {
        String userId = "user-" + UUID.randomUUID();
        HttpResponse<String> response = send(port(), "/v1/identify", key,
                Map.of("userId", userId, "traits", Map.of("email", "a@example.com")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ConsumerRecord<String, byte[]> record = ingestTopic.await(found -> userId.equals(found.key()));
        EventEnvelope envelope = envelope(record);
        assertThat(envelope.messageId()).isNotBlank();
        assertThat(envelope.event().path("messageId").asText()).isEqualTo(envelope.messageId());
    }

    @Test
    void timestampIsCorrectedForTheClientsClockSkew() throws Exception {
        // The client's clock is two hours behind; it says the event happened 10 minutes before sending.
        Instant clientNow = Instant.now().minus(Duration.ofHours(2));
        Map<String, Object> event = event("track");
        event.put("sentAt", clientNow.toString());
        event.put("timestamp", clientNow.minus(Duration.ofMinutes(10)).toString());
        assertThat(send(port(), "/v1/track", key, event).statusCode()).isEqualTo(200);

        EventEnvelope envelope = envelope(ingestTopic.awaitMessage((String) event.get("messageId")));
        Instant timestamp = Instant.parse(envelope.event().get("timestamp").asText());
        assertThat(Duration.between(timestamp, envelope.receivedAt())).isEqualTo(Duration.ofMinutes(10));
        assertThat(envelope.event().get("originalTimestamp").asText())
                .isEqualTo(Timestamps.format(clientNow.minus(Duration.ofMinutes(10))));
        assertThat(envelope.event().get("sentAt").asText()).isEqualTo(Timestamps.format(clientNow));
    }

    @Test
    void batchAndImportJudgeEachEvent() throws Exception {
        for (String path : List.of("/v1/batch", "/batch", "/v1/import", "/import")) {
            Map<String, Object> good = event("track");
            good.put("type", "track");
            Map<String, Object> noIdentity = new LinkedHashMap<>(Map.of("type", "track", "event", "x",
                    "messageId", "m-" + UUID.randomUUID()));
            Map<String, Object> noEvent = event("identify");
            noEvent.put("type", "track");
            Map<String, Object> late = event("page");
            late.put("type", "page");
            late.put("sentAt", Instant.now().minus(Duration.ofHours(30)).toString());
            Map<String, Object> identify = event("identify");
            identify.put("type", "identify");
            List<Object> batch = List.of(good, noIdentity, "not an object", noEvent, late, identify);

            HttpResponse<String> response = send(port(), path, key, Map.of("batch", batch));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.get("success").asBoolean()).isTrue();
            assertThat(body.get("accepted").asInt()).isEqualTo(2);
            assertThat(body.get("duplicates").asInt()).isZero();
            JsonNode rejected = body.get("rejected");
            assertThat(rejected).hasSize(4);
            assertThat(rejected.get(0).get("index").asInt()).isEqualTo(1);
            assertThat(rejected.get(0).get("field").asText()).isEqualTo("userId");
            assertThat(rejected.get(0).get("messageId").asText()).isEqualTo(noIdentity.get("messageId"));
            assertThat(rejected.get(1).get("index").asInt()).isEqualTo(2);
            assertThat(rejected.get(2).get("field").asText()).isEqualTo("event");
            assertThat(rejected.get(3).get("index").asInt()).isEqualTo(4);
            assertThat(rejected.get(3).get("field").asText()).isEqualTo("sentAt");
            assertThat(rejected.get(3).get("error").asText()).contains("late");

            ingestTopic.awaitMessage((String) good.get("messageId"));
            ingestTopic.awaitMessage((String) identify.get("messageId"));
        }
    }

    @Test
    void batchSentAtAndContextApplyToItsEvents() throws Exception {
        Instant clientNow = Instant.now().minus(Duration.ofHours(1));
        Map<String, Object> event = event("track");
        event.put("type", "track");
        event.put("timestamp", clientNow.minusSeconds(30).toString());
        HttpResponse<String> response = send(port(), "/v1/batch", key, Map.of("batch", List.of(event),
                "sentAt", clientNow.toString(), "context", Map.of("library", Map.of("name", "test"))));
        assertThat(json(response).get("accepted").asInt()).isEqualTo(1);
        EventEnvelope envelope = envelope(ingestTopic.awaitMessage((String) event.get("messageId")));
        assertThat(Duration.between(Instant.parse(envelope.event().get("timestamp").asText()), envelope.receivedAt()))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(envelope.event().path("context").path("library").path("name").asText()).isEqualTo("test");
    }

    /** The {@code context.ip} the event with that message id carries on the ingest topic. */
    private static JsonNode contextIpOnKafka(Object messageId) throws Exception {
        return envelope(ingestTopic.awaitMessage((String) messageId)).event().at("/context/ip");
    }

    @Test
    void anEventWithoutContextIpGetsTheAddressThatSentTheRequest() throws Exception {
        Map<String, Object> bare = event("track");
        Map<String, Object> emptyIp = event("page");
        emptyIp.put("context", Map.of("ip", "", "library", Map.of("name", "analytics.js")));
        Map<String, Object> nullIp = event("identify");
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("ip", null);
        nullIp.put("context", context);
        assertThat(send(port(), "/v1/track", key, bare).statusCode()).isEqualTo(200);
        assertThat(send(port(), "/v1/page", key, emptyIp).statusCode()).isEqualTo(200);
        assertThat(send(port(), "/identify", key, nullIp).statusCode()).isEqualTo(200);

        assertThat(contextIpOnKafka(bare.get("messageId")).asText()).isEqualTo("127.0.0.1");
        assertThat(contextIpOnKafka(nullIp.get("messageId")).asText()).isEqualTo("127.0.0.1");
        EventEnvelope envelope = envelope(ingestTopic.awaitMessage((String) emptyIp.get("messageId")));
        assertThat(envelope.event().at("/context/ip").asText()).isEqualTo("127.0.0.1");
        assertThat(envelope.event().at("/context/library/name").asText()).isEqualTo("analytics.js");
    }

    @Test
    void anEventsOwnContextIpIsKept() throws Exception {
        Map<String, Object> event = event("track");
        event.put("context", Map.of("ip", "198.51.100.23"));
        assertThat(send(port(), "/v1/track", key, event).statusCode()).isEqualTo(200);

        assertThat(contextIpOnKafka(event.get("messageId")).asText()).isEqualTo("198.51.100.23");
    }

    @Test
    void forwardingHeadersAreIgnoredWhenNoProxyIsTrusted() throws Exception {
        Map<String, Object> event = event("track");
        HttpResponse<String> response = post(port(), "/v1/track", EventJson.toBytes(event),
                "Authorization", IngestTestKit.basic(key), "Content-Type", "application/json",
                "X-Forwarded-For", "203.0.113.9", "X-Real-IP", "203.0.113.10");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        assertThat(contextIpOnKafka(event.get("messageId")).asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void eachEventOfABatchWithoutContextIpGetsTheAddress() throws Exception {
        Map<String, Object> bare = event("track");
        bare.put("type", "track");
        Map<String, Object> own = event("identify");
        own.put("type", "identify");
        own.put("context", Map.of("ip", "2001:db8::7"));
        Map<String, Object> batchContext = event("page");
        batchContext.put("type", "page");
        HttpResponse<String> response = post(port(), "/v1/batch", EventJson.toBytes(Map.of(
                        "batch", List.of(bare, own, batchContext), "context", Map.of("locale", "sv-SE"))),
                "Authorization", IngestTestKit.basic(key), "Content-Type", "application/json",
                "X-Forwarded-For", "203.0.113.9");
        assertThat(json(response).get("accepted").asInt()).as(response.body()).isEqualTo(3);

        assertThat(contextIpOnKafka(bare.get("messageId")).asText()).isEqualTo("127.0.0.1");
        assertThat(contextIpOnKafka(own.get("messageId")).asText()).isEqualTo("2001:db8::7");
        EventEnvelope envelope = envelope(ingestTopic.awaitMessage((String) batchContext.get("messageId")));
        assertThat(envelope.event().at("/context/ip").asText()).isEqualTo("127.0.0.1");
        assertThat(envelope.event().at("/context/locale").asText()).isEqualTo("sv-SE");
    }

    @Test
    void aDuplicateIsAcceptedButNotForwardedAgain() throws Exception {
        Map<String, Object> event = event("track");
        assertThat(send(port(), "/v1/track", key, event).body()).isEqualTo("{\"success\":true}");
        HttpResponse<String> again = send(port(), "/v1/track", key, event);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo("{\"success\":true,\"duplicate\":true}");

        Map<String, Object> inBatch = new LinkedHashMap<>(event);
        inBatch.put("type", "track");
        JsonNode batch = json(send(port(), "/v1/import", key, Map.of("batch", List.of(inBatch, inBatch))));
        assertThat(batch.get("accepted").asInt()).isZero();
        assertThat(batch.get("duplicates").asInt()).isEqualTo(2);

        // A later event with the same key lands on the same partition after any copy of the first.
        Map<String, Object> marker = event("track");
        marker.put("anonymousId", event.get("anonymousId"));
        send(port(), "/v1/track", key, marker);
        ingestTopic.awaitMessage((String) marker.get("messageId"));
        assertThat(ingestTopic.seenWith((String) event.get("messageId"))).hasSize(1);
    }

    @Test
    void aTypeConflictNamesTheFieldAndGoesToTheDeadLetterTopic() throws Exception {
        Map<String, Object> first = event("track");
        first.put("properties", Map.of("price", 10));
        assertThat(send(port(), "/v1/track", key, first).statusCode()).isEqualTo(200);

        Map<String, Object> conflicting = event("track");
        conflicting.put("properties", Map.of("price", "ten"));
        HttpResponse<String> response = send(port(), "/v1/track", key, conflicting);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(json(response).get("field").asText()).isEqualTo("properties_price");
        assertThat(json(response).get("error").asText()).contains("float", "string");

        DeadLetter letter = EventJson.deadLetter(dlqTopic.awaitMessage((String) conflicting.get("messageId")).value());
        assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.INGEST);
        assertThat(letter.reason()).isEqualTo(DeadLetter.Reasons.SCHEMA_CONFLICT);
        assertThat(letter.field()).isEqualTo("properties_price");
        assertThat(letter.payload().path("properties").path("price").asText()).isEqualTo("ten");

        // The conflict released the messageId: the corrected event is accepted, not a duplicate.
        conflicting.put("properties", Map.of("price", 11));
        assertThat(send(port(), "/v1/track", key, conflicting).body()).isEqualTo("{\"success\":true}");
        ingestTopic.awaitMessage((String) conflicting.get("messageId"));

        // In a batch the conflicting event is one rejection among accepted ones.
        Map<String, Object> good = event("track");
        good.put("type", "track");
        Map<String, Object> bad = event("track");
        bad.put("type", "track");
        bad.put("properties", Map.of("price", true));
        JsonNode batch = json(send(port(), "/v1/batch", key, Map.of("batch", List.of(good, bad))));
        assertThat(batch.get("accepted").asInt()).isEqualTo(1);
        assertThat(batch.get("rejected").get(0).get("field").asText()).isEqualTo("properties_price");
        dlqTopic.awaitMessage((String) bad.get("messageId"));
    }

    @Test
    void twoKeysThatBecomeOneColumnWithDifferentValuesAreRefusedNamingBothAndNothingIsDropped() throws Exception {
        Map<String, Object> colliding = event("identify");
        colliding.put("userId", "u-camel");
        colliding.put("user_id", "u-snake");
        HttpResponse<String> response = send(port(), "/v1/identify", key, colliding);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(json(response).get("field").asText()).isEqualTo("user_id");
        assertThat(json(response).get("error").asText()).contains("\"userId\"", "\"user_id\"", "different values");

        // The same value under both names loses nothing and is accepted; so is a null beside a value.
        colliding.put("user_id", "u-camel");
        colliding.put("properties", Map.of("a", Map.of("b", 1), "a_b", 1));
        assertThat(send(port(), "/v1/identify", key, colliding).body()).isEqualTo("{\"success\":true}");
        ingestTopic.awaitMessage((String) colliding.get("messageId"));

        // In a batch the colliding events are rejected by index, the others go on.
        Map<String, Object> good = event("track");
        good.put("type", "track");
        Map<String, Object> nested = event("track");
        nested.put("type", "track");
        nested.put("properties", Map.of("a", Map.of("b", 1), "a_b", 2));
        Map<String, Object> nullBeside = event("track");
        nullBeside.put("type", "track");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("plan", "pro");
        properties.put("Plan", null);
        nullBeside.put("properties", properties);
        String common = "p".repeat(FieldNames.MAX_LENGTH);
        Map<String, Object> cut = event("track");
        cut.put("type", "track");
        cut.put("properties", Map.of(common + "_one", 1, common + "_two", 2));
        JsonNode batch = json(send(port(), "/v1/batch", key, Map.of("batch", List.of(good, nested, nullBeside, cut))));
        assertThat(batch.get("accepted").asInt()).as(batch.toString()).isEqualTo(2);
        JsonNode rejected = batch.get("rejected");
        assertThat(rejected).hasSize(2);
        assertThat(rejected.get(0).get("index").asInt()).isEqualTo(1);
        assertThat(rejected.get(0).get("field").asText()).isEqualTo("properties_a_b");
        assertThat(rejected.get(0).get("error").asText()).contains("\"properties.a.b\"", "\"properties.a_b\"");
        assertThat(rejected.get(0).get("messageId").asText()).isEqualTo(nested.get("messageId"));
        assertThat(rejected.get(1).get("index").asInt()).isEqualTo(3);
        assertThat(rejected.get(1).get("field").asText()).isEqualTo("properties_" + common.substring(11));
        assertThat(rejected.get(1).get("error").asText()).contains("properties." + common + "_one",
                "properties." + common + "_two");
        ingestTopic.awaitMessage((String) good.get("messageId"));
        ingestTopic.awaitMessage((String) nullBeside.get("messageId"));

        // Refused, not dead-lettered: the client has the answer. Its messageId is free for the fixed event.
        nested.put("properties", Map.of("a", Map.of("b", 1)));
        assertThat(json(send(port(), "/v1/batch", key, Map.of("batch", List.of(nested)))).get("accepted").asInt())
                .isEqualTo(1);
        ingestTopic.awaitMessage((String) nested.get("messageId"));
    }

    @Test
    void unknownOrMissingKeysAreRefused() throws Exception {
        HttpResponse<String> unknown = send(port(), "/v1/track", "cdp_wk_doesnotexist0000000000", event("track"));
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(json(unknown).get("error").asText()).contains("unknown write key", "cdp_wk_does…")
                .doesNotContain("doesnotexist");

        HttpResponse<String> none = post(port(), "/v1/track", EventJson.toBytes(event("track")),
                "Content-Type", "application/json");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none).get("error").asText()).contains("no write key", "Basic");
    }

    @Test
    void missingIdsAndTrackWithoutEventAreBadRequestsNamingTheField() throws Exception {
        HttpResponse<String> noIds = send(port(), "/v1/track", key, Map.of("event", "x"));
        assertThat(noIds.statusCode()).isEqualTo(400);
        assertThat(json(noIds).get("field").asText()).isEqualTo("userId");
        assertThat(json(noIds).get("error").asText()).isEqualTo("userId or anonymousId is required");

        HttpResponse<String> noEvent = send(port(), "/v1/track", key, Map.of("userId", "u1"));
        assertThat(json(noEvent).get("field").asText()).isEqualTo("event");

        HttpResponse<String> badProperties = send(port(), "/v1/track", key,
                Map.of("userId", "u1", "event", "x", "properties", "not an object"));
        assertThat(badProperties.statusCode()).isEqualTo(400);
        assertThat(json(badProperties).get("field").asText()).isEqualTo("properties");

        HttpResponse<String> badTime = send(port(), "/v1/track", key,
                Map.of("userId", "u1", "event", "x", "timestamp", "yesterday"));
        assertThat(json(badTime).get("field").asText()).isEqualTo("timestamp");
    }

    @Test
    void aLateEventIsUnprocessable() throws Exception {
        Map<String, Object> event = event("track");
        event.put("sentAt", Instant.now().minus(Duration.ofHours(25)).toString());
        HttpResponse<String> response = send(port(), "/v1/track", key, event);
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).get("field").asText()).isEqualTo("sentAt");
        assertThat(json(response).get("error").asText()).contains("late", "25h");
    }

    @Test
    void tooLargeEventsAndBatchesAre413() throws Exception {
        Map<String, Object> big = event("track");
        big.put("properties", Map.of("blob", "x".repeat(9 * 1024)));
        HttpResponse<String> single = send(port(), "/v1/track", key, big);
        assertThat(single.statusCode()).isEqualTo(413);
        assertThat(json(single).get("error").asText()).contains("8 KB");

        // In a batch, a too large event is one rejection; the batch itself has a larger limit.
        big.put("type", "track");
        Map<String, Object> small = event("track");
        small.put("type", "track");
        JsonNode batch = json(send(port(), "/v1/batch", key, Map.of("batch", List.of(small, big))));
        assertThat(batch.get("accepted").asInt()).isEqualTo(1);
        assertThat(batch.get("rejected").get(0).get("error").asText()).contains("limit is 8 KB");

        List<Object> huge = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> part = event("track");
            part.put("type", "track");
            part.put("properties", Map.of("blob", "y".repeat(7 * 1024)));
            huge.add(part);
        }
        assertThat(send(port(), "/v1/batch", key, Map.of("batch", huge)).statusCode()).isEqualTo(413);

        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            many.add(Map.of("type", "track", "userId", "u", "event", "e"));
        }
        HttpResponse<String> tooMany = send(port(), "/v1/batch", key, Map.of("batch", many));
        assertThat(tooMany.statusCode()).isEqualTo(413);
        assertThat(json(tooMany).get("error").asText()).contains("51 events", "at most 50");
    }

    @Test
    void malformedRequestsAre400() throws Exception {
        HttpResponse<String> notJson = post(port(), "/v1/track", "{\"userId\": ".getBytes(),
                "Authorization", IngestTestKit.basic(key), "Content-Type", "application/json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(json(notJson).get("error").asText()).startsWith("malformed JSON");

        HttpResponse<String> array = post(port(), "/v1/track", "[1,2]".getBytes(),
                "Authorization", IngestTestKit.basic(key), "Content-Type", "application/json");
        assertThat(json(array).get("error").asText()).contains("must be a JSON object");

        HttpResponse<String> noBatch = send(port(), "/v1/batch", key, Map.of("events", List.of()));
        assertThat(noBatch.statusCode()).isEqualTo(400);
        assertThat(json(noBatch).get("field").asText()).isEqualTo("batch");
    }

    @Test
    void aJsonBodyIsJsonWhateverItsContentTypeAndOnlyMultipartIs415() throws Exception {
        for (String type : new String[] {"application/x-www-form-urlencoded", "text/plain;charset=UTF-8",
                "application/octet-stream"}) {
            HttpResponse<String> accepted = post(port(), "/v1/track", EventJson.toBytes(event("track")),
                    "Authorization", IngestTestKit.basic(key), "Content-Type", type);
            assertThat(accepted.statusCode()).as(type + ": " + accepted.body()).isEqualTo(200);
        }
        HttpResponse<String> form = post(port(), "/v1/track", "userId=u&event=e".getBytes(),
                "Authorization", IngestTestKit.basic(key), "Content-Type", "application/x-www-form-urlencoded");
        assertThat(form.statusCode()).isEqualTo(400);
        assertThat(json(form).get("error").asText()).startsWith("malformed JSON").contains("must be JSON");

        HttpResponse<String> multipart = post(port(), "/v1/track", EventJson.toBytes(event("track")),
                "Authorization", IngestTestKit.basic(key), "Content-Type", "multipart/form-data; boundary=x");
        assertThat(multipart.statusCode()).isEqualTo(415);
    }

    @Test
    void gzipBodiesAreInflated() throws Exception {
        Map<String, Object> event = event("track");
        HttpResponse<String> response = post(port(), "/v1/track", IngestTestKit.gzip(EventJson.toBytes(event)),
                "Authorization", IngestTestKit.basic(key), "Content-Type", "application/json",
                "Content-Encoding", "gzip");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ingestTopic.awaitMessage((String) event.get("messageId"));

        // The limit applies to the inflated size: 9 KB of zeros gzip to a few bytes.
        Map<String, Object> big = event("track");
        big.put("properties", Map.of("blob", "0".repeat(9 * 1024)));
        HttpResponse<String> inflatedTooLarge = post(port(), "/v1/track", IngestTestKit.gzip(EventJson.toBytes(big)),
                "Authorization", IngestTestKit.basic(key), "Content-Type", "application/json",
                "Content-Encoding", "gzip");
        assertThat(inflatedTooLarge.statusCode()).isEqualTo(413);
    }

    @Test
    void theRateLimitRefusesWith429AndRetryAfter() throws Exception {
        String limited = IngestTestKit.createKey(port(), TEST.token(), TestServices.uniqueName("small"),
                Map.of("tier", "enterprise", "rate_burst", 5, "rate_per_day", 1000));
        List<Object> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Map<String, Object> event = event("track");
            event.put("type", "track");
            five.add(event);
        }
        assertThat(json(send(port(), "/v1/batch", limited, Map.of("batch", five))).get("accepted").asInt())
                .isEqualTo(5);

        HttpResponse<String> refused = send(port(), "/v1/track", limited, event("track"));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(Integer.parseInt(refused.headers().firstValue("Retry-After").get())).isBetween(1, 10);
        assertThat(json(refused).get("error").asText()).contains("5 events per 5 s");

        // A batch larger than the burst can never pass: it says so.
        List<Object> six = new ArrayList<>(five);
        six.add(event("track"));
        HttpResponse<String> tooBig = send(port(), "/v1/batch", limited, Map.of("batch", six));
        assertThat(tooBig.statusCode()).isEqualTo(429);
        assertThat(json(tooBig).get("error").asText()).contains("send smaller batches");
    }
}
