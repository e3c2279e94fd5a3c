package io.cdp.server.dlq;

import io.cdp.server.event.DeadLetter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.config.KafkaConfig;
import io.cdp.server.error.AppError;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.kafka.KafkaClients;
import io.cdp.server.testing.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the real Kafka broker, on topics of its own. */
class DeadLetterServiceTest {
    private static final String SUFFIX = TestServices.uniqueName("dlqtest");
    private static KafkaConfig kafka;
    private static Producer<String, byte[]> producer;
    /** When the ingest letters' events arrived (ingest writes that as a letter's failed_at). */
    private static final Instant ARRIVED = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
    private static DeadLetterService service;
    private static IngestChecksForTests checks;

    @BeforeAll
    static void setUp() throws Exception {
        kafka = TestServices.kafkaConfig(SUFFIX);
        producer = new KafkaProducer<>(KafkaClients.producer(kafka, "dlq-test"));
        checks = new IngestChecksForTests("ws-a", "ws-b", "ws-c");
        service = new DeadLetterService(new DeadLetterRepo(kafka), producer, kafka.topics().retry(),
                kafka.topics().ingest(), checks.replay);

        DeadLetterProducer deadLetters = new DeadLetterProducer(producer, kafka.topics().dlq());
        deadLetters.send(ingestLetter("m-1", "ws-a"), "anon-1").join();
        deadLetters.send(ingestLetter("m-2", "ws-b", ARRIVED.plusSeconds(1)), "anon-2").join();
        deadLetters.send(rotorLetter("m-3", "ws-a"), "anon-3").join();
    }

    @AfterAll
    static void tearDown() {
        producer.close();
        checks.drop();
    }

    private static DeadLetter ingestLetter(String messageId, String workspace) {
        return ingestLetter(messageId, workspace, ARRIVED);
    }

    private static DeadLetter ingestLetter(String messageId, String workspace, Instant arrived) {
        ObjectNode raw = EventJson.MAPPER.createObjectNode()
                .put("type", "track").put("event", "Signed Up").put("messageId", messageId)
                .put("anonymousId", "anon-" + messageId);
        raw.putObject("properties").put("price", "12");
        return ingestLetter(messageId, workspace, raw, arrived);
    }

    private static DeadLetter ingestLetter(String messageId, String workspace, ObjectNode raw, Instant arrived) {
        return new DeadLetter(DeadLetter.Stage.INGEST, DeadLetter.Reasons.SCHEMA_CONFLICT, "properties_price",
                "expected int, got string", null, null, workspace, "src-1", messageId, arrived, 0, raw);
    }

    private static DeadLetter rotorLetter(String messageId, String workspace) {
        ObjectNode event = EventJson.MAPPER.createObjectNode().put("type", "track").put("userId", "u-9");
        EventEnvelope envelope = new EventEnvelope(workspace, "src-1", messageId, "track",
                Instant.parse("2026-11-26T04:00:00Z"), null, 3, Instant.now(), event);
        return new DeadLetter(DeadLetter.Stage.ROTOR, DeadLetter.Reasons.FUNCTION_ERROR, null, "boom",
                "Error: boom\n at f.js:1", "fn-1", workspace, "src-1", messageId, Instant.now(), 3,
                EventJson.MAPPER.valueToTree(envelope));
    }

    @Test
    void listsNewestFirstAndFilters() {
        assertThat(service.list(new DeadLetterFilter(null, null, null, 100)))
                .extracting(entry -> entry.letter().messageId()).containsExactly("m-3", "m-2", "m-1");
        assertThat(service.list(new DeadLetterFilter("ws-a", null, null, 100)))
                .extracting(entry -> entry.letter().messageId()).containsExactly("m-3", "m-1");
        assertThat(service.list(new DeadLetterFilter(null, "rotor", null, 100)))
                .extracting(entry -> entry.letter().messageId()).containsExactly("m-3");
        assertThat(service.list(new DeadLetterFilter(null, null, null, 1))).hasSize(1);
    }

    @Test
    void showsOneLetterByIdWithItsPayload() {
        DeadLetterEntry listed = service.list(new DeadLetterFilter(null, null, DeadLetter.Reasons.SCHEMA_CONFLICT, 1)).get(0);
        DeadLetterEntry shown = service.show(listed.id());
        assertThat(shown.letter().field()).isEqualTo("properties_price");
        assertThat(shown.letter().payload().path("properties").path("price").asText()).isEqualTo("12");
    }

    @Test
    void unknownOrMalformedIdsAreClearErrors() {
        assertThatThrownBy(() -> service.show("7-999999")).isInstanceOf(AppError.class)
                .satisfies(error -> assertThat(((AppError) error).status()).isEqualTo(404));
        assertThatThrownBy(() -> service.show("nope")).isInstanceOf(AppError.class)
                .hasMessageContaining("not a dead-letter id")
                .satisfies(error -> assertThat(((AppError) error).field()).contains("id"));
    }

