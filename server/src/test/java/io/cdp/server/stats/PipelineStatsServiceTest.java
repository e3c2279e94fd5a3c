package io.cdp.server.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.config.KafkaConfig;
import io.cdp.server.testing.TestServices;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the real Kafka broker, on topics and a consumer group of its own. */
class PipelineStatsServiceTest {
    private static KafkaConfig kafka;
    private static Admin admin;

    @BeforeAll
    static void setUp() {
        kafka = TestServices.kafkaConfig(TestServices.uniqueName("stats"));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @AfterAll
    static void tearDown() {
        admin.close();
    }

    @Test
    void countsMessagesPerTopicAndLagPerGroup() throws Exception {
        try (var producer = new KafkaProducer<String, byte[]>(io.cdp.server.kafka.KafkaClients.producer(kafka, "stats-test"))) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(kafka.topics().ingest(), "k" + i, new byte[] {1})).get();
            }
        }
        String group = TestServices.uniqueName("group");
        try (var consumer = new KafkaConsumer<String, byte[]>(io.cdp.server.kafka.KafkaClients.consumer(kafka, group, group))) {
            consumer.subscribe(List.of(kafka.topics().ingest()));
            int read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (read < 2 && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(300)).count();
            }
            // Commit only two messages' worth: the group is three behind.
            var assigned = consumer.assignment();
            var committed = new java.util.HashMap<org.apache.kafka.common.TopicPartition,
                    org.apache.kafka.clients.consumer.OffsetAndMetadata>();
            long left = 2;
            for (var partition : assigned) {
                long take = Math.min(left, consumer.endOffsets(List.of(partition)).get(partition));
                committed.put(partition, new org.apache.kafka.clients.consumer.OffsetAndMetadata(take));
                left -= take;
            }
            consumer.commitSync(committed);
        }

        PipelineSnapshot snapshot = new PipelineStatsService(admin, kafka, Clock.systemUTC()).snapshot();

        assertThat(snapshot.topics()).containsEntry(kafka.topics().ingest(), 5L)
                .containsEntry(kafka.topics().dlq(), 0L);
        assertThat(snapshot.lag()).containsKey(group);
        assertThat(snapshot.lag().get(group)).containsEntry(kafka.topics().ingest(), 3L);
    }
}
