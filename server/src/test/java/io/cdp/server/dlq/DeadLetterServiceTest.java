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
    private static DeadLetterService service;

    @BeforeAll
    static void setUp() throws Exception {
        kafka = TestServices.kafkaConfig(SUFFIX);
        producer = new KafkaProducer<>(KafkaClients.producer(kafka, "dlq-test"));
        service = new DeadLetterService(new DeadLetterRepo(kafka), producer, kafka.topics().retry());

        DeadLetterProducer deadLetters = new DeadLetterProducer(producer, kafka.topics().dlq());
        deadLetters.send(ingestLetter("m-1", "ws-a"), "anon-1").join();
        deadLetters.send(ingestLetter("m-2", "ws-b"), "anon-2").join();
        deadLetters.send(rotorLetter("m-3", "ws-a"), "anon-3").join();
    }

    @AfterAll
    static void tearDown() {
        producer.close();
    }

    private static DeadLetter ingestLetter(String messageId, String workspace) {
        ObjectNode raw = EventJson.MAPPER.createObjectNode()
                .put("type", "track").put("event", "Signed Up").put("messageId", messageId)
                .put("anonymousId", "anon-" + messageId).put("receivedAt", "2026-11-26T05:00:00Z");
        raw.putObject("properties").put("price", "12");
        return new DeadLetter(DeadLetter.Stage.INGEST, DeadLetter.Reasons.SCHEMA_CONFLICT, "properties_price",
                "expected int, got string", null, null, workspace, "src-1", messageId, Instant.now(), 0, raw);
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
    void replayPutsEnvelopesOnTheRetryTopicAndLeavesTheDeadLetterTopicAlone() {
        List<String> ids = service.list(new DeadLetterFilter("ws-a", null, null, 100)).stream()
                .map(DeadLetterEntry::id).toList();
        ReplayResult result = service.replay(ids);
        assertThat(result.replayed()).isEqualTo(2);
        assertThat(result.skipped()).isEmpty();

        List<EventEnvelope> retried = readRetryTopic(2);
        assertThat(retried).extracting(EventEnvelope::messageId).containsExactlyInAnyOrder("m-1", "m-3");
        EventEnvelope fromRotor = retried.stream().filter(e -> e.messageId().equals("m-3")).findFirst().orElseThrow();
        assertThat(fromRotor.retries()).as("a replay starts over").isZero();
        assertThat(fromRotor.receivedAt()).isEqualTo(Instant.parse("2026-11-26T04:00:00Z"));
        EventEnvelope fromIngest = retried.stream().filter(e -> e.messageId().equals("m-1")).findFirst().orElseThrow();
        assertThat(fromIngest.workspaceId()).isEqualTo("ws-a");
        assertThat(fromIngest.event().path("event").asText()).isEqualTo("Signed Up");
        assertThat(fromIngest.receivedAt()).isEqualTo(Instant.parse("2026-11-26T05:00:00Z"));

        assertThat(service.list(new DeadLetterFilter(null, null, null, 100))).hasSize(3);
    }

    private static List<EventEnvelope> readRetryTopic(int expected) {
        var properties = KafkaClients.consumer(kafka, TestServices.uniqueName("reader"), "reader");
        List<EventEnvelope> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of(kafka.topics().retry()));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        found.add(EventJson.envelope(record.value()));
                    } catch (java.io.IOException e) {
                        throw new AssertionError("not an envelope on the retry topic", e);
                    }
                }
            }
        }
        return found;
    }
}
