package io.cdp.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdp.server.CdpConfiguration;
import io.cdp.server.event.EventEnvelope;
import io.cdp.server.event.EventJson;
import io.cdp.server.testing.NodeProject;
import io.cdp.server.testing.TestApp;
import io.cdp.server.testing.TestServices;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Segment's official Node.js library ({@code @segment/analytics-node}, pinned in
 * src/test/node/package-lock.json) pointed at the server with {@code host}: its track, identify,
 * page and group calls arrive on the ingest topic. It posts to {host}/v1/batch with Basic auth,
 * {@code writeKey} and {@code sentAt} in the body and {@code _metadata} on each event.
 * Skipped (with the reason) only when Node.js is not installed.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SegmentNodeClientTest {
    private static final TestApp TEST = TestApp.named("node");
    private static final DropwizardAppExtension<CdpConfiguration> APP = TEST.app();


    @Test
    void analyticsNodeEventsArriveOnTheIngestTopic() throws Exception {
        NodeProject.install("@segment/analytics-node");

        String key = IngestTestKit.createKey(APP.getLocalPort(), TEST.token(), TestServices.uniqueName("node"),
                Map.of());
        String runId = UUID.randomUUID().toString();
        String output = NodeProject.node("send-events.js", Map.of("CDP_HOST", "http://127.0.0.1:" + APP.getLocalPort(),
                "CDP_WRITE_KEY", key, "RUN_ID", runId), 60);

        assertThat(output).contains("HTTP 200");
        try (IngestTestKit.TopicReader topic =
                     new IngestTestKit.TopicReader(TestServices.KAFKA_BOOTSTRAP, TEST.topic("events.ingest"))) {
            for (String type : List.of("track", "identify", "page", "group")) {
                ConsumerRecord<String, byte[]> record = topic.awaitMessage(runId + "-" + type);
                EventEnvelope envelope = EventJson.envelope(record.value());
                assertThat(record.key()).isEqualTo("anon-" + runId);
                assertThat(envelope.type()).isEqualTo(type);
                assertThat(envelope.event().path("context").path("library").path("name").asText())
                        .isEqualTo("@segment/analytics-node");
                // The library sends no address; the server fills in the one the request came from.
                assertThat(envelope.event().at("/context/ip").asText()).isEqualTo("127.0.0.1");
                assertThat(envelope.event().has("sentAt")).isTrue();
                assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain(key);
            }
        }
    }
}
