package io.cdp.cli.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdp.server.dlq.DeadLetterProducer;
import io.cdp.server.event.DeadLetter;
import io.cdp.server.event.EventJson;
import io.cdp.server.kafka.KafkaClients;
import io.cdp.server.testing.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/** What the console's tests do to the test broker: write a dead letter, count a topic's messages. */
public final class ConsoleTestKit {
    private ConsoleTestKit() {
    }

    /**
     * Writes a rotor {@code function_error} letter whose event has {@code properties.total} as a
     * string (what a fixed function turns into a number) to the dead-letter topic of {@code suffix}.
     */
    public static void writeFunctionErrorLetter(String suffix, String messageId, String total) throws Exception {
        var kafka = TestServices.kafkaConfig(suffix);
        try (var producer = new KafkaProducer<String, byte[]>(KafkaClients.producer(kafka, "console-test"))) {
            ObjectNode raw = EventJson.MAPPER.createObjectNode().put("type", "track").put("event", "Order Completed")
                    .put("messageId", messageId).put("anonymousId", "a-9");
            raw.putObject("properties").put("total", total);
            new DeadLetterProducer(producer, kafka.topics().dlq()).send(new DeadLetter(DeadLetter.Stage.ROTOR,
                    DeadLetter.Reasons.FUNCTION_ERROR, null, "total is not a number", null, null, "ws_x", "src_x",
                    messageId, Instant.now(), 0, raw), "a-9").join();
        }
    }

    /** How many messages the topic has received in all (the sum of its partitions' end offsets). */
    public static long endOffset(String suffix, String topic) {
        Map<String, Object> properties = KafkaClients.consumer(TestServices.kafkaConfig(suffix), "x", "end-offsets");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (var consumer = new KafkaConsumer<String, byte[]>(properties)) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (partitions == null) {
                return 0;
            }
            return consumer.endOffsets(partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList())
                    .values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
