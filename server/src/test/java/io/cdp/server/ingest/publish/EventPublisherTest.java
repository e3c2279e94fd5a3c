package io.cdp.server.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.event.DeadLetter;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both delivery modes against a mocked producer whose sends complete only when the test says so. */
class EventPublisherTest {
    private final MockProducer<String, byte[]> kafka =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    @TempDir
    Path dir;
    private Spool spool;
    private EventPublisher publisher;

    private EventPublisher publisher(DeliveryMode mode) throws IOException {
        spool = Spool.open(dir.resolve("spool"), 1 << 20, 64 * 1024);
        publisher = new EventPublisher(kafka, "events.ingest.t", "events.dlq.t", mode, spool, Duration.ofSeconds(5));
        return publisher;
    }

    @AfterEach
    void close() throws IOException {
        spool.close();
    }

    private static EventEnvelope envelope(String messageId) {
        ObjectNode event = EventJson.MAPPER.createObjectNode().put("anonymousId", "anon-1").put("userId", "u1");
        return EventEnvelope.ingested("ws1", "src1", messageId, "track", Instant.parse("2026-11-26T12:00:00Z"), event);
    }

    private CompletableFuture<Void> publish(String messageId) {
        return publisher.publish(List.of(publisher.event(envelope(messageId)))).get(0);
    }

    /** Waits (bounded) until the mocked producer has been handed {@code count} records. */
    private void awaitSent(int count) throws InterruptedException {
        for (int tries = 0; kafka.history().size() < count && tries < 500; tries++) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(kafka.history()).hasSize(count);
    }

    private void awaitSpoolEmpty() throws InterruptedException {
        for (int tries = 0; spool.unacknowledged() > 0 && tries < 500; tries++) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(spool.unacknowledged()).isZero();
    }

    @Test
    void bufferedTakesAnEventAsSoonAsTheProducerHasItKeyedByAnonymousId() throws Exception {
        publisher(DeliveryMode.BUFFERED);
        CompletableFuture<Void> taken = publish("m1");

        assertThat(taken).isCompleted();
        assertThat(kafka.history()).hasSize(1);
        assertThat(kafka.history().get(0).key()).isEqualTo("anon-1");
        assertThat(kafka.history().get(0).topic()).isEqualTo("events.ingest.t");
        assertThat(EventJson.envelope(kafka.history().get(0).value()).messageId()).isEqualTo("m1");
        assertThat(kafka.completeNext()).isTrue(); // still pending when publish returned
    }

    @Test
    void bufferedSpoolsWhatKafkaRefusesLaterAndSendsItAgain() throws Exception {
        publisher(DeliveryMode.BUFFERED);
        publish("m3");
        kafka.errorNext(new KafkaException("broker gone"));
        for (int tries = 0; spool.unacknowledged() == 0 && tries < 500; tries++) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        assertThat(spool.unacknowledged()).as("the refused event waits in the spool").isEqualTo(1);

        publisher.start();
        awaitSent(2);
        assertThat(EventJson.envelope(kafka.history().get(1).value()).messageId()).isEqualTo("m3");
        assertThat(kafka.history().get(1).topic()).isEqualTo("events.ingest.t");
        kafka.completeNext();
        awaitSpoolEmpty();
    }

    @Test
    void bufferedStopsTakingEventsOnceKafkaRefusesAndTakesThemAgainOnceItAnswers() throws Exception {
        publisher(DeliveryMode.BUFFERED);
        publish("m4");
        kafka.errorNext(new KafkaException("broker gone"));

        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> publish("m5").get());
        assertThat(refused.getCause()).isInstanceOf(EventPublisher.Unavailable.class);
        assertThat(kafka.history()).as("a refused event is not handed to the producer").hasSize(1);

        publisher.start(); // the spooled m4 goes again, and Kafka acknowledges it
        awaitSent(2);
        kafka.completeNext();
        awaitSpoolEmpty();
        assertThat(publish("m6")).isCompleted();
    }

    @Test
    void durableTakesAnEventOnceItIsInTheSpoolAndRemovesItOnceKafkaHasIt() throws Exception {
        publisher(DeliveryMode.DURABLE);
        publish("m7").get(5, TimeUnit.SECONDS);
        assertThat(kafka.history()).as("nothing is sent before the forwarder runs").isEmpty();
        assertThat(spool.unacknowledged()).isEqualTo(1);

        publisher.start();
        awaitSent(1);
        assertThat(EventJson.envelope(kafka.history().get(0).value()).messageId()).isEqualTo("m7");
        kafka.completeNext();
        awaitSpoolEmpty();
    }

    @Test
    void durableRefusesWhatDoesNotFitInTheSpool() throws Exception {
        spool = Spool.open(dir.resolve("small"), 200, 4096);
        publisher = new EventPublisher(kafka, "events.ingest.t", "events.dlq.t", DeliveryMode.DURABLE, spool,
                Duration.ofSeconds(5));

        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> publish("m8").get(5, TimeUnit.SECONDS));
        assertThat(refused.getCause()).isInstanceOf(EventPublisher.Unavailable.class)
                .hasMessageContaining("spool is full");
    }

    @Test
    void deadLettersGoToTheDeadLetterTopicKeyedLikeTheirEvent() throws Exception {
        publisher(DeliveryMode.BUFFERED);
        DeadLetter letter = DeadLetter.ingest(DeadLetter.Reasons.SCHEMA_CONFLICT, "properties_price", "expected a number",
                "ws1", "src1", "m9", Instant.now(), EventJson.MAPPER.createObjectNode());
        publisher.publish(List.of(publisher.deadLetter(letter, "anon-1")));

        assertThat(kafka.history().get(0).topic()).isEqualTo("events.dlq.t");
        assertThat(kafka.history().get(0).key()).isEqualTo("anon-1");
        assertThat(EventJson.deadLetter(kafka.history().get(0).value()).messageId()).isEqualTo("m9");
    }

    @Test
    void stoppingClosesTheProducerAndKeepsWhatKafkaDidNotTakeForTheNextStart() throws Exception {
        publisher(DeliveryMode.DURABLE);
        publish("m10").get(5, TimeUnit.SECONDS);
        kafka.close(); // Kafka takes nothing from here on

        publisher.stop();

        assertThat(kafka.closed()).isTrue();
        try (Spool reopened = Spool.open(dir.resolve("spool"), 1 << 20, 64 * 1024)) {
            assertThat(reopened.unacknowledged()).isEqualTo(1);
            assertThat(reopened.takeUnsent(10)).extracting(entry -> entry.record().messageId()).containsExactly("m10");
        }
        spool = Spool.open(dir.resolve("other"), 1 << 20, 64 * 1024); // for close()
    }
}
