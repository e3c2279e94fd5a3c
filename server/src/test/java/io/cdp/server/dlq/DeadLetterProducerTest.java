package io.cdp.server.dlq;

import io.cdp.server.event.DeadLetter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.event.EventJson;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DeadLetterProducerTest {
    private final MockProducer<String, byte[]> kafka =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final DeadLetterProducer deadLetters = new DeadLetterProducer(kafka, "events.dlq.test");

    private static DeadLetter letter() {
        ObjectNode payload = EventJson.MAPPER.createObjectNode().put("event", "Signed Up");
        return new DeadLetter(DeadLetter.Stage.INGEST, DeadLetter.Reasons.SCHEMA_CONFLICT, "properties_price",
                "expected int, got string", null, null, "ws1", "src1", "m1", Instant.parse("2026-11-26T05:00:00Z"),
                0, payload);
    }

    @Test
    void writesTheLetterAsJsonUnderTheEventKeyAndCompletesOnAck() throws Exception {
        var acked = deadLetters.send(letter(), "anon-1");
        assertThat(acked).isNotDone();
        kafka.completeNext();

        assertThat(acked.join().topic()).isEqualTo("events.dlq.test");
        var record = kafka.history().get(0);
        assertThat(record.key()).isEqualTo("anon-1");
        DeadLetter read = EventJson.deadLetter(record.value());
        assertThat(read).isEqualTo(letter());
        assertThat(new String(record.value())).contains("\"stage\":\"ingest\"", "\"field\":\"properties_price\"");
    }

    @Test
    void failsTheFutureWhenKafkaRefuses() {
        var acked = deadLetters.send(letter(), "anon-1");
        kafka.errorNext(new RuntimeException("broker down"));
        assertThatThrownBy(acked::join).isInstanceOf(CompletionException.class).hasMessageContaining("broker down");
    }

    @Test
    void stacksAreCut() {
        Exception deep = new Exception("x".repeat(10_000));
        assertThat(DeadLetterProducer.stackOf(deep).length()).isLessThan(4100);
    }
}
