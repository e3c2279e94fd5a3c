package io.cdp.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdp.server.event.EventJson;
import io.cdp.server.kafka.KafkaClients;
import io.cdp.server.config.KafkaConfig;
import io.cdp.server.testing.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Test helpers for the ingest API: HTTP calls to a running app (management and ingest) and a
 * reader of a Kafka topic that waits, up to a deadline, for the records a test expects.
 */
public final class IngestTestKit {
    public static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private IngestTestKit() {
    }


    /** A workspace (of {@code tier}, optional own limits) with one write key; answers the raw key. */
    public static String createKey(int port, String adminToken, String workspace, Map<String, Object> workspaceFields)
            throws Exception {
        return createKeyAnswer(port, adminToken, workspace, workspaceFields).get("key").asText();
    }

    /** Like {@link #createKey}, answering the management API's JSON (id, key, workspace_id, ...). */
    public static JsonNode createKeyAnswer(int port, String adminToken, String workspace,
                                           Map<String, Object> workspaceFields) throws Exception {
        Map<String, Object> body = new java.util.HashMap<>(workspaceFields);
        body.put("name", workspace);
        HttpResponse<String> created = post(port, "/api/v1/workspaces", EventJson.toBytes(body),
                "Authorization", "Bearer " + adminToken, "Content-Type", "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> key = post(port, "/api/v1/keys",
                EventJson.toBytes(Map.of("workspace", workspace, "source", "web", "create_source", true)),
                "Authorization", "Bearer " + adminToken, "Content-Type", "application/json");
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        return EventJson.MAPPER.readTree(key.body());
    }

    public static JsonNode json(HttpResponse<String> response) throws IOException {
        return EventJson.MAPPER.readTree(response.body());
    }

    public static HttpResponse<String> post(int port, String path, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs JSON with the key as HTTP Basic user name, as Segment's libraries do. */
    public static HttpResponse<String> send(int port, String path, String key, Object event)
            throws IOException, InterruptedException {
        return post(port, path, EventJson.toBytes(event), "Authorization", basic(key),
                "Content-Type", "application/json");
    }

    public static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }

    /**
     * Reads a topic from its beginning without a consumer group, keeping every record seen, so
     * several waits in one test class share one consumer. Not thread-safe.
     */
    public static final class TopicReader implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

        public TopicReader(String bootstrap, String topic) {
            KafkaConfig config = new KafkaConfig();
            Map<String, Object> properties = KafkaClients.consumer(config, "unused", "test-reader");
            properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
            properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            consumer = new KafkaConsumer<>(properties);
            List<TopicPartition> partitions = new ArrayList<>();
            Instant until = Instant.now().plus(DEADLINE);
            while (partitions.isEmpty() && Instant.now().isBefore(until)) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null) {
                    infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** The first record (seen so far or arriving before the deadline) that matches. */
        public ConsumerRecord<String, byte[]> await(Predicate<ConsumerRecord<String, byte[]>> wanted) {
            Instant until = Instant.now().plus(DEADLINE);
            while (true) {
                for (ConsumerRecord<String, byte[]> record : seen) {
                    if (wanted.test(record)) {
                        return record;
                    }
                }
                if (Instant.now().isAfter(until)) {
                    throw new AssertionError("no matching record within " + DEADLINE + " among " + seen.size());
                }
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
        }

        /** The record whose value carries {@code "message_id":"ID"} (an envelope or a dead letter). */
        public ConsumerRecord<String, byte[]> awaitMessage(String messageId) {
            return await(record -> messageIdOf(record).equals(messageId));
        }

        /** Every record seen so far with that message id. */
        public List<ConsumerRecord<String, byte[]>> seenWith(String messageId) {
            return seen.stream().filter(record -> messageIdOf(record).equals(messageId)).toList();
        }

        private static String messageIdOf(ConsumerRecord<String, byte[]> record) {
            return EventJson.tree(record.value()).path("message_id").asText();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