    @Test
    void replayPutsRotorLettersOnTheRetryTopicAndIngestLettersThroughIngestsChecksOnTheIngestTopic() {
        List<String> ids = service.list(new DeadLetterFilter("ws-a", null, null, 100)).stream()
                .map(DeadLetterEntry::id).toList();
        ReplayResult result = service.replay(ids);
        assertThat(result.replayed()).isEqualTo(2);
        assertThat(result.skipped()).isEmpty();

        List<EventEnvelope> retried = readTopic(kafka.topics().retry(), 1);
        assertThat(retried).extracting(EventEnvelope::messageId).containsExactly("m-3");
        EventEnvelope fromRotor = retried.get(0);
        assertThat(fromRotor.retries()).as("a replay starts over").isZero();
        assertThat(fromRotor.receivedAt()).isEqualTo(Instant.parse("2026-11-26T04:00:00Z"));
        List<EventEnvelope> ingested = readTopic(kafka.topics().ingest(), 1);
        assertThat(ingested).extracting(EventEnvelope::messageId).containsExactly("m-1");
        EventEnvelope fromIngest = ingested.get(0);
        assertThat(fromIngest.workspaceId()).isEqualTo("ws-a");
        assertThat(fromIngest.event().path("event").asText()).isEqualTo("Signed Up");
        assertThat(fromIngest.receivedAt()).as("the time it first arrived").isEqualTo(ARRIVED);
        assertThat(fromIngest.event().path("receivedAt").asText()).isEqualTo(ARRIVED.toString());

        assertThat(service.list(new DeadLetterFilter(null, null, null, 100))).hasSize(3);
    }

    /** Topics and a service of one test's own, so its letters do not show in the other tests' lists. */
    private record OwnTopics(KafkaConfig kafka, DeadLetterService service, DeadLetterProducer deadLetters) {
        static OwnTopics create() {
            KafkaConfig own = TestServices.kafkaConfig(TestServices.uniqueName("dlqreplay"));
            return new OwnTopics(own, new DeadLetterService(new DeadLetterRepo(own), producer, own.topics().retry(),
                    own.topics().ingest(), checks.replay), new DeadLetterProducer(producer, own.topics().dlq()));
        }
    }

    @Test
    void anIngestLetterThatIngestStillRefusesIsSkippedWithIngestsReasonAndGoesNowhere() {
        OwnTopics own = OwnTopics.create();
        checks.schema.check("ws-c", EventEnvelope.DEFAULT_TABLE,
                java.util.Map.of("properties_price", EventJson.MAPPER.getNodeFactory().numberNode(10)));
        own.deadLetters().send(ingestLetter("m-conflict", "ws-c"), "anon-c").join();
        ObjectNode anonymous = EventJson.MAPPER.createObjectNode().put("type", "track").put("event", "E")
                .put("messageId", "m-invalid");
        own.deadLetters().send(ingestLetter("m-invalid", "ws-c", anonymous, ARRIVED), "anon-c").join();
        List<String> ids = own.service().list(new DeadLetterFilter("ws-c", null, null, 100)).stream()
                .map(DeadLetterEntry::id).toList();

        ReplayResult result = own.service().replay(ids);

        assertThat(result.replayed()).isZero();
        assertThat(result.skipped()).extracting(ReplayResult.Skipped::reason).hasSize(2)
                .contains("ingest refuses it again: userId or anonymousId is required (field userId)")
                .anySatisfy(reason -> assertThat(reason).startsWith("ingest refuses it again:")
                        .endsWith("(field properties_price)"));
        assertThat(readTopic(own.kafka().topics().ingest(), 1)).as("nothing replayed").isEmpty();
    }

    @Test
    void aReplayedIngestLetterGetsTheClockSkewCorrectionOfItsArrival() {
        ObjectNode skewed = EventJson.MAPPER.createObjectNode().put("type", "track").put("event", "Skewed")
                .put("messageId", "m-skew").put("anonymousId", "anon-skew")
                // The client's clock was an hour ahead; the event happened 10 s before it was sent.
                .put("sentAt", ARRIVED.plus(Duration.ofHours(1)).toString())
                .put("timestamp", ARRIVED.plus(Duration.ofHours(1)).minusSeconds(10).toString());
        OwnTopics own = OwnTopics.create();
        own.deadLetters().send(ingestLetter("m-skew", "ws-b", skewed, ARRIVED), "anon-skew").join();
        String id = own.service().list(new DeadLetterFilter(null, null, null, 100)).get(0).id();

        assertThat(own.service().replay(List.of(id)).replayed()).isEqualTo(1);

        EventEnvelope replayed = readTopic(own.kafka().topics().ingest(), 1).get(0);
        assertThat(Instant.parse(replayed.event().path("timestamp").asText()))
                .isEqualTo(ARRIVED.minusSeconds(10));
    }

    private static List<EventEnvelope> readTopic(String topic, int expected) {
        var properties = KafkaClients.consumer(kafka, TestServices.uniqueName("reader"), "reader");
        List<EventEnvelope> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        found.add(EventJson.envelope(record.value()));
                    } catch (java.io.IOException e) {
                        throw new AssertionError("not an envelope on " + topic, e);
                    }
                }
            }
        }
        return found;
    }
}
