package io.cdp.server.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.event.DeadLetter;
import io.cdp.server.dlq.DeadLetterProducer;
import io.cdp.server.error.AppError;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import java.time.Instant;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EventPublisherTest {
    private final MockProducer<String, byte[]> kafka =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final EventPublisher publisher =
            new EventPublisher(kafka, "events.ingest.t", new DeadLetterProducer(kafka, "events.dlq.t"));

    private static EventEnvelope envelope(String messageId) {
        ObjectNode event = EventJson.MAPPER.createObjectNode().put("anonymousId", "anon-1").put("userId", "u1");
        return EventEnvelope.ingested("ws1", "src1", messageId, "track", Instant.parse("2026-11-26T12:00:00Z"), event);
    }

    @Test
    void publishesKeyedByAnonymousIdWithoutWaitingForTheAck() throws Exception {
        publisher.publish(envelope("m1"));
        assertThat(kafka.history()).hasSize(1);
        assertThat(kafka.history().get(0).key()).isEqualTo("anon-1");
        assertThat(kafka.history().get(0).topic()).isEqualTo("events.ingest.t");
        assertThat(EventJson.envelope(kafka.history().get(0).value()).messageId()).isEqualTo("m1");
        assertThat(kafka.completeNext()).isTrue(); // still pending when publish returned
    }

    @Test
    void stoppingFlushesWhatIsBufferedThenCloses() {
        publisher.publish(envelope("m1"));
        publisher.publish(envelope("m2"));
        publisher.stop();
        assertThat(kafka.flushed()).isTrue();
        assertThat(kafka.closed()).isTrue();
        assertThat(kafka.completeNext()).isFalse(); // nothing left pending: flush completed both sends
    }

    @Test
    void aLaterFailureWritesADeadLetter() throws Exception {
        publisher.publish(envelope("m3"));
        kafka.errorNext(new KafkaException("broker gone"));
        assertThat(kafka.history()).hasSize(2);
        DeadLetter letter = EventJson.deadLetter(kafka.history().get(1).value());
        assertThat(kafka.history().get(1).topic()).isEqualTo("events.dlq.t");
        assertThat(letter.reason()).isEqualTo(DeadLetter.Reasons.WRITE_FAILED);
        assertThat(letter.messageId()).isEqualTo("m3");
        assertThat(letter.error()).contains("broker gone");
    }

    @Test
    void aProducerThatRefusesAtOnceIsA503() {
        kafka.close();
        assertThatThrownBy(() -> publisher.publish(envelope("m4")))
                .isInstanceOfSatisfying(AppError.class, error -> {
                    assertThat(error.status()).isEqualTo(503);
                    assertThat(error.retryable()).isTrue();
                });
    }
}
